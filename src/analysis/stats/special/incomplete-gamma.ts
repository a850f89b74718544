/**
 * The regularized incomplete gamma functions P(a, x) = γ(a, x)/Γ(a) and
 * Q(a, x) = 1 − P(a, x). Below x = a + 1 the power series
 *
 *   P(a, x) = x^a e^(−x) / Γ(a) · Σₙ xⁿ / (a (a+1) … (a+n))
 *
 * converges fast; above it Legendre's continued fraction
 *
 *   Q(a, x) = x^a e^(−x) / Γ(a) ·
 *             1 / (x + 1 − a − 1·(1−a) / (x + 3 − a − 2·(2−a) / (x + 5 − a − …)))
 *
 * does. Each computes the smaller tail directly, so both keep full precision.
 */
import { continuedFraction } from './continued-fraction.js';
import { HALF_LOG_TWO_PI, logGamma, stirlingRemainder } from './log-gamma.js';

/** P(a, x) (`lower`) and Q(a, x) (`upper`). */
export interface GammaTails {
  lower: number;
  upper: number;
}

/** A generous cap: near x = a the series and the fraction need O(√a) terms (about 3,300 at a = 5e7). */
const MAX_TERMS = 1_000_000;

/** P(a, x) and Q(a, x) for a > 0 and x ≥ 0, to about 1e-14 relative on the tail computed directly. */
export function gammaTails(a: number, x: number): GammaTails {
  if (x <= 0) return { lower: 0, upper: 1 };
  if (x === Infinity) return { lower: 1, upper: 0 };
  const front = Math.exp(logFront(a, x));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n <= MAX_TERMS; n++) {
      term *= x / (a + n);
      sum += term;
      if (term < sum * 1e-16) break;
    }
    const lower = front * sum;
    return { lower, upper: 1 - lower };
  }
  const denominator = continuedFraction(
    x + 1 - a,
    (n) => -n * (n - a),
    (n) => x + 1 - a + 2 * n,
    MAX_TERMS,
  );
  const upper = front / denominator;
  return { lower: 1 - upper, upper };
}

/**
 * ln(x^a e^(−x) / Γ(a)). For large a the terms a·ln x, x and ln Γ(a) are huge
 * and nearly cancel, so Stirling's series is folded in first:
 * a·(ln(x/a) − (x − a)/a) + ½·ln a − ½·ln 2π − δ(a).
 */
function logFront(a: number, x: number): number {
  if (a < 10) return a * Math.log(x) - x - logGamma(a);
  const d = (x - a) / a;
  const logRatio = d > -0.5 ? Math.log1p(d) : Math.log(x) - Math.log(a);
  return a * (logRatio - d) + 0.5 * Math.log(a) - HALF_LOG_TWO_PI - stirlingRemainder(a);
}
