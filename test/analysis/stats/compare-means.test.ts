import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AnalysisError } from '../../../src/errors/index.js';
import { compareMeans, summarize } from '../../../src/analysis/stats/index.js';
import { expectClose, expectComparison, reference, sideInput } from './reference.js';

// Against the reference (SciPy ttest_ind / ttest_ind_from_stats for the
// p-value, the formulas with polished t quantiles for the intervals): 1e-10,
// relative to max(|value|, interval half-width). The inputs are exact, the
// engine's t tail and quantile are good to ~1e-13, so the measured worst is
// 1e-14; the bound is 1e4 times stricter than the promised 1e-6.
const TOLERANCE = 1e-10;

describe('compareMeans', () => {
  it('matches the reference for every case (tiny n, 80–99%, p down to 1e-12, n = 1e5, zero variance)', () => {
    expect(reference.compareMeans.length).toBeGreaterThanOrEqual(15);
    for (const row of reference.compareMeans) {
      const result = compareMeans(sideInput(row.control), sideInput(row.treatment), {
        confidence: row.confidence,
        nonNegative: row.nonNegative === true,
      });
      expectComparison(result, row, TOLERANCE);
    }
  });

  it("reproduces the published Welch test of Student's sleep data", () => {
    // Cushny & Peebles' sleep data as printed in Student (1908), Biometrika 6(1); the
    // Welch analysis is the example of R's t.test documentation, which prints
    // t = -1.8608, df = 17.776, p-value = 0.07939, 95% CI -3.3654832 0.2054832.
    const group1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
    const group2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
    const result = compareMeans(group2, group1);
    // Published digits are rounded: compare within half a unit of the last printed place.
    expect(Math.abs(result.difference - -1.58)).toBeLessThan(1e-12);
    expect(Math.abs(result.pValue - 0.07939)).toBeLessThanOrEqual(0.000005);
    expect(Math.abs(result.ci[0] - -3.3654832)).toBeLessThanOrEqual(0.00000005);
    expect(Math.abs(result.ci[1] - 0.2054832)).toBeLessThanOrEqual(0.00000005);
  });

  it('gives the same answer for values and their summary, on either side', () => {
    const control = [3.1, 2.7, 3.8, 3.3, 2.9, 4.0];
    const treatment = [3.4, 3.9, 3.0, 4.2, 3.6];
    const fromValues = compareMeans(control, treatment, { confidence: 0.9 });
    expect(compareMeans(summarize(control), summarize(treatment), { confidence: 0.9 })).toEqual(fromValues);
    expect(compareMeans(summarize(control), treatment, { confidence: 0.9 })).toEqual(fromValues);
  });

  it('defaults to 95% confidence', () => {
    const control = { n: 20, mean: 10, variance: 4 };
    const treatment = { n: 25, mean: 11, variance: 5 };
    expect(compareMeans(control, treatment)).toEqual(compareMeans(control, treatment, { confidence: 0.95 }));
  });

  it('keeps p-values below 1e-9 exact instead of rounding 1 − cdf to 0', () => {
    const row = reference.compareMeans.find((r) => r.pValue < 1e-11);
    expect(row).toBeDefined();
    const result = compareMeans(sideInput(row!.control), sideInput(row!.treatment));
    expect(result.pValue).toBeGreaterThan(0);
    expectClose(result.pValue, row!.pValue, TOLERANCE, 'tiny p');
  });

  it('is consistent: the interval excludes 0 exactly when p < 1 − confidence', () => {
    // Welch's interval and test use the same t distribution and standard error, so this
    // duality holds exactly except within rounding of the boundary (skipped by the 1e-9 margin).
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 200 }),
        fc.integer({ min: 2, max: 200 }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.constantFrom(0.8, 0.9, 0.95, 0.99),
        (nC, nT, vC, vT, shift, confidence) => {
          const result = compareMeans(
            { n: nC, mean: 50, variance: vC },
            { n: nT, mean: 50 + shift, variance: vT },
            { confidence },
          );
          const alpha = 1 - confidence;
          if (Math.abs(result.pValue - alpha) < 1e-9) return;
          const excludesZero = result.ci[0] > 0 || result.ci[1] < 0;
          expect(excludesZero).toBe(result.pValue < alpha);
          expect(result.pValue).toBeGreaterThanOrEqual(0);
          expect(result.pValue).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reports the relative lift against |control| for a negative control mean: higher is a positive change', () => {
    const result = compareMeans({ n: 10, mean: -4, variance: 1 }, { n: 10, mean: -2, variance: 1 });
    expect(result.difference).toBe(2);
    expect(result.relativeLift).toBe(0.5);
    // The interval mirrors with it, so it agrees in sign with the difference's (significant here: both above 0).
    expect(result.ci[0]).toBeGreaterThan(0);
    expect(result.relativeCi[0]).toBeGreaterThan(0);
    expect(result.relativeCi[0]).toBeLessThan(0.5);
    expect(result.relativeCi[1]).toBeGreaterThan(0.5);
  });

  it('throws an AnalysisError naming the problem for input with no answer', () => {
    const ok = { n: 10, mean: 1, variance: 1 };
    expect(() => compareMeans([1], [1, 2])).toThrow(/control needs at least 2 values/);
    expect(() => compareMeans(ok, { n: 1, mean: 1, variance: 0 })).toThrow(/treatment needs at least 2 values/);
    expect(() => compareMeans([2, 2, 2], [5, 5])).toThrow(/both groups have zero variance/);
    expect(() => compareMeans({ n: 10, mean: 0, variance: 1 }, ok)).toThrow(/control value is 0/);
    expect(() => compareMeans(ok, ok, { confidence: 1 })).toThrow(/confidence must be strictly between 0 and 1/);
    expect(() => compareMeans(ok, ok, { confidence: 0 })).toThrow(AnalysisError);
    expect(() => compareMeans([1, Number.NaN], [1, 2])).toThrow(/control\[1\] must be a finite number/);
    expect(() => compareMeans({ n: 10, mean: Infinity, variance: 1 }, ok)).toThrow(/control.mean/);
    expect(() => compareMeans({ n: 10, mean: 1, variance: -1 }, ok)).toThrow(/control.variance must not be negative/);
  });
});
