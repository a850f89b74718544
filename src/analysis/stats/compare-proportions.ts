/**
 * Two-proportion comparison: one Wald z-test (unpooled standard error) gives
 * the p-value, the interval of the difference and, through Fieller's method,
 * the interval of the relative lift, so the three always agree.
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
 * - `difference` = p_T − p_C, se = √(p_C(1 − p_C)/n_C + p_T(1 − p_T)/n_T);
 * - `pValue`: two-sided Wald z-test, z = difference / se, p = 2·(1 − Φ(|z|))
 *   computed from the tail;
 * - `ci`: difference ± z₍₁₊c₎/₂ · se, cut to [−1, 1];
 * - `relativeLift` = difference / p_C, `relativeCi` by Fieller's method with
 *   the same z and variances p(1 − p)/n, cut at −100%.
 *
 * @throws AnalysisError when n < 1, successes is outside [0, n] or not finite,
 *   a group converted at 0% or 100% (the normal approximation gives it no
 *   standard error), or the confidence is not strictly between 0 and 1.
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
  for (const [name, g, p] of [
    ['control', c, pC],
    ['treatment', t, pT],
  ] as const) {
    if (p === 0 || p === 1) {
      throw new AnalysisError(
        `${name} converted ${g.successes} of ${g.n} (${p === 0 ? 'none' : 'all'}), so the normal approximation gives it no standard error`,
      );
    }
  }
  const difference = pT - pC;
  const a = (pC * (1 - pC)) / c.n;
  const b = (pT * (1 - pT)) / t.n;
  const se = Math.sqrt(a + b);
  const z = normalIsf((1 - confidence) / 2);
  const margin = z * se;
  const relative = relativeLift({ value: pC, variance: a }, { value: pT, variance: b }, z, true);
  return {
    difference,
    ci: [Math.max(-1, difference - margin), Math.min(1, difference + margin)],
    pValue: 2 * normalSf(Math.abs(difference) / se),
    ...relative,
  };
}
