import { describe, expect, it } from 'vitest';
import { compileCondition } from '../../../src/eval/conditions/index.js';
import { itEvaluates } from './cases.js';

describe('$regex / $regexi', () => {
  itEvaluates([
    { name: 'unanchored match', when: { email: { $regex: 'acme' } }, attributes: { email: 'ann@acme.com' }, expected: true },
    { name: 'anchored match', when: { email: { $regex: '@acme\\.com$' } }, attributes: { email: 'ann@acme.com' }, expected: true },
    { name: 'anchored miss', when: { email: { $regex: '@acme\\.com$' } }, attributes: { email: 'ann@acme.com.evil' }, expected: false },
    { name: 'case-sensitive', when: { ua: { $regex: 'iphone' } }, attributes: { ua: 'Apple iPhone' }, expected: false },
    { name: '$regexi ignores case', when: { ua: { $regexi: 'iphone' } }, attributes: { ua: 'Apple iPhone' }, expected: true },
    { name: '$regexi miss', when: { ua: { $regexi: 'android' } }, attributes: { ua: 'Apple iPhone' }, expected: false },
    { name: 'numbers are matched as text', when: { zip: { $regex: '^94' } }, attributes: { zip: 94105 }, expected: true },
    { name: 'missing reads as "null"', when: { x: { $regex: '^null$' } }, attributes: {}, expected: true },
    { name: 'invalid pattern is false', when: { x: { $regex: '([a-' } }, attributes: { x: '([a-' }, expected: false },
    { name: 'invalid pattern under $not is true', when: { x: { $not: { $regex: '(' } } }, attributes: { x: 'a' }, expected: true },
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
