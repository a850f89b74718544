/**
 * Intervals at the level a multiplicity correction used (docs/statistics.md, "Intervals at the corrected
 * level"). A comparison is run again at another level from the inputs it was computed from, which each
 * kind registers here when it builds the comparison; the corrections pass then asks for the level.
 */
import type { ComparisonResult, CorrectionMethod } from './comparison-result.js';
import { adjustedIntervalLevels } from './stats/multiple-comparisons.js';

/** The intervals a comparison prints (with `sequential`, the always-valid ones). */
export interface PrintedIntervals {
  ci: [number, number];
  relativeCi: [number, number];
}

/** How to compute each comparison's printed intervals again at another confidence level. */
const rerun = new WeakMap<ComparisonResult, (confidence: number) => PrintedIntervals>();

/**
 * Registers how `result`'s printed intervals are computed at another confidence level (the same test on
 * the same inputs; with `sequential`, the sequence tuned for the report's level, whose p-value was adjusted).
 */
export function rerunAtLevel(result: ComparisonResult, at: (confidence: number) => PrintedIntervals): ComparisonResult {
  rerun.set(result, at);
  return result;
}

/**
 * Sets `adjusted` on each comparison of `family` (whose `adjustedPValue` the corrections pass has set by
 * `method`, from the always-valid p-values with `sequential`). None in a family of one.
 * A comparison whose interval at its level would not agree with its adjusted p-value (a p-value exactly at
 * a boundary, where rounding decides) gets none, so no printed interval can contradict its label.
 */
export function attachAdjustedIntervals(
  family: readonly ComparisonResult[],
  method: CorrectionMethod,
  confidence: number,
): void {
  for (const c of family) delete c.adjusted;
  const levels = adjustedIntervalLevels(
    family.map((c) => c.sequential?.pValue ?? c.pValue),
    method,
    confidence,
  );
  family.forEach((c, i) => {
    const level = levels[i];
    const at = rerun.get(c);
    if (level === undefined || at === undefined) return;
    let again: PrintedIntervals;
    try {
      again = at(level.confidence);
    } catch {
      return;
    }
    const excludes = (ci: readonly number[]) => (ci[0] as number) > 0 || (ci[1] as number) < 0;
    const significant = c.adjustedPValue < 1 - confidence;
    if (!again.ci.every(Number.isFinite) || again.relativeCi.some(Number.isNaN)) return;
    if (excludes(again.ci) !== significant) return;
    c.adjusted = {
      ci: [again.ci[0], again.ci[1]],
      relativeCi: [again.relativeCi[0], again.relativeCi[1]],
      confidence: level.confidence,
      rule: level.rule,
    };
  });
}
