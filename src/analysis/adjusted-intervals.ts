/**
 * Intervals at the level a multiplicity correction used (docs/statistics.md, "Intervals at the corrected
 * level"). A comparison is run again at another level from the inputs it was computed from, which each
 * kind registers here when it builds the comparison; the corrections pass then asks for the level.
 */
import type { ComparisonResult, CorrectionMethod } from './comparison-result.js';
import type { Comparison } from './stats/index.js';
import { adjustedIntervalLevels } from './stats/multiple-comparisons.js';

/** How to compute each comparison again at another confidence level. */
const rerun = new WeakMap<ComparisonResult, (confidence: number) => Comparison>();

/** Registers how `result` is computed at another confidence level (the same test, the same inputs). */
export function rerunAtLevel(result: ComparisonResult, at: (confidence: number) => Comparison): ComparisonResult {
  rerun.set(result, at);
  return result;
}

/**
 * Sets `adjusted` on each comparison of `family` (whose `adjustedPValue` the corrections pass has set by
 * `method`). None with `sequential` (the always-valid intervals are per comparison) or in a family of one.
 * A comparison whose interval at its level would not agree with its adjusted p-value (a p-value exactly at
 * a boundary, where rounding decides) gets none, so no printed interval can contradict its label.
 */
export function attachAdjustedIntervals(
  family: readonly ComparisonResult[],
  method: CorrectionMethod,
  confidence: number,
): void {
  for (const c of family) delete c.adjusted;
  if (family.some((c) => c.sequential !== undefined)) return;
  const levels = adjustedIntervalLevels(
    family.map((c) => c.pValue),
    method,
    confidence,
  );
  family.forEach((c, i) => {
    const level = levels[i];
    const at = rerun.get(c);
    if (level === undefined || at === undefined) return;
    let again: Comparison;
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
