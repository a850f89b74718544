/**
 * Comparison of ratio metrics R = Σ numerator / Σ denominator (for example
 * revenue per session) by the delta method, units being independent.
 */
import { AnalysisError } from '../../errors/index.js';
import { normalIsf, normalSf } from './distributions/normal.js';
import { relativeLift } from './relative.js';
import type { Estimate } from './relative.js';
import { ratioSummary } from './sample.js';
import type { Comparison, ComparisonOptions, RatioSummary } from './types.js';
import { confidenceOf } from './validate.js';

/** Relative size of the rounding left when the ratio variance's terms cancel. */
const ROUNDING = 1e-12;

/**
 * The ratio of a group and the delta-method variance of its estimate:
 * R = x̄/ȳ, Var(R) ≈ (s_x² − 2R·s_xy + R²·s_y²)/(n·ȳ²).
 */
export function ratioEstimate(summary: RatioSummary, name: string): Estimate {
  const s = ratioSummary(summary, name);
  if (s.meanDenominator === 0) {
    throw new AnalysisError(`${name} has a zero mean denominator, so its ratio is undefined`);
  }
  const value = s.meanNumerator / s.meanDenominator;
  const spread = s.varianceNumerator + value * value * s.varianceDenominator;
  const raw = spread - 2 * value * s.covariance;
  // A numerator proportional to the denominator gives 0, which rounding (different in each
  // engine's variance and covariance sums) leaves slightly off either way: within that
  // dust it is 0. Anything clearly negative means the covariance cannot belong to these
  // variances (|s_xy| ≤ s_x·s_y).
  if (raw < -ROUNDING * spread) {
    throw new AnalysisError(`${name}.covariance is inconsistent with its variances (the ratio variance is negative)`);
  }
  const variance = raw <= ROUNDING * spread ? 0 : raw;
  return { value, variance: variance / (s.n * s.meanDenominator * s.meanDenominator) };
}

/**
 * Compares the ratio metrics of two groups, each given as per-unit moments
 * (see {@link summarizeRatio}).
 *
 * - `difference` = R_T − R_C, se = √(Var(R_T) + Var(R_C)) with the
 *   delta-method variances of `ratioEstimate`;
 * - `pValue`: two-sided z-test, 2·(1 − Φ(|difference/se|)) from the tail;
 * - `ci` = difference ± z₍₁₊c₎/₂ · se;
 * - `relativeLift` = difference / |R_C|, `relativeCi` by Fieller's method with
 *   the same z, so it excludes 0 exactly when `ci` does.
 *
 * @throws AnalysisError when a group has n < 2, a non-finite or inconsistent
 *   moment, a zero mean denominator, both ratio variances are 0, R_C is 0, or
 *   the confidence is not strictly between 0 and 1.
 */
export function compareRatios(control: RatioSummary, treatment: RatioSummary, options?: ComparisonOptions): Comparison {
  const confidence = confidenceOf(options);
  const c = ratioEstimate(control, 'control');
  const t = ratioEstimate(treatment, 'treatment');
  if (c.variance === 0 && t.variance === 0) {
    throw new AnalysisError('both groups have zero ratio variance, so the difference has no standard error');
  }
  const difference = t.value - c.value;
  const se = Math.sqrt(c.variance + t.variance);
  const z = normalIsf((1 - confidence) / 2);
  return {
    difference,
    ci: [difference - z * se, difference + z * se],
    pValue: 2 * normalSf(Math.abs(difference) / se),
    ...relativeLift(c, t, z, options?.nonNegative === true),
  };
}
