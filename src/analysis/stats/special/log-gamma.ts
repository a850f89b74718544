/**
 * Log-gamma and log-beta to about 1e-15, from Stirling's series. Small
 * arguments are shifted up with Γ(x) = Γ(x + k) / (x (x+1) … (x+k-1)) until
 * the series is accurate; large arguments of log-beta keep the series
 * remainders apart so nothing large cancels.
 */

/** ½·ln(2π). */
export const HALF_LOG_TWO_PI = 0.9189385332046728;

/** Below this the Stirling remainder is not accurate to double precision. */
const STIRLING_MIN = 10;

/**
 * The remainder δ(x) = lnΓ(x) − [(x − ½)·ln x − x + ½·ln 2π] for x ≥ 10, from
 * the Bernoulli-number series Σ B₂ₖ / (2k(2k−1)·x^(2k−1)); seven terms leave an
 * error below 3e-17 at x = 10.
 */
export function stirlingRemainder(x: number): number {
  const r = 1 / (x * x);
  const series =
    1 / 12 + r * (-1 / 360 + r * (1 / 1260 + r * (-1 / 1680 + r * (1 / 1188 + r * (-691 / 360360 + r / 156)))));
  return series / x;
}

/** ln Γ(x) for x > 0, absolute error about 1e-15 (relative for large x). */
export function logGamma(x: number): number {
  let shifted = x;
  let product = 1;
  while (shifted < STIRLING_MIN) {
    product *= shifted;
    shifted += 1;
  }
  const stirling = (shifted - 0.5) * Math.log(shifted) - shifted + HALF_LOG_TWO_PI + stirlingRemainder(shifted);
  return stirling - Math.log(product);
}

/**
 * ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b) for a, b > 0.
 *
 * When an argument is large the three log-gammas are huge and nearly cancel,
 * so the Stirling terms are combined by hand first: the leading parts reduce
 * to `log1p` expressions and only the small remainders δ are subtracted.
 */
export function logBeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (q < STIRLING_MIN) return logGamma(p) + logGamma(q) - logGamma(p + q);
  const sum = p + q;
  if (p >= STIRLING_MIN) {
    const remainders = stirlingRemainder(p) + stirlingRemainder(q) - stirlingRemainder(sum);
    return -0.5 * Math.log(q) + HALF_LOG_TWO_PI + remainders + (p - 0.5) * Math.log(p / sum) + q * Math.log1p(-p / sum);
  }
  // ln Γ(q) − ln Γ(q + p) = −(q − ½)·log1p(p/q) − p·ln(q + p) + p + δ(q) − δ(q + p)
  const remainders = stirlingRemainder(q) - stirlingRemainder(sum);
  return logGamma(p) + remainders + p - p * Math.log(sum) - (q - 0.5) * Math.log1p(p / q);
}
