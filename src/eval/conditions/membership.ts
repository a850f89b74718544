/**
 * Membership: `$in $nin $ini $nini` against a list in the condition, and
 * `$inGroup $notInGroup` against a saved group. Lists become Sets at compile
 * time (Set lookup is strict equality, except that NaN equals NaN). An array
 * attribute is a member when any of its elements is (the lists intersect).
 * A list that is not an array is malformed and matches nothing, negated or not.
 */
import { alwaysFalse, someElement } from './combine.js';
import type { OperatorCompiler, SavedGroups, ValueTest } from './types.js';

function fold(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

/**
 * `$in`: the value, or an element of an array value, is one of `list`;
 * `ignoreCase` folds strings on both sides (`$ini`), `negated` turns it into
 * `$nin` / `$nini`. A malformed list stays false either way.
 */
function membership(list: unknown, ignoreCase: boolean, negated: boolean): ValueTest {
  if (!Array.isArray(list)) return alwaysFalse;
  const members = new Set(ignoreCase ? list.map(fold) : list);
  const isMember = (item: unknown) => members.has(ignoreCase ? fold(item) : item);
  const hasMember = someElement(isMember);
  return (value) => (Array.isArray(value) ? hasMember(value) : isMember(value)) !== negated;
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
  $in: (operand) => membership(operand, false, false),
  $nin: (operand) => membership(operand, false, true),
  $ini: (operand) => membership(operand, true, false),
  $nini: (operand) => membership(operand, true, true),
  $inGroup: (operand, compiler) => membership(groupMembers(compiler._savedGroups, operand), false, false),
  $notInGroup: (operand, compiler) => membership(groupMembers(compiler._savedGroups, operand), false, true),
} satisfies Record<string, OperatorCompiler>;
