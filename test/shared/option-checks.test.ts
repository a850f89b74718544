import { describe, expect, it } from 'vitest';
import { ConfigError, type ValidationIssue } from '../../src/errors/index.js';
import {
  arrayOf,
  checkOptions,
  fn,
  integer,
  is,
  methods,
  nonEmpty,
  number,
  oneOf,
  orLiteral,
  recordOf,
  shape,
  typed,
  withDefaults,
  type Check,
} from '../../src/shared/option-checks.js';

function issues(check: Check, value: unknown): ValidationIssue[] {
  const found: ValidationIssue[] = [];
  check(value, '', found);
  return found;
}

describe('option checks', () => {
  it('word each rule as "expected …"', () => {
    expect(issues(fn, 1)).toEqual([{ path: '', message: 'expected a function' }]);
    expect(issues(typed('boolean'), 'yes')).toEqual([{ path: '', message: 'expected a boolean' }]);
    expect(issues(nonEmpty, '')).toEqual([{ path: '', message: 'expected a non-empty string' }]);
    expect(issues(integer(1), 1.5)).toEqual([{ path: '', message: 'expected an integer >= 1' }]);
    expect(issues(number(1, 10), 11)).toEqual([{ path: '', message: 'expected a number in [1, 10]' }]);
    expect(issues(number(0), Infinity)).toEqual([{ path: '', message: 'expected a finite number >= 0' }]);
    expect(issues(oneOf('Lax', 'None'), 'lax')).toEqual([{ path: '', message: 'expected "Lax" or "None"' }]);
    expect(
      issues(
        is((value) => value === 42, 'the answer'),
        41,
      ),
    ).toEqual([{ path: '', message: 'expected the answer' }]);
  });

  it('accept what they describe', () => {
    for (const [check, value] of [
      [fn, () => {}],
      [integer(0), 0],
      [number(1, 10), 10],
      [number(0), 0],
      [oneOf('a', 'b'), 'b'],
      [nonEmpty, 'x'],
    ] as const) {
      expect(issues(check, value)).toEqual([]);
    }
    // Comparisons with NaN are false: it is refused like the infinities.
    expect(issues(number(0), Number.NaN)).toHaveLength(1);
    expect(issues(integer(1), '3')).toHaveLength(1);
  });

  it('name every problem of a nested object by its exact path', () => {
    const check = shape({
      a: shape({ b: integer(1), list: arrayOf(nonEmpty) }),
      names: recordOf(typed('string')),
      either: orLiteral(false, fn),
    });
    expect(
      issues(check, { a: { b: 0, list: ['x', ''] }, names: { 'new checkout': 1, ok: 'y' }, either: false, extra: 1 }),
    ).toEqual([
      { path: 'a.b', message: 'expected an integer >= 1' },
      { path: 'a.list[1]', message: 'expected a non-empty string' },
      { path: 'names["new checkout"]', message: 'expected a string' },
      { path: 'extra', message: 'unknown key "extra"' },
    ]);
    expect(issues(check, { either: 'no' })).toEqual([{ path: 'either', message: 'expected a function' }]);
    expect(issues(check, { a: [], names: 'x' })).toEqual([
      { path: 'a', message: 'expected an object' },
      { path: 'names', message: 'expected an object' },
    ]);
    expect(issues(shape({ list: arrayOf(fn) }), { list: {} })).toEqual([
      { path: 'list', message: 'expected an array' },
    ]);
  });

  it('skip absent and undefined fields unless required; loose shapes allow other keys', () => {
    const check = shape({ need: fn, maybe: fn }, false, ['need']);
    expect(issues(check, { maybe: undefined, other: 1 })).toEqual([{ path: 'need', message: 'expected a function' }]);
    expect(issues(methods(['get', 'set']), { get: () => {} })).toEqual([]);
    expect(issues(methods(['get', 'set'], true), { get: () => {} })).toEqual([
      { path: 'set', message: 'expected a function' },
    ]);
    expect(issues(methods(['get']), { get: 1 })).toEqual([{ path: 'get', message: 'expected a function' }]);
  });

  it('checkOptions throws one ConfigError (INVALID_OPTIONS) listing every problem under its subject', () => {
    expect(() => checkOptions(shape({ a: fn }), { a: 1 }, 'widget options')).toThrow(ConfigError);
    let caught: unknown;
    try {
      checkOptions(shape({ a: fn, b: fn }), { a: 1, b: 2 }, 'widget options');
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({
      code: 'INVALID_OPTIONS',
      message: 'Invalid widget options:\na: expected a function\nb: expected a function',
    });
    expect(() => checkOptions(shape({ a: fn }), { a: () => {} }, 'widget options')).not.toThrow();
    expect(() => checkOptions(shape({}), undefined, 'widget options')).toThrow(/expected an object/);
  });

  it('withDefaults puts every set option over the defaults, leaving the inputs alone', () => {
    const defaults = { a: 1, b: 2 };
    const options = { a: undefined, b: 3, c: 4 };
    expect(withDefaults(defaults, options)).toEqual({ a: 1, b: 3, c: 4 });
    expect(withDefaults(defaults, undefined)).toEqual({ a: 1, b: 2 });
    expect(defaults).toEqual({ a: 1, b: 2 });
  });
});
