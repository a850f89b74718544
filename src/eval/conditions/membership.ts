/**
 * Membership: `$in $nin $ini $nini` against a list in the condition, and
 * `$inGroup $notInGroup` against a saved group. Lists become Sets at compile
 * time (Set lookup is strict equality, except that NaN equals NaN). An array
 * attribute is a member when any of its elements is (the lists intersect).
 */
import { alwaysFalse, negate } from './combine.js';
import type { OperatorCompiler, SavedGroups, ValueTest } from './types.js';

function fold(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

function isMember(members: ReadonlySet<unknown>): ValueTest {
  return (value) => {
    if (!Array.isArray(value)) return members.has(value);
    for (let i = 0; i < value.length; i++) if (members.has(value[i])) return true;
    return false;
  };
}

function isMemberIgnoringCase(members: ReadonlySet<unknown>): ValueTest {
  return (value) => {
    if (!Array.isArray(value)) return members.has(fold(value));
    for (let i = 0; i < value.length; i++) if (members.has(fold(value[i]))) return true;
    return false;
  };
}

/** A membership test for a list operand; a non-array operand is malformed and matches nothing. */
function inList(operand: unknown, ignoreCase: boolean): ValueTest {
  if (!Array.isArray(operand)) return alwaysFalse;
  return ignoreCase ? isMemberIgnoringCase(new Set(operand.map(fold))) : isMember(new Set(operand));
}

// A malformed operand stays false under the negated operators instead of matching everyone.
function negateUnlessMalformed(test: ValueTest): ValueTest {
  return test === alwaysFalse ? alwaysFalse : negate(test);
}

/**
 * The members of a saved group: an unknown id is an empty group; a known id
 * whose entry is not a list (or an id that is not a string) gives undefined,
 * which both group operators treat as "matches nobody".
 */
export function groupMembers(groups: SavedGroups, id: unknown): readonly unknown[] | undefined {
  if (typeof id !== 'string') return undefined;
  if (!Object.hasOwn(groups, id)) return [];
  const members: unknown = groups[id];
  return Array.isArray(members) ? members : undefined;
}

/** `$in $nin $ini $nini $inGroup $notInGroup`. */
export const membershipOperators = {
  $in: (operand) => inList(operand, false),
  $nin: (operand) => negateUnlessMalformed(inList(operand, false)),
  $ini: (operand) => inList(operand, true),
  $nini: (operand) => negateUnlessMalformed(inList(operand, true)),
  $inGroup: (operand, compiler) => {
    const members = groupMembers(compiler.groups, operand);
    return members ? isMember(new Set(members)) : alwaysFalse;
  },
  $notInGroup: (operand, compiler) => {
    const members = groupMembers(compiler.groups, operand);
    return members ? negate(isMember(new Set(members))) : alwaysFalse;
  },
} satisfies Record<string, OperatorCompiler>;
