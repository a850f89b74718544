/**
 * Winsorizing: clipping outliers to quantiles of the sample itself.
 */
import { AnalysisError } from '../../errors/index.js';
import type { WinsorizeLimits } from './types.js';
import { requireClosedUnit, requireFiniteValues } from './validate.js';

/**
 * Quantile of ascending `sorted` by linear interpolation between order
 * statistics (Hyndman & Fan type 7, the default of R and NumPy): position
 * h = (n − 1)·q, value x₍⌊h⌋₎ + (h − ⌊h⌋)·(x₍⌊h⌋₊₁₎ − x₍⌊h⌋₎).
 */
export function sortedQuantile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const below = Math.floor(h);
  const a = sorted[below] as number;
  const b = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  const fraction = h - below;
  // Ends more than the largest double apart (±1.7e308): b − a overflows, so weigh each end instead.
  if (!Number.isFinite(b - a)) return a * (1 - fraction) + b * fraction;
  // Interpolating from the nearer end keeps the result exact at both ends and
  // inside [a, b] despite rounding.
  return fraction < 0.5 ? a + (b - a) * fraction : b - (b - a) * (1 - fraction);
}

/**
 * Clips `values` to their own `lower` and `upper` quantiles (type 7, see
 * `sortedQuantile`); values below the lower threshold become it,
 * values above the upper one become it. The result keeps the input order;
 * the input is not modified. An omitted side is not clipped, and an empty
 * input gives an empty result.
 *
 * @throws AnalysisError when a value is not finite, a limit is outside
 *   [0, 1], or lower > upper.
 */
export function winsorize(values: readonly number[], limits: WinsorizeLimits = {}): number[] {
  requireFiniteValues(values, 'values');
  if (typeof limits !== 'object' || limits === null)
    throw new AnalysisError('limits must be an object { lower?, upper? }');
  const { lower, upper } = limits;
  if (lower !== undefined) requireClosedUnit(lower, 'lower');
  if (upper !== undefined) requireClosedUnit(upper, 'upper');
  if (lower !== undefined && upper !== undefined && lower > upper) {
    throw new AnalysisError(`lower (${lower}) must not exceed upper (${upper})`);
  }
  if (values.length === 0) return [];
  const sorted = [...values].sort((x, y) => x - y);
  const low = lower === undefined ? -Infinity : sortedQuantile(sorted, lower);
  const high = upper === undefined ? Infinity : sortedQuantile(sorted, upper);
  return values.map((value) => (value < low ? low : Math.min(value, high)));
}
