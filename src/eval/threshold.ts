/**
 * Percentages become integer bucket thresholds once, at compile time, so the
 * hot path compares two small integers.
 */

/** Number of buckets a unit can fall into: buckets are 0 … 9999 (hundredths of a percent). */
export const BUCKET_COUNT = 10000;

/**
 * Converts a percentage (at most two decimals) to the number of buckets it
 * covers: `Math.round(percent * 100)`, clamped to [0, 10000]. A unit is inside
 * when `bucket < threshold`, so raising a percentage only ever adds units.
 * Anything that is not a finite number covers no bucket.
 */
export function percentToThreshold(percent: number): number {
  // Number.isFinite is false for anything that is not a number, so this also covers non-numbers.
  return Number.isFinite(percent) ? Math.min(Math.max(Math.round(percent * 100), 0), BUCKET_COUNT) : 0;
}
