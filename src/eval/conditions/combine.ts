/**
 * Constant tests and the combinators that join tests. Compilers return the
 * shared constants so callers can recognise (and fold) them by identity.
 */
import type { ValueTest } from './types.js';

// Part of the condition language, which the validator shares.
export { isPlainObject } from '../../ruleset/operator-object.js';

/** A test that always passes. */
export const alwaysTrue: ValueTest = () => true;

/** A test that always fails; what malformed parts of a condition compile to. */
export const alwaysFalse: ValueTest = () => false;

/**
 * Runs `tests` in order until one returns `stop`, and then returns `stop`;
 * returns `!stop` when none does (also for no tests). One or two tests are
 * joined without a loop: most condition objects have one or two keys, and the
 * loop is measurably slower on that hot path.
 */
function join(tests: readonly ValueTest[], stop: boolean): ValueTest {
  const [first, second] = tests;
  if (first === undefined) return stop ? alwaysFalse : alwaysTrue;
  if (second === undefined) return first;
  if (tests.length === 2)
    return stop ? (value) => first(value) || second(value) : (value) => first(value) && second(value);
  return (value) => {
    for (let i = 0; i < tests.length; i++) if ((tests[i] as ValueTest)(value) === stop) return stop;
    return !stop;
  };
}

/** Passes when every test passes, checked in order and stopping at the first failure. */
export function allOf(tests: readonly ValueTest[]): ValueTest {
  // A false part makes the whole false whatever the others do (a throw would give false too).
  return tests.includes(alwaysFalse)
    ? alwaysFalse
    : join(
        tests.filter((test) => test !== alwaysTrue),
        false,
      );
}

/**
 * Passes when any test passes, checked in order and stopping at the first
 * success. True for no tests (an empty `$or` passes), false when every test is
 * {@link alwaysFalse}.
 */
export function anyOf(tests: readonly ValueTest[]): ValueTest {
  if (tests.length === 0) return alwaysTrue;
  const live = tests.filter((test) => test !== alwaysFalse);
  // A constant true decides only when it comes first: a test before it may throw on a
  // hostile value, and a throw means false. (Tests after it never run.)
  return live[0] === alwaysTrue ? alwaysTrue : join(live, true);
}

/** Passes for an array with an element that passes `test`; fails for anything else. */
export function someElement(test: ValueTest): ValueTest {
  return (value) => {
    if (!Array.isArray(value)) return false;
    for (let i = 0; i < value.length; i++) if (test(value[i])) return true;
    return false;
  };
}

/** Passes when the test fails. */
export function negate(test: ValueTest): ValueTest {
  if (test === alwaysTrue) return alwaysFalse;
  if (test === alwaysFalse) return alwaysTrue;
  return (value) => !test(value);
}
