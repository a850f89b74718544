/**
 * Sums of percentages in hundredths: weights like 33.33 + 33.33 + 33.34 add
 * up to exactly 10000, where floating-point addition would not give 100.
 */

/** The percentages added up in hundredths of a percent. */
export function sumHundredths(percents: readonly number[]): number {
  return percents.reduce((sum, percent) => sum + Math.round(percent * 100), 0);
}

/** A sum in hundredths written as a percentage, e.g. 9999 -> `99.99`. */
export function formatHundredths(hundredths: number): string {
  return String(hundredths / 100);
}
