/**
 * Student's t distribution with ν > 0 degrees of freedom (fractional ν
 * allowed, as Welch's test needs), through the incomplete beta function:
 *
 *   P(|T| > t) = I_x(ν/2, ½)  and  P(|T| < t) = I_y(½, ν/2),
 *   x = ν/(ν + t²), y = t²/(ν + t²).
 *
 * x, y and their logarithms are formed from t²/ν or ν/t² (whichever is at
 * most 1) so that neither cancellation nor overflow touches them; the tail
 * probability is then as accurate as the incomplete beta itself. ν = ∞ is
 * the standard normal.
 */
import { betaTails } from '../special/incomplete-beta.js';
import type { BetaPoint, BetaTails } from '../special/incomplete-beta.js';
import { logBeta } from '../special/log-gamma.js';
import { requireNumber, requirePositive } from '../validate.js';
import { normalPdf, normalSf } from './normal.js';

/** The beta-function point for |t| (see the module comment). */
function betaPoint(t: number, df: number): BetaPoint {
  const logT2 = 2 * Math.log(t);
  const logDf = Math.log(df);
  if (t * t <= df) {
    const s = (t / df) * t;
    const log1pS = Math.log1p(s);
    return { x: 1 / (1 + s), y: s / (1 + s), logX: -log1pS, logY: logT2 - logDf - log1pS };
  }
  const r = df / t / t;
  const log1pR = Math.log1p(r);
  return { x: r / (1 + r), y: 1 / (1 + r), logX: logDf - logT2 - log1pR, logY: -log1pR };
}

/**
 * P(|T| > t) as `lower` (the two-sided tail) and P(|T| < t) as `upper`, for
 * t ≥ 0, each computed without subtracting from 1 where it is small.
 */
export function studentTTwoSided(t: number, df: number): BetaTails {
  if (t === 0) return { lower: 1, upper: 0 };
  if (t === Infinity) return { lower: 0, upper: 1 };
  return betaTails(df / 2, 0.5, betaPoint(t, df));
}

function checkArguments(t: number, df: number): void {
  requireNumber(t, 't');
  requirePositive(df, 'df');
}

/**
 * Upper tail P(T > t) of Student's t with `df` degrees of freedom, computed
 * directly so tiny tails keep their relative precision (about 1e-14).
 *
 * @param df - Degrees of freedom, any real > 0; `Infinity` gives the normal.
 * @throws AnalysisError when t is NaN or df is not > 0.
 */
export function studentTSf(t: number, df: number): number {
  checkArguments(t, df);
  if (df === Infinity) return normalSf(t);
  const tails = studentTTwoSided(Math.abs(t), df);
  return t >= 0 ? tails.lower / 2 : 0.5 + tails.upper / 2;
}

/**
 * CDF P(T ≤ t) of Student's t with `df` degrees of freedom, relative
 * accuracy about 1e-14 in both tails.
 *
 * @param df - Degrees of freedom, any real > 0; `Infinity` gives the normal.
 * @throws AnalysisError when t is NaN or df is not > 0.
 */
export function studentTCdf(t: number, df: number): number {
  checkArguments(t, df);
  return studentTSf(-t, df);
}

/**
 * Density of Student's t: (1 + t²/ν)^(−(ν+1)/2) / (√ν · B(ν/2, ½)).
 *
 * @throws AnalysisError when t is NaN or df is not > 0.
 */
export function studentTPdf(t: number, df: number): number {
  checkArguments(t, df);
  if (df === Infinity) return normalPdf(t);
  const a = Math.abs(t);
  if (a === Infinity) return 0;
  // ln(1 + t²/ν), rewritten for large t so t² cannot overflow.
  const log1pS = a * a <= df ? Math.log1p((a / df) * a) : 2 * Math.log(a) - Math.log(df) + Math.log1p(df / a / a);
  return Math.exp(-((df + 1) / 2) * log1pS - 0.5 * Math.log(df) - logBeta(df / 2, 0.5));
}
