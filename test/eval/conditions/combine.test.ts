import { describe, expect, it } from 'vitest';
import { allOf, alwaysFalse, alwaysTrue, anyOf, negate } from '../../../src/eval/conditions/combine.js';
import type { ValueTest } from '../../../src/eval/conditions/types.js';

/** Tests that answer fixed results and record the order in which they ran. */
function recorder(...answers: boolean[]): { tests: ValueTest[]; calls: number[] } {
  const calls: number[] = [];
  const tests = answers.map(
    (answer, index): ValueTest =>
      () => {
        calls.push(index);
        return answer;
      },
  );
  return { tests, calls };
}

const throwing: ValueTest = () => {
  throw new Error('hostile');
};

describe('allOf', () => {
  it('folds constants: no tests or only true ones pass, any false one fails', () => {
    expect(allOf([])).toBe(alwaysTrue);
    expect(allOf([alwaysTrue, alwaysTrue])).toBe(alwaysTrue);
    expect(allOf([throwing, alwaysFalse])).toBe(alwaysFalse);
  });

  it('returns a single live test itself', () => {
    const { tests } = recorder(true);
    expect(allOf([alwaysTrue, tests[0] as ValueTest, alwaysTrue])).toBe(tests[0]);
  });
});

describe('anyOf', () => {
  it('passes for no tests (an empty $or) but fails when every test is constant false', () => {
    expect(anyOf([])).toBe(alwaysTrue);
    expect(anyOf([alwaysFalse, alwaysFalse])).toBe(alwaysFalse);
  });

  it('folds to constant true only when a constant true is the first live test', () => {
    expect(anyOf([alwaysFalse, alwaysTrue, throwing])).toBe(alwaysTrue);
    const later = anyOf([throwing, alwaysTrue]);
    expect(later).not.toBe(alwaysTrue);
    // The test before the constant still runs, so a throw there still reaches the caller.
    expect(() => later(0)).toThrow('hostile');
  });

  it('never runs the tests after a constant true', () => {
    const { tests, calls } = recorder(false, false);
    expect(anyOf([tests[0] as ValueTest, alwaysTrue, tests[1] as ValueTest])(0)).toBe(true);
    expect(calls).toEqual([0]);
  });

  it('returns a single live test itself', () => {
    const { tests } = recorder(true);
    expect(anyOf([alwaysFalse, tests[0] as ValueTest])).toBe(tests[0]);
  });
});

// allOf stops at the first failure, anyOf at the first success: the same walk with the answers inverted.
describe.each([
  { join: allOf, name: 'allOf', stopsAt: false },
  { join: anyOf, name: 'anyOf', stopsAt: true },
])('$name over several tests', ({ join, stopsAt }) => {
  it.each([2, 3, 5])(
    'with %i tests runs them all in order when none decides, and stops at the second when it does',
    (count) => {
      const none = recorder(...Array<boolean>(count).fill(!stopsAt));
      expect(join(none.tests)(0)).toBe(!stopsAt);
      expect(none.calls).toEqual([...Array(count).keys()]);

      const second = recorder(...Array<boolean>(count).fill(!stopsAt).fill(stopsAt, 1, 2));
      expect(join(second.tests)(0)).toBe(stopsAt);
      expect(second.calls).toEqual([0, 1]);
    },
  );
});

describe('negate', () => {
  it('swaps the constants and inverts any other test', () => {
    expect(negate(alwaysTrue)).toBe(alwaysFalse);
    expect(negate(alwaysFalse)).toBe(alwaysTrue);
    expect(negate((value) => value === 1)(1)).toBe(false);
    expect(negate((value) => value === 1)(2)).toBe(true);
  });
});
