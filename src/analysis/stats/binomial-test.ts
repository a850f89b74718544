/**
 * The exact two-sided binomial test, as SciPy's `binomtest` computes it: the
 * p-value sums the probabilities of every count no more likely than the one
 * observed ("minlike", with SciPy's relative slack of 1e-7 for ties).
 */
import { AnalysisError } from '../../errors/index.js';
import { betaTails } from './special/incomplete-beta.js';
import type { BetaPoint } from './special/incomplete-beta.js';
import { logGamma } from './special/log-gamma.js';

const RELATIVE_SLACK = 1 + 1e-7;

/**
 * Two-sided p-value of `k` successes in `n` trials with success probability `p`.
 *
 * @throws AnalysisError when `n` or `k` is not a whole number, `k` is outside [0, n], or `p` is outside (0, 1).
 */
export function binomialTestTwoSided(k: number, n: number, p: number): number {
  if (!(Number.isInteger(n) && n >= 0 && Number.isInteger(k) && k >= 0 && k <= n))
    throw new AnalysisError(`the binomial test needs whole counts with 0 ≤ k ≤ n, got k = ${k}, n = ${n}`);
  if (!(p > 0 && p < 1)) throw new AnalysisError(`the binomial test needs 0 < p < 1, got ${p}`);
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  const base = logGamma(n + 1);
  const logPmf = (x: number) => base - logGamma(x + 1) - logGamma(n - x + 1) + x * logP + (n - x) * logQ;
  // P(X ≤ x) = I_(1−p)(n − x, x + 1); P(X > x) = I_p(x + 1, n − x).
  const atP: BetaPoint = { x: p, y: 1 - p, logX: logP, logY: logQ };
  const atQ: BetaPoint = { x: 1 - p, y: p, logX: logQ, logY: logP };
  const cdf = (x: number) => (x < 0 ? 0 : x >= n ? 1 : betaTails(n - x, x + 1, atQ).lower);
  const sf = (x: number) => (x < 0 ? 1 : x >= n ? 0 : betaTails(x + 1, n - x, atP).lower);
  const mean = n * p;
  if (k === mean) return 1;
  const limit = logPmf(k) + Math.log(RELATIVE_SLACK);
  if (k < mean) {
    // The last count above the mean at least as likely as k: the pmf falls from ⌈np⌉ to n.
    const ix = lastAtLeast(Math.ceil(mean), n, (x) => logPmf(x) >= limit);
    return Math.min(1, cdf(k) + sf(ix));
  }
  // The first count below the mean as likely as k: the pmf rises from 0 to ⌊np⌋.
  const ix = firstAtLeast(0, Math.floor(mean), (x) => logPmf(x) >= limit);
  return Math.min(1, cdf(ix - 1) + sf(k - 1));
}

// The largest x in [lo, hi] with ok(x) (ok true then false), or lo − 1 when none.
function lastAtLeast(lo: number, hi: number, ok: (x: number) => boolean): number {
  let a = lo - 1;
  let b = hi;
  while (a < b) {
    const mid = a + Math.ceil((b - a) / 2);
    if (ok(mid)) a = mid;
    else b = mid - 1;
  }
  return a;
}

// The smallest x in [lo, hi] with ok(x) (ok false then true), or hi + 1 when none.
function firstAtLeast(lo: number, hi: number, ok: (x: number) => boolean): number {
  let a = lo;
  let b = hi + 1;
  while (a < b) {
    const mid = a + Math.floor((b - a) / 2);
    if (ok(mid)) b = mid;
    else a = mid + 1;
  }
  return a;
}
