import { describe, expect, it } from 'vitest';
import { AnalysisError } from '../../../src/errors/index.js';
import { compareProportions, normalSf } from '../../../src/analysis/stats/index.js';
import { expectComparison, reference } from './reference.js';

// Against the reference (statsmodels' Wald test and interval, Fieller's
// relative interval by root search with SciPy's norm.ppf): 1e-10 relative to
// max(|value|, half-width). Only normal tails and quantiles are involved,
// each good to ~1e-15.
const TOLERANCE = 1e-10;

describe('compareProportions', () => {
  it('matches the reference for every case (small and large n, 80–99%, p down to 1e-12, unbounded and cut intervals)', () => {
    expect(reference.compareProportions.length).toBeGreaterThanOrEqual(8);
    for (const row of reference.compareProportions) {
      expectComparison(compareProportions(row.control, row.treatment, { confidence: row.confidence }), row, TOLERANCE);
    }
  });

  it('takes the p-value and both intervals from one Wald test', () => {
    // 10/100 vs 20/100: Wald se = √(0.0009 + 0.0016) = 0.05, z = 0.1/0.05 = 2.
    const result = compareProportions({ successes: 10, n: 100 }, { successes: 20, n: 100 });
    expect(result.pValue).toBeCloseTo(2 * normalSf(2), 15);
    const half = (result.ci[1] - result.ci[0]) / 2;
    expect(half / 0.05).toBeCloseTo(1.959963984540054, 12);
    expect(result.relativeLift).toBeCloseTo(1, 14);
    // Significant at 95% (z = 2 > 1.96), so neither interval may reach 0.
    expect(result.ci[0]).toBeGreaterThan(0);
    expect(result.relativeCi[0]).toBeGreaterThan(0);
  });

  it('never reads an FR-style row as significant beside a relative interval through 0 (demo: 16/263 vs 10/62)', () => {
    // The old report printed p = 0.0087 (pooled) beside a delta-method interval [−31.1%, +361.3%].
    const result = compareProportions({ successes: 16, n: 263 }, { successes: 10, n: 62 });
    expect(result.pValue).toBeLessThan(0.05);
    expect(result.relativeCi[0]).toBeGreaterThan(0);
    expect(result.ci[0]).toBeGreaterThan(0);
  });

  it("keeps a rate's relative interval at or above −100%", () => {
    // The old delta-method interval of the demo's BR page_error row was [−481.2%, +1089.1%].
    const result = compareProportions({ successes: 5, n: 307 }, { successes: 1, n: 76 });
    expect(result.relativeCi[0]).toBe(-1);
  });

  it('gives p = 1 for identical rates', () => {
    expect(compareProportions({ successes: 30, n: 300 }, { successes: 20, n: 200 }).pValue).toBe(1);
  });

  it('throws an AnalysisError naming the problem for input with no answer', () => {
    const ok = { successes: 5, n: 50 };
    expect(() => compareProportions({ successes: 0, n: 0 }, ok)).toThrow(/control.n must be at least 1/);
    expect(() => compareProportions(ok, { successes: 11, n: 10 })).toThrow(
      /treatment.successes must be between 0 and n/,
    );
    expect(() => compareProportions(ok, { successes: -1, n: 10 })).toThrow(AnalysisError);
    expect(() => compareProportions({ successes: 0, n: 40 }, { successes: 0, n: 30 })).toThrow(
      /control converted 0 of 40 \(none\)/,
    );
    expect(() => compareProportions({ successes: 9, n: 9 }, { successes: 4, n: 4 })).toThrow(
      /control converted 9 of 9 \(all\)/,
    );
    // The demo's IN page_error row: 0 of 48 used to give a zero-width interval [−100.0%, −100.0%].
    expect(() => compareProportions(ok, { successes: 0, n: 48 })).toThrow(
      /treatment converted 0 of 48 \(none\), so the normal approximation gives it no standard error/,
    );
    expect(() => compareProportions(ok, ok, { confidence: 95 })).toThrow(/confidence/);
    expect(() => compareProportions({ successes: Number.NaN, n: 4 }, ok)).toThrow(
      /control.successes must be a finite number/,
    );
  });
});
