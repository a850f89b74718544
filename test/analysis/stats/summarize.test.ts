import { describe, expect, it } from 'vitest';
import { AnalysisError } from '../../../src/errors/index.js';
import { summarize, summarizeRatio } from '../../../src/analysis/stats/index.js';
import { expectClose, reference, sideInput } from './reference.js';

// Against NumPy's mean and var(ddof=1): 1e-12 relative. Both are compensated
// or pairwise sums (error ~ε·log n); the corrected two-pass variance is good
// to a few ε even with a 1e9 offset. Measured difference: 0.
const TOLERANCE = 1e-12;

describe('summarize', () => {
  it('matches NumPy for the reference samples, including 1e5 generated values', () => {
    for (const row of reference.summarize) {
      const result = summarize(sideInput(row) as number[]);
      expect(result.n, row.name).toBe(row.n);
      expectClose(result.mean, row.mean, TOLERANCE, `${row.name} mean`);
      expectClose(result.variance, row.variance, TOLERANCE, `${row.name} variance`);
    }
  });

  it('returns exactly n, mean and variance', () => {
    expect(summarize([1, 2, 3, 4])).toEqual({ n: 4, mean: 2.5, variance: 5 / 3 });
  });

  it('is not fooled by a large common offset (naive Σx² − n·x̄² would be)', () => {
    const result = summarize([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]);
    expect(result.variance).toBe(30);
    const naive = ([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16].reduce((s, x) => s + x * x, 0) - 4 * (1e9 + 10) ** 2) / 3;
    expect(naive).not.toBe(30);
  });

  it('gives a constant sample a variance of exactly 0', () => {
    expect(summarize([0.1, 0.1, 0.1]).variance).toBe(0);
  });

  it('throws an AnalysisError for fewer than 2 values or a non-finite value', () => {
    expect(() => summarize([])).toThrow(AnalysisError);
    expect(() => summarize([3])).toThrow(/at least 2 values/);
    expect(() => summarize([1, Number.NaN])).toThrow(/values\[1\] must be a finite number/);
    expect(() => summarize([1, Infinity])).toThrow(AnalysisError);
  });

  it('names the hole of a sparse array instead of returning a NaN mean', () => {
    const sparse = [1, 3, 3];
    delete sparse[1];
    expect(() => summarize(sparse)).toThrow(/values\[1\] must be a finite number, got undefined/);
  });

  it('throws instead of returning a variance of Infinity for finite values too far apart', () => {
    expect(() => summarize([1e200, -1e200])).toThrow(/values variance overflows a double/);
    expect(() => summarizeRatio([1e200, -1e200], [1, 2])).toThrow(/numerators variance overflows/);
    // Far out but close together is fine: only the spread must fit.
    expect(summarize([1e200, 1e200]).variance).toBe(0);
  });
});

describe('summarizeRatio', () => {
  it('matches NumPy means and np.cov(ddof=1) for the reference ratio metrics', () => {
    for (const row of reference.compareRatios) {
      for (const side of ['control', 'treatment'] as const) {
        const input = row[side];
        const expected = row[`${side}Summary`];
        const result = summarizeRatio(input.numerators, input.denominators);
        for (const [field, value] of Object.entries(expected)) {
          expectClose(result[field as keyof typeof result], value, TOLERANCE, `${row.name} ${side} ${field}`);
        }
      }
    }
  });

  it('gives the covariance its sign', () => {
    const result = summarizeRatio([1, 2, 3], [6, 4, 2]);
    expect(result).toEqual({
      n: 3,
      meanNumerator: 2,
      meanDenominator: 4,
      varianceNumerator: 1,
      varianceDenominator: 4,
      covariance: -2,
    });
  });

  it('throws an AnalysisError for mismatched lengths, too few units or non-finite values', () => {
    expect(() => summarizeRatio([1, 2, 3], [1, 2])).toThrow(/one entry per unit/);
    expect(() => summarizeRatio([1], [1])).toThrow(/at least 2 values/);
    expect(() => summarizeRatio([1, 2], [1, Number.NaN])).toThrow(/denominators\[1\]/);
  });
});
