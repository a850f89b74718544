/**
 * The relative lift and its Fieller interval, shared by every comparison.
 *
 * With control estimate m_C (variance V_C) and treatment estimate m_T
 * (variance V_T), independent and approximately normal, the Fieller set for
 * ρ = μ_T/μ_C is every ρ the test of "μ_T − ρ·μ_C = 0" does not reject:
 *
 *   (m_T − ρ·m_C)² ≤ c²·(V_T + ρ²·V_C)
 *
 * with the critical value c of the absolute comparison. At ρ = 1 this is
 * exactly the test of the difference, so the relative interval excludes 0
 * exactly when the p-value is below 1 − confidence (Fieller 1954).
 */
import { AnalysisError } from '../../errors/index.js';

/** One side's estimate and the variance of that estimate (for a mean: variance/n). */
export interface Estimate {
  value: number;
  variance: number;
}

/** `relativeLift` and `relativeCi` of a comparison. */
export interface RelativeResult {
  relativeLift: number;
  relativeCi: [number, number];
}

/**
 * Relative lift of `treatment` over `control`, (m_T − m_C)/|m_C|, and its
 * Fieller interval with critical value `critical`. With `nonNegative`, the metric cannot be negative,
 * so neither can μ_T/μ_C: the interval is cut at −100%. An end the data do
 * not bound is ±Infinity (the control estimate is within `critical` standard
 * errors of 0).
 *
 * @throws AnalysisError when the control estimate is 0 (there is no relative
 *   change), or when the treatment estimate is 0 with no variance (the
 *   interval would have no width).
 */
export function relativeLift(
  control: Estimate,
  treatment: Estimate,
  critical: number,
  nonNegative = false,
): RelativeResult {
  if (control.value === 0) {
    throw new AnalysisError('the control value is 0, so the relative lift is undefined');
  }
  if (treatment.value === 0 && treatment.variance === 0) {
    throw new AnalysisError('the treatment value is 0 with no variance, so the relative change has no interval');
  }
  const [low, high] = fiellerRatio(control, treatment, critical, nonNegative ? 0 : -Infinity);
  // Relative to |control|: below a negative control, a higher treatment is a positive change (−1 → −0.76 is
  // +24%, not −24%), so the sign of the lift and its interval always agree with the difference's.
  if (control.value < 0)
    return { relativeLift: (treatment.value - control.value) / -control.value, relativeCi: [1 - high, 1 - low] };
  return { relativeLift: (treatment.value - control.value) / control.value, relativeCi: [low - 1, high - 1] };
}

/**
 * The smallest interval holding every ρ ≥ `floor` of the Fieller set. Written in
 * units of m_C so nothing overflows: with t = m_T/m_C, g_C = c²V_C/m_C² and
 * g_T = c²V_T/m_C², the set is (1 − g_C)ρ² − 2tρ + t² − g_T ≤ 0.
 */
function fiellerRatio(control: Estimate, treatment: Estimate, critical: number, floor: number): [number, number] {
  const scale = control.value * control.value;
  const t = treatment.value / control.value;
  const gC = (critical * critical * control.variance) / scale;
  const gT = (critical * critical * treatment.variance) / scale;
  const a = 1 - gC;
  const d = gC * t * t + gT * a;
  let pieces: [number, number][];
  if (a > 0) {
    // Bounded: the control is clearly away from 0. Roots by the stable pairing q/a and (t² − g_T)/q.
    const q = t + (t < 0 ? -1 : 1) * Math.sqrt(d);
    const r1 = q / a;
    const r2 = q === 0 ? 0 : (t * t - gT) / q;
    pieces = [[Math.min(r1, r2), Math.max(r1, r2)]];
  } else if (a === 0) {
    // Linear: −2tρ + t² − g_T ≤ 0, a ray on the side of the estimate.
    const root = (t * t - gT) / (2 * t);
    pieces = t > 0 ? [[root, Infinity]] : t < 0 ? [[-Infinity, root]] : [[-Infinity, Infinity]];
  } else if (d <= 0) {
    pieces = [[-Infinity, Infinity]];
  } else {
    // a < 0: the set lies outside the roots (two rays).
    const s = Math.sqrt(d);
    const r1 = (t + s) / a;
    const r2 = (t - s) / a;
    pieces = [
      [-Infinity, Math.min(r1, r2)],
      [Math.max(r1, r2), Infinity],
    ];
  }
  const hull = (cut: number): [number, number] => {
    let low = Infinity;
    let high = -Infinity;
    for (const [from, to] of pieces) {
      const lo = Math.max(from, cut);
      if (lo > to) continue;
      low = Math.min(low, lo);
      high = Math.max(high, to);
    }
    return [low, high];
  };
  const [low, high] = hull(floor);
  // Estimates that put the whole set below the floor (a CUPED-adjusted mean below 0 can) leave
  // nothing to cut: the uncut set still agrees with the test, where an empty one would print [+∞, −∞].
  return low <= high ? [low, high] : hull(-Infinity);
}
