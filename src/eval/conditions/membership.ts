/**
 * Membership: `$in $nin $ini $nini` against a list in the condition, and
 * `$inGroup $notInGroup` against a saved group. Lists become Sets at compile
 * time (Set lookup is strict equality, except that NaN equals NaN). An array
 * attribute is a member when any of its elements is (the lists intersect).
 * A list that is not an array is malformed and matches nothing, negated or not.
 */
import { alwaysFalse, negate } from './combine.js';
import type { OperatorCompiler, SavedGroups, ValueTest } from './types.js';

/** `$in`: the value, or an element of an array value, is one of `list`. */
function inList(list: unknown): ValueTest {
  if (!Array.isArray(list)) return alwaysFalse;
  const members = new Set(list);
  return (value) => {
    if (!Array.isArray(value)) return members.has(value);
    for (let i = 0; i < value.length; i++) if (members.has(value[i])) return true;
    return false;
  };
}

function fold(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

/** `$ini`: as {@link inList}, ignoring case for strings on both sides. A separate loop, so that `$in` does not pay for folding. */
function inListIgnoringCase(list: unknown): ValueTest {
  if (!Array.isArray(list)) return alwaysFalse;
  const members = new Set(list.map(fold));
  return (value) => {
    if (!Array.isArray(value)) return members.has(fold(value));
    for (let i = 0; i < value.length; i++) if (members.has(fold(value[i]))) return true;
    return false;
  };
}

/** Negates a membership test, except that a malformed list stays false instead of matching everyone. */
function notIn(test: ValueTest): ValueTest {
  return test === alwaysFalse ? alwaysFalse : negate(test);
}

/**
 * The members of a saved group: an unknown id is an empty group; an id that is
 * not a string gives undefined, which, like a known entry that is not a list,
 * matches nobody under both group operators.
 */
function groupMembers(groups: SavedGroups, id: unknown): unknown {
  if (typeof id !== 'string') return undefined;
  return Object.hasOwn(groups, id) ? groups[id] : [];
}

/** `$in $nin $ini $nini $inGroup $notInGroup`. */
export const membershipOperators = {
  $in: inList,
  $nin: (operand) => notIn(inList(operand)),
  $ini: inListIgnoringCase,
  $nini: (operand) => notIn(inListIgnoringCase(operand)),
  $inGroup: (operand, compiler) => inList(groupMembers(compiler.groups, operand)),
  $notInGroup: (operand, compiler) => notIn(inList(groupMembers(compiler.groups, operand))),
} satisfies Record<string, OperatorCompiler>;
