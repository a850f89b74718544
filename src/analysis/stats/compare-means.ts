/**
 * Welch's unequal-variance t-test of two means, with its confidence interval
 * and the relative lift.
 */
import { AnalysisError } from '../../errors/index.js';
import { studentTIsf } from './distributions/student-t-quantile.js';
import { studentTTwoSided } from './distributions/student-t.js';
import { relativeLift } from './relative.js';
import { meanSummary } from './sample.js';
import type { Comparison, ComparisonOptions, MeanSample } from './types.js';
import { confidenceOf } from './validate.js';

/**
 * Welch–Satterthwaite degrees of freedom (a + b)² / (a²/(n_C − 1) + b²/(n_T − 1))
 * with a = v_C/n_C and b = v_T/n_T. Both are scaled by the larger first so the
 * squares cannot overflow or underflow.
 */
export function welchDegreesOfFreedom(a: number, nC: number, b: number, nT: number): number {
  const scale = Math.max(a, b);
  const x = a / scale;
  const y = b / scale;
  return ((x + y) * (x + y)) / ((x * x) / (nC - 1) + (y * y) / (nT - 1));
}

/**
 * Compares the means of two groups with Welch's two-sided t-test.
 *
 * - `difference` = mean_T − mean_C; se = √(v_C/n_C + v_T/n_T);
 * - `pValue` = P(|T_df| > |difference/se|), df by Welch–Satterthwaite,
 *   computed from the tail so it stays exact far below 1e-9;
 * - `ci` = difference ± t₍₁₊c₎/₂,df · se;
 * - `relativeLift` = difference / |mean_C|, `relativeCi` by Fieller's method
 *   with the same t critical value, so it excludes 0 exactly when `ci` does
 *   (see docs/statistics.md).
 *
 * Each group is either its per-unit values or `{ n, mean, variance }`
 * (unbiased variance). One group may have zero variance.
 *
 * @throws AnalysisError when a group has fewer than 2 values or a non-finite
 *   value, both variances are 0, the control mean is 0, the treatment mean is
 *   0 with no variance, or the confidence is not strictly between 0 and 1.
 */
export function compareMeans(control: MeanSample, treatment: MeanSample, options?: ComparisonOptions): Comparison {
  const confidence = confidenceOf(options);
  const c = meanSummary(control, 'control');
  const t = meanSummary(treatment, 'treatment');
  const a = c.variance / c.n;
  const b = t.variance / t.n;
  if (a === 0 && b === 0) {
    throw new AnalysisError('both groups have zero variance, so the difference has no standard error');
  }
  const se = Math.sqrt(a + b);
  const df = welchDegreesOfFreedom(a, c.n, b, t.n);
  const difference = t.mean - c.mean;
  const tail = (1 - confidence) / 2;
  const critical = studentTIsf(tail, df);
  const margin = critical * se;
  const relative = relativeLift(
    { value: c.mean, variance: a },
    { value: t.mean, variance: b },
    critical,
    options?.nonNegative === true,
  );
  return {
    difference,
    ci: [difference - margin, difference + margin],
    pValue: studentTTwoSided(Math.abs(difference / se), df).lower,
    ...relative,
  };
}
