/**
 * The standard normal distribution to full double precision.
 *
 * The CDF uses two expansions, each where it needs no cancellation:
 * - |z| < 1.5: Φ(z) − ½ = φ(z) · Σₙ z^(2n+1) / (1·3·5·…·(2n+1)), all terms of one sign;
 * - |z| ≥ 1.5: the upper tail from the Mills-ratio continued fraction
 *   1 − Φ(z) = φ(z) / (z + 1/(z + 2/(z + 3/(z + …)))).
 * The quantile starts from a rational approximation good to 4.5e-4 and
 * refines it with Halley steps on those expansions (cubic convergence, so
 * two or three steps reach the last bit). Near p = ½ it solves
 * Φ(z) − ½ = p − ½ instead, since p − ½ is exact there and keeps small
 * quantiles relatively accurate.
 */
import { continuedFraction } from '../special/continued-fraction.js';
import { requireClosedUnit, requireNumber } from '../validate.js';

const INV_SQRT_TWO_PI = 0.3989422804014327;
/**
 * Below this the series is used, above it the continued fraction. Lower, the
 * fraction needs too many terms (350 at z = 1); higher, ½ − (Φ(z) − ½)
 * loses relative precision to cancellation (about 4e-14 at z = 3).
 */
const SERIES_LIMIT = 1.5;

/** Density φ(z) = e^(−z²/2)/√(2π). */
export function normalPdf(z: number): number {
  requireNumber(z, 'z');
  const a = Math.abs(z);
  // Past 39 φ underflows to 0; far past it the split below would be 0 · ∞ (NaN near |z| = 24,000).
  if (a >= 39) return 0;
  // z² is split as zr² + (z − zr)(z + zr) with zr on a 1/16 grid, so zr² is exact
  // and the rounding of z² does not get amplified by exp in the far tail.
  const zr = Math.round(a * 16) / 16;
  return INV_SQRT_TWO_PI * Math.exp(-0.5 * zr * zr) * Math.exp(-0.5 * (a - zr) * (a + zr));
}

/** Φ(z) − ½, from the all-positive series (odd in z). */
function centralMass(z: number): number {
  const z2 = z * z;
  let term = z;
  let sum = z;
  for (let n = 1; Math.abs(term) > Math.abs(sum) * 1e-17; n++) {
    term *= z2 / (2 * n + 1);
    sum += term;
  }
  return normalPdf(z) * sum;
}

/** 1 − Φ(z) for z ≥ 1.5 (at most about 170 terms), from the Mills-ratio continued fraction. */
function upperTail(z: number): number {
  if (z === Infinity) return 0;
  return (
    normalPdf(z) /
    continuedFraction(
      z,
      (n) => n,
      () => z,
      5000,
    )
  );
}

/** Upper tail probability 1 − Φ(z), computed directly (relative accuracy about 1e-15 even for tiny tails). */
export function normalSf(z: number): number {
  requireNumber(z, 'z');
  if (z >= SERIES_LIMIT) return upperTail(z);
  if (z <= -SERIES_LIMIT) return 1 - upperTail(-z);
  return 0.5 - centralMass(z);
}

/** Standard normal CDF Φ(z), relative accuracy about 1e-15 including the far lower tail. */
export function normalCdf(z: number): number {
  requireNumber(z, 'z');
  return normalSf(-z);
}

/**
 * Standard normal quantile Φ⁻¹(p) for p in [0, 1] (±Infinity at the ends),
 * relative accuracy about 1e-15.
 *
 * @throws AnalysisError when p is outside [0, 1] or NaN.
 */
export function normalQuantile(p: number): number {
  requireClosedUnit(p, 'p');
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p >= 0.25 && p <= 0.75) return solveCentral(p - 0.5);
  return p < 0.5 ? -solveUpper(p) : solveUpper(1 - p);
}

/**
 * Upper quantile: the z with 1 − Φ(z) = q, for q in [0, 1]. Same as
 * `normalQuantile(1 − q)` without the rounding of 1 − q, so it stays exact
 * for tiny q.
 *
 * @throws AnalysisError when q is outside [0, 1] or NaN.
 */
export function normalIsf(q: number): number {
  requireClosedUnit(q, 'q');
  if (q === 0) return Infinity;
  if (q === 1) return -Infinity;
  if (q >= 0.25 && q <= 0.75) return solveCentral(0.5 - q);
  return q < 0.5 ? solveUpper(q) : -solveUpper(1 - q);
}

/**
 * Rational approximation to the upper quantile for 0 < q ≤ ½, absolute error
 * below 4.5e-4 (Abramowitz & Stegun 26.2.23); only a starting point.
 */
function roughUpper(q: number): number {
  const t = Math.sqrt(-2 * Math.log(q));
  return t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)));
}

/** The z > 0 with 1 − Φ(z) = q, for 0 < q < ¼, by Halley's method. */
function solveUpper(q: number): number {
  let z = roughUpper(q);
  for (let i = 0; i < 10; i++) {
    const u = (normalSf(z) - q) / normalPdf(z);
    const step = u / (1 - (z * u) / 2);
    z += step;
    if (Math.abs(step) <= 1e-15 * z) break;
  }
  return z;
}

/** The z with Φ(z) − ½ = r, for |r| ≤ ¼ (so |z| < 0.68 and the series applies), by Halley's method. */
function solveCentral(r: number): number {
  if (r === 0) return 0;
  let z = r < 0 ? -roughUpper(0.5 + r) : roughUpper(0.5 - r);
  for (let i = 0; i < 10; i++) {
    const u = (centralMass(z) - r) / normalPdf(z);
    const step = u / (1 + (z * u) / 2);
    z -= step;
    if (Math.abs(step) <= 1e-16 * Math.abs(z)) break;
  }
  return z;
}
