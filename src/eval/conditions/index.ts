/**
 * splitkit's targeting-condition engine: MongoDB-style conditions in
 * GrowthBook's condition language (see docs/conditions.md).
 *
 * @example
 * ```ts
 * const isStaff = compileCondition({ email: { $regex: '@acme\\.com$' }, country: { $in: ['US', 'CA'] } });
 * isStaff({ email: 'ann@acme.com', country: 'US' }); // true
 * ```
 */
// The order of these imports is on purpose: bundlers lay modules out in import order, and this order gzips
// the lite bundle (a) smallest without growing (b) (`npm run size`). Measure before reordering.
import type { Condition } from '../../ruleset/types.js';
import { createCompiler } from './compiler.js';
import { alwaysFalse, alwaysTrue } from './combine.js';
import type { Attributes, ConditionFn, SavedGroups, ValueTest } from './types.js';

export type { Attributes, ConditionFn, SavedGroups } from './types.js';

/**
 * Precompiles a condition once (paths split, regexes built, `$in` lists turned
 * into Sets, version strings padded). Groups are bound at compile time.
 * Never throws: a malformed condition compiles to a function returning false,
 * and the returned function returns false when evaluating throws (cyclic
 * objects, throwing getters, Symbols, revoked proxies, …).
 */
export function compileCondition(condition: Condition, groups?: SavedGroups): ConditionFn {
  let test: ValueTest;
  try {
    test = createCompiler(groups ?? {})._compileObject(condition);
  } catch {
    return alwaysFalse;
  }
  if (test === alwaysFalse || test === alwaysTrue) return test;
  return (attributes) => {
    try {
      return test(attributes);
    } catch {
      return false;
    }
  };
}

/** One-shot evaluation of a condition against attributes; never throws. Prefer {@link compileCondition} on hot paths. */
export function evalCondition(condition: Condition, attributes: Attributes, groups?: SavedGroups): boolean {
  return compileCondition(condition, groups)(attributes);
}
