/**
 * Constant tests and the combinators that join tests. Compilers return the
 * shared constants so callers can recognise (and fold) them by identity.
 */
import type { ValueTest } from './types.js';

/** A test that always passes. */
export const alwaysTrue: ValueTest = () => true;

/** A test that always fails; what malformed parts of a condition compile to. */
export const alwaysFalse: ValueTest = () => false;

/** True for a non-null object that is not an array (the shape of a condition object). */
export function isPlainObject(value: unknown): value is { readonly [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Passes when every test passes, checked in order and stopping at the first failure. */
export function allOf(tests: readonly ValueTest[]): ValueTest {
  // A false part makes the whole false whatever the others do (a throw would give false too).
  if (tests.includes(alwaysFalse)) return alwaysFalse;
  const live = tests.filter((test) => test !== alwaysTrue);
  const [first, second] = live;
  if (first === undefined) return alwaysTrue;
  if (second === undefined) return first;
  if (live.length === 2) return (value) => first(value) && second(value);
  return (value) => {
    for (let i = 0; i < live.length; i++) if (!(live[i] as ValueTest)(value)) return false;
    return true;
  };
}

/** Passes when any test passes, checked in order and stopping at the first success. False for no tests. */
export function anyOf(tests: readonly ValueTest[]): ValueTest {
  const live: ValueTest[] = [];
  for (const test of tests) {
    // A leading constant true decides; a later one must still wait for the tests before it,
    // because one of those may throw on a hostile value, and a throw means false.
    if (test === alwaysTrue) {
      if (live.length === 0) return alwaysTrue;
      live.push(test);
      break;
    }
    if (test !== alwaysFalse) live.push(test);
  }
  const [first, second] = live;
  if (first === undefined) return alwaysFalse;
  if (second === undefined) return first;
  return (value) => {
    for (let i = 0; i < live.length; i++) if ((live[i] as ValueTest)(value)) return true;
    return false;
  };
}

/** Passes when the test fails. */
export function negate(test: ValueTest): ValueTest {
  if (test === alwaysTrue) return alwaysFalse;
  if (test === alwaysFalse) return alwaysTrue;
  return (value) => !test(value);
}
