import { describe, expect, it } from 'vitest';
import { compileCondition } from '../../../src/eval/conditions/index.js';
import { MAX_REGEX_SUBJECT } from '../../../src/eval/conditions/regex.js';
import { itEvaluates } from './cases.js';

describe('$regex / $regexi', () => {
  itEvaluates([
    {
      name: 'unanchored match',
      when: { email: { $regex: 'acme' } },
      attributes: { email: 'ann@acme.com' },
      expected: true,
    },
    {
      name: 'anchored match',
      when: { email: { $regex: '@acme\\.com$' } },
      attributes: { email: 'ann@acme.com' },
      expected: true,
    },
    {
      name: 'anchored miss',
      when: { email: { $regex: '@acme\\.com$' } },
      attributes: { email: 'ann@acme.com.evil' },
      expected: false,
    },
    { name: 'case-sensitive', when: { ua: { $regex: 'iphone' } }, attributes: { ua: 'Apple iPhone' }, expected: false },
    {
      name: '$regexi ignores case',
      when: { ua: { $regexi: 'iphone' } },
      attributes: { ua: 'Apple iPhone' },
      expected: true,
    },
    { name: '$regexi miss', when: { ua: { $regexi: 'android' } }, attributes: { ua: 'Apple iPhone' }, expected: false },
    {
      name: 'numbers are matched as text',
      when: { zip: { $regex: '^94' } },
      attributes: { zip: 94105 },
      expected: true,
    },
    { name: 'missing reads as "null"', when: { x: { $regex: '^null$' } }, attributes: {}, expected: true },
    { name: 'invalid pattern is false', when: { x: { $regex: '([a-' } }, attributes: { x: '([a-' }, expected: false },
    {
      name: 'invalid pattern under $not is true',
      when: { x: { $not: { $regex: '(' } } },
      attributes: { x: 'a' },
      expected: true,
    },
    { name: 'pattern not a string', when: { x: { $regex: 5 } }, attributes: { x: '5' }, expected: false },
    { name: 'symbol attribute fails', when: { x: { $regex: 'S' } }, attributes: { x: Symbol('S') }, expected: false },
  ]);
});

describe('a compiled regex keeps no state between calls', () => {
  it('gives the same answer on every call', () => {
    const matches = compileCondition({ x: { $regex: 'a' } });
    const answers = Array.from({ length: 5 }, () => matches({ x: 'a' }));
    expect(answers).toEqual([true, true, true, true, true]);
  });
});

describe('the text a regex tests is at most MAX_REGEX_SUBJECT characters', () => {
  it('tests text up to the limit and refuses longer text, whatever the pattern', () => {
    const spaces = compileCondition({ v: { $regex: '^\\s+$' } });
    expect(spaces({ v: ' '.repeat(MAX_REGEX_SUBJECT) })).toBe(true);
    expect(spaces({ v: ' '.repeat(MAX_REGEX_SUBJECT + 1) })).toBe(false);
    // Measured after conversion: an array's text, an object's toString.
    expect(compileCondition({ v: { $regex: 'a' } })({ v: ['a'.repeat(MAX_REGEX_SUBJECT)] })).toBe(true);
    expect(compileCondition({ v: { $regex: 'a' } })({ v: ['a'.repeat(MAX_REGEX_SUBJECT), 'b'] })).toBe(false);
    expect(compileCondition({ v: { $regex: 'a' } })({ v: { toString: () => 'a'.repeat(MAX_REGEX_SUBJECT + 1) } })).toBe(
      false,
    );
    // Refused text is a false operator, so $not of it is true.
    expect(compileCondition({ v: { $not: { $regex: '^bot' } } })({ v: 'bot'.repeat(MAX_REGEX_SUBJECT) })).toBe(true);
  });

  it('still converts like test() did: a Symbol fails the condition, a missing attribute is "null"', () => {
    expect(compileCondition({ v: { $not: { $regex: 'x' } } })({ v: Symbol('x') })).toBe(false);
    expect(compileCondition({ v: { $regex: '^null$' } })({})).toBe(true);
  });

  it('answers at once for 100,000 characters a backtracking pattern would take seconds on', () => {
    // `\s+$` is accepted by parseRuleset; compiled as given here (no validator), as trusted rulesets are.
    const test = compileCondition({ v: { $regex: '\\s+$' } });
    const started = performance.now();
    expect(test({ v: `${' '.repeat(100_000)}x` })).toBe(false);
    expect(performance.now() - started).toBeLessThan(50);
  });
});
