/**
 * Quantiles of Student's t by inverting the CDF. ν = 1 and ν = 2 have closed
 * forms; otherwise Newton's method runs on u = ln t against the logarithm of
 * the tail it is matching, which is nearly linear in u (the tail of t decays
 * like t^(−ν)), so even far tails are reached in a few steps. Every
 * evaluation narrows a bracket around the root, and a step that would leave
 * the bracket bisects it instead, so the iteration cannot diverge.
 */
import { requireClosedUnit, requirePositive } from '../validate.js';
import { normalIsf } from './normal.js';
import { studentTPdf, studentTTwoSided } from './student-t.js';

const MAX_STEPS = 200;

/**
 * The t > 0 with P(|T| > t) = `tail` (for tail ≤ ½) or with
 * P(|T| < t) = 1 − `tail` (for tail > ½: the central mass is then given
 * exactly and t is small, so matching it keeps t relatively accurate).
 */
function solve(tail: number, df: number): number {
  // ν = 1: P(|T| > t) = 1 − (2/π)·atan t; ν = 2: P(|T| > t) = 1 − t/√(2 + t²).
  if (df === 1) return tail <= 0.5 ? 1 / Math.tan((Math.PI * tail) / 2) : Math.tan((Math.PI * (1 - tail)) / 2);
  if (df === 2) return Math.sqrt(2) * ((1 - tail) / Math.sqrt(tail * (2 - tail)));
  const matchTail = tail <= 0.5;
  const logTarget = Math.log(matchTail ? tail : 1 - tail);
  let lo = -Infinity;
  let hi = Infinity;
  let u = Math.log(initialGuess(tail / 2, df));
  for (let i = 0; i < MAX_STEPS; i++) {
    const t = Math.exp(u);
    const tails = studentTTwoSided(t, df);
    const value = matchTail ? tails.lower : tails.upper;
    const gap = Math.log(value) - logTarget;
    if (gap === 0) return t;
    // The tail falls as t grows and the central mass rises.
    if (gap > 0 === matchTail) lo = u;
    else hi = u;
    // d(ln value)/du = ∓ 2t·pdf(t)/value; the Newton step follows.
    const slope = (2 * t * studentTPdf(t, df)) / value;
    const step = (matchTail ? gap : -gap) / slope;
    // Newton converges quadratically: once a step is this small the next one would be below rounding.
    if (Math.abs(step) <= 1e-13 * Math.max(1, Math.abs(u))) return Math.exp(u + step);
    const next = u + step;
    u = next > lo && next < hi ? next : fallback(u, lo, hi);
  }
  return Math.exp(u);
}

/** Bisects the bracket, or while one end is still open moves a factor e⁴ in t toward it. */
function fallback(u: number, lo: number, hi: number): number {
  if (Number.isFinite(lo) && Number.isFinite(hi)) return (lo + hi) / 2;
  return u === lo ? u + 4 : u - 4;
}

/** Cornish-Fisher start from the normal quantile: z + (z³ + z)/(4ν) + (5z⁵ + 16z³ + 3z)/(96ν²). */
function initialGuess(q: number, df: number): number {
  const z = normalIsf(q);
  const z2 = z * z;
  const guess = z + (z * (z2 + 1)) / (4 * df) + (z * (3 + z2 * (16 + 5 * z2))) / (96 * df * df);
  return guess > 0 ? guess : 1e-3;
}

/**
 * Upper quantile of Student's t: the t with P(T > t) = q, for q in [0, 1].
 * Accurate to about 1e-14 relative; tiny q does not lose precision to 1 − q.
 *
 * @param df - Degrees of freedom, any real > 0; `Infinity` gives the normal.
 * @throws AnalysisError when q is outside [0, 1] or df is not > 0.
 */
export function studentTIsf(q: number, df: number): number {
  requireClosedUnit(q, 'q');
  requirePositive(df, 'df');
  if (df === Infinity) return normalIsf(q);
  if (q === 0) return Infinity;
  if (q === 1) return -Infinity;
  if (q === 0.5) return 0;
  return q < 0.5 ? solve(2 * q, df) : -solve(2 * (1 - q), df);
}

/**
 * Quantile (inverse CDF) of Student's t: the t with P(T ≤ t) = p, for p in
 * [0, 1] (±Infinity at the ends). Accurate to about 1e-14 relative.
 *
 * @param df - Degrees of freedom, any real > 0; `Infinity` gives the normal.
 * @throws AnalysisError when p is outside [0, 1] or df is not > 0.
 */
export function studentTQuantile(p: number, df: number): number {
  requireClosedUnit(p, 'p');
  requirePositive(df, 'df');
  if (p < 0.5) return -studentTIsf(p, df);
  return studentTIsf(1 - p, df);
}
