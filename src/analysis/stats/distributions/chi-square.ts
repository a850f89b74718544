/**
 * The chi-square distribution with k > 0 degrees of freedom, through the
 * regularized incomplete gamma function: P(X > x) = Q(k/2, x/2).
 */
import { AnalysisError } from '../../../errors/index.js';
import { gammaTails } from '../special/incomplete-gamma.js';
import { requireNumber, requirePositive } from '../validate.js';

/**
 * Upper tail P(X > x) of the chi-square distribution with `df` degrees of
 * freedom, computed directly (relative accuracy about 1e-14 even for tiny
 * tails). Returns 1 for x ≤ 0.
 *
 * @param df - Degrees of freedom, any real > 0.
 * @throws AnalysisError when x is NaN or df is not a finite number > 0.
 */
export function chiSquareSf(x: number, df: number): number {
  requireNumber(x, 'x');
  requirePositive(df, 'df');
  if (df === Infinity) throw new AnalysisError('df must be finite');
  return gammaTails(df / 2, Math.max(0, x / 2)).upper;
}

/**
 * CDF P(X ≤ x) of the chi-square distribution with `df` degrees of freedom
 * (relative accuracy about 1e-14 in the lower tail). Returns 0 for x ≤ 0.
 *
 * @throws AnalysisError when x is NaN or df is not a finite number > 0.
 */
export function chiSquareCdf(x: number, df: number): number {
  requireNumber(x, 'x');
  requirePositive(df, 'df');
  if (df === Infinity) throw new AnalysisError('df must be finite');
  return gammaTails(df / 2, Math.max(0, x / 2)).lower;
}
