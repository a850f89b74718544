/**
 * Units needed per group to detect a relative change in a conversion rate.
 */
import { AnalysisError } from '../../errors/index.js';
import { normalIsf, normalQuantile } from './distributions/normal.js';
import type { SampleSizeOptions } from './types.js';
import { requireFinite, requireOpenUnit } from './validate.js';

/**
 * Units per group for a two-sided test of two proportions:
 * p₂ = p₁(1 + mde), p̄ = (p₁ + p₂)/2,
 * n = ⌈(z₁₋α/₂·√(2p̄(1 − p̄)) + z_power·√(p₁(1 − p₁) + p₂(1 − p₂)))² / (p₂ − p₁)²⌉,
 * at least 1.
 *
 * @throws AnalysisError when baselineRate, alpha or power is not strictly
 *   between 0 and 1, minDetectableEffect is 0, not finite or too small to
 *   change p₁ in floating point, or p₂ falls outside [0, 1].
 */
export function requiredSampleSize(options: SampleSizeOptions): number {
  if (typeof options !== 'object' || options === null) {
    throw new AnalysisError('options must be an object { baselineRate, minDetectableEffect, alpha?, power? }');
  }
  const { baselineRate: p1, minDetectableEffect: mde, alpha = 0.05, power = 0.8 } = options;
  requireOpenUnit(p1, 'baselineRate');
  requireFinite(mde, 'minDetectableEffect');
  requireOpenUnit(alpha, 'alpha');
  requireOpenUnit(power, 'power');
  if (mde === 0) throw new AnalysisError('minDetectableEffect must not be 0');
  const p2 = p1 * (1 + mde);
  if (!(p2 >= 0 && p2 <= 1)) {
    throw new AnalysisError(`baselineRate × (1 + minDetectableEffect) must be a rate in [0, 1], got ${p2}`);
  }
  // An effect below the rate's last bit leaves p₂ = p₁: no sample size detects that (it would read Infinity).
  if (p2 === p1) throw new AnalysisError(`minDetectableEffect ${mde} is too small to change baselineRate ${p1}`);
  const mean = (p1 + p2) / 2;
  const root =
    normalIsf(alpha / 2) * Math.sqrt(2 * mean * (1 - mean)) +
    normalQuantile(power) * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return Math.max(1, Math.ceil((root * root) / ((p2 - p1) * (p2 - p1))));
}
