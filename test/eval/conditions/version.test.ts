import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evalCondition } from '../../../src/eval/conditions/index.js';
import { paddedVersion } from '../../../src/eval/conditions/version.js';
import { paddedVersionString as oracle } from '@growthbook/growthbook';
import { itEvaluates } from './cases.js';

// The oracle for the padding and for the six operators is GrowthBook's own padding (a devDependency), the
// behaviour these operators promise to match: not a restatement of ours.

function order(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

describe('padded form', () => {
  it.each([
    ['1.2.3', '    1-    2-    3-~'],
    ['v1.2.3+build.7', '    1-    2-    3-~'],
    ['1.0.0-rc.1', '    1-    0-    0-rc-    1'],
    ['1-2-3', '    1-    2-    3-~'],
    ['123456.1', '123456-    1'],
    ['', '    0'],
    ['v', ''],
    ['+b', ''],
    ['1..2', '    1--    2-~'],
  ])('%j -> %j', (version, padded) => {
    expect(paddedVersion(version)).toBe(padded);
    expect(oracle(version)).toBe(padded);
  });

  it('treats numbers as their decimal text and anything else as "0"', () => {
    expect(paddedVersion(2)).toBe('    2');
    expect(paddedVersion(null)).toBe('    0');
    expect(paddedVersion({})).toBe('    0');
  });

  it('keeps a "+" followed by a line break, as the one-line suffix rule says', () => {
    expect(paddedVersion('1+a\nb')).toBe('1+a\nb');
    expect(paddedVersion('1+a\nb+c')).toBe('1+a\nb');
    expect(oracle('1+a\nb+c')).toBe('1+a\nb');
  });
});

describe('the operators compare padded forms as strings', () => {
  const part = fc.oneof(
    fc.nat({ max: 120_000 }).map(String),
    fc.constantFrom('rc', 'alpha', 'beta', 'R2', 'x', '', '~', '0'),
  );
  const sep = fc.constantFrom('.', '-');
  const structured = fc
    .tuple(fc.boolean(), fc.array(fc.tuple(sep, part), { maxLength: 6 }), part, fc.option(fc.string({ maxLength: 4 })))
    .map(
      ([v, rest, first, build]) =>
        `${v ? 'v' : ''}${first}${rest.map(([s, p]) => s + p).join('')}${build === null ? '' : `+${build}`}`,
    );
  const version = fc.oneof(structured, fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 8 }));
  const operators: [string, (order: number) => boolean][] = [
    ['$veq', (order) => order === 0],
    ['$vne', (order) => order !== 0],
    ['$vgt', (order) => order > 0],
    ['$vgte', (order) => order >= 0],
    ['$vlt', (order) => order < 0],
    ['$vlte', (order) => order <= 0],
  ];

  it('pads like the oracle', () => {
    fc.assert(
      fc.property(fc.oneof(version, fc.double(), fc.integer(), fc.constant(null), fc.boolean()), (value) => {
        expect(paddedVersion(value)).toBe(oracle(value));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with the oracle for arbitrary pairs', () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        for (const [operator, accept] of operators) {
          expect(
            evalCondition({ v: { [operator]: b } }, { v: a }),
            `${JSON.stringify(a)} ${operator} ${JSON.stringify(b)}`,
          ).toBe(accept(order(oracle(a), oracle(b))));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with the oracle for non-string attributes and number operands', () => {
    const other = fc.oneof(fc.double(), fc.integer(), fc.constant(null), fc.boolean());
    fc.assert(
      fc.property(other, fc.oneof(version, fc.integer(), fc.double()), (a, b) => {
        for (const [operator, accept] of operators) {
          expect(evalCondition({ v: { [operator]: b } }, { v: a })).toBe(accept(order(oracle(a), oracle(b))));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('finds every version equal to itself', () => {
    fc.assert(
      fc.property(version, (a) => {
        expect(evalCondition({ v: { $veq: a } }, { v: a })).toBe(true);
      }),
    );
  });
});

describe('version operators', () => {
  itEvaluates([
    {
      name: '$vgt numeric parts compare as numbers',
      when: { v: { $vgt: '1.9.0' } },
      attributes: { v: '1.10.0' },
      expected: true,
    },
    { name: '$vgt equal is not greater', when: { v: { $vgt: '2.0.0' } }, attributes: { v: '2.0.0' }, expected: false },
    { name: '$vgte equal', when: { v: { $vgte: '2.0.0' } }, attributes: { v: 'v2.0.0' }, expected: true },
    {
      name: '$vlt pre-release before release',
      when: { v: { $vlt: '3.0.0' } },
      attributes: { v: '3.0.0-beta.2' },
      expected: true,
    },
    {
      name: '$vlt release not before its pre-release',
      when: { v: { $vlt: '3.0.0-beta' } },
      attributes: { v: '3.0.0' },
      expected: false,
    },
    {
      name: '$vlte equal ignoring build',
      when: { v: { $vlte: '4.1.0+ci.9' } },
      attributes: { v: '4.1.0+local' },
      expected: true,
    },
    {
      name: '$veq dashes and dots are the same separator',
      when: { v: { $veq: '4-1-0' } },
      attributes: { v: '4.1.0' },
      expected: true,
    },
    { name: '$veq four parts', when: { v: { $veq: '4.1.0.7' } }, attributes: { v: '4.1.0-7' }, expected: true },
    { name: '$vne different patch', when: { v: { $vne: '4.1.0' } }, attributes: { v: '4.1.1' }, expected: true },
    { name: '$vne same', when: { v: { $vne: '4.1.0' } }, attributes: { v: 'v4.1.0' }, expected: false },
    {
      name: 'pre-release numbers compare numerically',
      when: { v: { $vgt: '1.0.0-rc.9' } },
      attributes: { v: '1.0.0-rc.10' },
      expected: true,
    },
    {
      name: 'pre-release words compare by code unit',
      when: { v: { $vgt: '1.0.0-Beta' } },
      attributes: { v: '1.0.0-alpha' },
      expected: true,
    },
    { name: 'number attribute', when: { v: { $vgte: '3' } }, attributes: { v: 3 }, expected: true },
    { name: 'number operand', when: { v: { $veq: 3 } }, attributes: { v: '3' }, expected: true },
    { name: 'missing attribute reads as "0"', when: { v: { $vlt: '0.0.1' } }, attributes: {}, expected: true },
    { name: 'missing attribute is not above 0', when: { v: { $vgt: '0.0.1' } }, attributes: {}, expected: false },
    {
      name: 'operand neither string nor number',
      when: { v: { $vlt: ['1'] } },
      attributes: { v: '0' },
      expected: false,
    },
    { name: 'range', when: { v: { $vgte: '2.0.0', $vlt: '3.0.0' } }, attributes: { v: '2.15.3' }, expected: true },
    // What docs/conditions.md warns about: the padded forms are compared, not the numbers they stand for.
    {
      name: 'a missing part is not a zero',
      when: { v: { $vgte: '2.0.0' } },
      attributes: { v: '2.0' },
      expected: false,
    },
    { name: 'fewer parts sort first', when: { v: { $vlt: '1.2.0' } }, attributes: { v: '1.2' }, expected: true },
    {
      name: 'a fourth part reads as a pre-release',
      when: { v: { $vlt: '1.2.0' } },
      attributes: { v: '1.2.0.0' },
      expected: true,
    },
    { name: 'leading zeros count', when: { v: { $vgt: '1.2.0' } }, attributes: { v: '1.02.0' }, expected: true },
    {
      name: 'only a lower-case v is dropped',
      when: { v: { $veq: '2.0.0' } },
      attributes: { v: 'V2.0.0' },
      expected: false,
    },
    { name: 'spaces are not trimmed', when: { v: { $veq: '2.0.0' } }, attributes: { v: ' 2.0.0' }, expected: false },
  ]);
});
