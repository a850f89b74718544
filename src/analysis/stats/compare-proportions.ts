/**
 * Two-proportion comparison: pooled z-test for the p-value, unpooled Wald
 * interval for the difference, delta-method interval for the relative lift.
 */
import { AnalysisError } from '../../errors/index.js';
import { normalIsf, normalSf } from './distributions/normal.js';
import { relativeLift } from './relative.js';
import { proportionSample } from './sample.js';
import type { Comparison, ComparisonOptions, ProportionSample } from './types.js';
import { confidenceOf } from './validate.js';

/**
 * Compares the conversion rates p = successes/n of two groups.
 *
 * - `difference` = p_T − p_C;
 * - `pValue`: pooled two-sided z-test, z = difference / √(p̄(1 − p̄)(1/n_C + 1/n_T)),
 *   p̄ = (s_C + s_T)/(n_C + n_T), p = 2·(1 − Φ(|z|)) computed from the tail;
 * - `ci`: unpooled Wald, difference ± z₍₁₊c₎/₂ · √(p_C(1 − p_C)/n_C + p_T(1 − p_T)/n_T);
 * - `relativeLift` = difference / p_C, `relativeCi` by the delta method with
 *   variances p(1 − p)/n.
 *
 * @throws AnalysisError when n < 1, successes is outside [0, n] or not finite,
 *   no group has any variation (p̄ is 0 or 1), p_C is 0, or the confidence is
 *   not strictly between 0 and 1.
 */
export function compareProportions(
  control: ProportionSample,
  treatment: ProportionSample,
  options?: ComparisonOptions,
): Comparison {
  const confidence = confidenceOf(options);
  const c = proportionSample(control, 'control');
  const t = proportionSample(treatment, 'treatment');
  const pC = c.successes / c.n;
  const pT = t.successes / t.n;
  const pooled = (c.successes + t.successes) / (c.n + t.n);
  const pooledVariance = pooled * (1 - pooled) * (1 / c.n + 1 / t.n);
  if (pooledVariance === 0) {
    throw new AnalysisError('both groups have zero variance (every unit converted, or none did)');
  }
  const difference = pT - pC;
  const a = (pC * (1 - pC)) / c.n;
  const b = (pT * (1 - pT)) / t.n;
  const z = normalIsf((1 - confidence) / 2);
  const margin = z * Math.sqrt(a + b);
  const relative = relativeLift({ value: pC, variance: a }, { value: pT, variance: b }, z);
  return {
    difference,
    ci: [difference - margin, difference + margin],
    pValue: 2 * normalSf(Math.abs(difference) / Math.sqrt(pooledVariance)),
    ...relative,
  };
}
