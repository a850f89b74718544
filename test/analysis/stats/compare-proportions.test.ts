import { describe, expect, it } from 'vitest';
import { AnalysisError } from '../../../src/errors/index.js';
import { compareProportions, normalSf } from '../../../src/analysis/stats/index.js';
import { expectComparison, reference } from './reference.js';

// Against the reference (pooled z-test and Wald/delta intervals by formula with
// SciPy's norm.sf/ppf): 1e-10 relative to max(|value|, half-width). Only
// normal tails and quantiles are involved, each good to ~1e-15; measured
// worst 4e-15.
const TOLERANCE = 1e-10;

describe('compareProportions', () => {
  it('matches the reference for every case (small and large n, 80–99%, p down to 1e-12, 0% and 100% groups)', () => {
    expect(reference.compareProportions.length).toBeGreaterThanOrEqual(8);
    for (const row of reference.compareProportions) {
      expectComparison(compareProportions(row.control, row.treatment, { confidence: row.confidence }), row, TOLERANCE);
    }
  });

  it('uses the pooled standard error for the p-value and the unpooled one for the interval', () => {
    // 10/100 vs 20/100: pooled p̄ = 0.15, z = 0.1/√(0.15·0.85·0.02); Wald se = √(0.0009 + 0.0016) = 0.05.
    const result = compareProportions({ successes: 10, n: 100 }, { successes: 20, n: 100 });
    const z = 0.1 / Math.sqrt(0.15 * 0.85 * 0.02);
    expect(result.pValue).toBeCloseTo(2 * normalSf(z), 15);
    const half = (result.ci[1] - result.ci[0]) / 2;
    expect(half / 0.05).toBeCloseTo(1.959963984540054, 12);
    expect(result.relativeLift).toBeCloseTo(1, 14);
  });

  it('gives p = 1 for identical rates', () => {
    expect(compareProportions({ successes: 30, n: 300 }, { successes: 20, n: 200 }).pValue).toBe(1);
  });

  it('throws an AnalysisError naming the problem for input with no answer', () => {
    const ok = { successes: 5, n: 50 };
    expect(() => compareProportions({ successes: 0, n: 0 }, ok)).toThrow(/control.n must be at least 1/);
    expect(() => compareProportions(ok, { successes: 11, n: 10 })).toThrow(/treatment.successes must be between 0 and n/);
    expect(() => compareProportions(ok, { successes: -1, n: 10 })).toThrow(AnalysisError);
    expect(() => compareProportions({ successes: 0, n: 40 }, { successes: 0, n: 30 })).toThrow(/zero variance/);
    expect(() => compareProportions({ successes: 9, n: 9 }, { successes: 4, n: 4 })).toThrow(/zero variance/);
    expect(() => compareProportions({ successes: 0, n: 40 }, ok)).toThrow(/control value is 0/);
    expect(() => compareProportions(ok, ok, { confidence: 95 })).toThrow(/confidence/);
    expect(() => compareProportions({ successes: Number.NaN, n: 4 }, ok)).toThrow(/control.successes must be a finite number/);
  });
});
