import { describe, expect, it } from 'vitest';
import { AnalysisError } from '../../../src/errors/index.js';
import { compareMeans, compareRatios, summarizeRatio } from '../../../src/analysis/stats/index.js';
import type { RatioSummary } from '../../../src/analysis/stats/index.js';
import { expectComparison, reference } from './reference.js';

// Against the reference (delta method by formula on np.cov moments, SciPy's
// norm for tails and quantiles, Fieller's interval by root search): 1e-10 relative to max(|value|, half-width);
// measured worst 4e-15.
const TOLERANCE = 1e-10;

function summary(overrides: Partial<RatioSummary> = {}): RatioSummary {
  return {
    n: 50,
    meanNumerator: 4,
    meanDenominator: 2,
    varianceNumerator: 9,
    varianceDenominator: 1,
    covariance: 1.5,
    ...overrides,
  };
}

describe('compareRatios', () => {
  it('matches the reference for every case', () => {
    expect(reference.compareRatios.length).toBeGreaterThanOrEqual(4);
    for (const row of reference.compareRatios) {
      const control = summarizeRatio(row.control.numerators, row.control.denominators);
      const treatment = summarizeRatio(row.treatment.numerators, row.treatment.denominators);
      expectComparison(
        compareRatios(control, treatment, { confidence: row.confidence, nonNegative: true }),
        row,
        TOLERANCE,
      );
    }
  });

  it('applies Var(R) = (s_x² − 2R·s_xy + R²·s_y²)/(n·ȳ²)', () => {
    // Control: R = 2, Var = (9 − 6 + 4)/(50·4) = 0.035. Treatment: R = 2.5, Var = (9 − 7.5 + 6.25)/(50·4) = 0.03875.
    const result = compareRatios(summary(), summary({ meanNumerator: 5 }), { confidence: 0.95 });
    const se = Math.sqrt(0.035 + 0.03875);
    expect(result.difference).toBe(0.5);
    expect((result.ci[1] - result.ci[0]) / (2 * se)).toBeCloseTo(1.959963984540054, 12);
    expect(result.relativeLift).toBe(0.25);
  });

  it('reduces to a z-test of means when every denominator is 1', () => {
    const control = [3, 5, 4, 8, 6, 2, 7];
    const treatment = [6, 9, 7, 5, 10, 8];
    const ones = (n: number) => new Array<number>(n).fill(1);
    const ratio = compareRatios(summarizeRatio(control, ones(7)), summarizeRatio(treatment, ones(6)));
    const means = compareMeans(control, treatment);
    expect(ratio.difference).toBeCloseTo(means.difference, 14);
    // Same standard error; the ratio uses z where Welch uses t, so its interval is narrower.
    expect(ratio.relativeCi[1] - ratio.relativeCi[0]).toBeLessThan(means.relativeCi[1] - means.relativeCi[0]);
    expect(ratio.ci[1] - ratio.ci[0]).toBeLessThan(means.ci[1] - means.ci[0]);
  });

  it('accepts a group whose numerator is proportional to its denominator (zero ratio variance)', () => {
    const exact = summarizeRatio([2, 4, 6, 8], [1, 2, 3, 4]);
    const result = compareRatios(exact, summary());
    expect(result.difference).toBe(0);
    expect(result.pValue).toBe(1);
  });

  it('throws an AnalysisError naming the problem for input with no answer', () => {
    expect(() => compareRatios(summary({ n: 1 }), summary())).toThrow(/control needs at least 2 units/);
    expect(() => compareRatios(summary(), summary({ meanDenominator: 0 }))).toThrow(
      /treatment has a zero mean denominator/,
    );
    expect(() => compareRatios(summary({ meanNumerator: 0 }), summary())).toThrow(/control value is 0/);
    expect(() => compareRatios(summary({ covariance: 10 }), summary())).toThrow(/control.covariance is inconsistent/);
    expect(() => compareRatios(summary({ varianceDenominator: -1 }), summary())).toThrow(
      /variances must not be negative/,
    );
    expect(() => compareRatios(summary({ covariance: Number.NaN }), summary())).toThrow(
      /control.covariance must be a finite number/,
    );
    const flat = summarizeRatio([1, 2], [1, 2]);
    expect(() => compareRatios(flat, summarizeRatio([3, 6], [1, 2]))).toThrow(/zero ratio variance/);
    expect(() => compareRatios(summary(), summary(), { confidence: -0.5 })).toThrow(AnalysisError);
  });
});
