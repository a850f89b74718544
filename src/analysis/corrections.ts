/**
 * The multiple-comparisons pass: groups every comparison of the report into
 * families, adjusts the p-values within each family, and sets each
 * comparison's outcome from its adjusted p-value. Guardrails are then checked
 * against what their intervals rule out.
 *
 * Families: the primary metrics (every primary × treatment), the secondary
 * metrics, the guardrails, and each segment attribute (every value × metric ×
 * treatment). Guardrails are never corrected: adjusting them would make harm
 * harder to see, the opposite of what a guardrail is for.
 */
import { attachAdjustedIntervals } from './adjusted-intervals.js';
import { outcomeOf } from './compare.js';
import { adjustPValues } from './stats/index.js';
import type { ComparisonResult, CorrectionMethod, GuardrailCheck } from './comparison-result.js';
import type { MetricResult } from './metric-result.js';
import type { ResolvedMetric } from './metric-definition.js';
import type { SegmentBreakdown } from './types.js';

/** The correction of each family; guardrails are never corrected. */
export interface CorrectionOptions {
  /** Default `holm`: a ship decision keeps its family-wise error rate. */
  primary: CorrectionMethod;
  /** Default `benjamini-hochberg`. */
  secondary: CorrectionMethod;
  /** Default `benjamini-hochberg`, per attribute. */
  segments: CorrectionMethod;
}

/** Defaults of {@link CorrectionOptions}. */
export const DEFAULT_CORRECTIONS: CorrectionOptions = {
  primary: 'holm',
  secondary: 'benjamini-hochberg',
  segments: 'benjamini-hochberg',
};

interface Member {
  metric: ResolvedMetric;
  comparison: ComparisonResult;
}

/** Adjusts the p-values of `metrics` and `segments` in place and sets outcomes and guardrail checks. */
export function applyCorrections(
  metrics: readonly MetricResult[],
  segments: readonly SegmentBreakdown[],
  corrections: CorrectionOptions,
  confidence: number,
): void {
  const byRole = (role: ResolvedMetric['role']) => members(metrics.filter((m) => m.metric.role === role));
  adjustFamily(byRole('primary'), 'primary', corrections.primary, false, confidence);
  adjustFamily(byRole('secondary'), 'secondary', corrections.secondary, true, confidence);
  adjustFamily(byRole('guardrail'), 'guardrail', 'none', false, confidence);
  for (const breakdown of segments) {
    const all = members(breakdown.values.flatMap((segment) => segment.metrics));
    adjustFamily(all, `segments:${breakdown.attribute}`, corrections.segments, true, confidence);
  }
  for (const { metric, comparison } of byRole('guardrail')) comparison.guardrail = guardrailCheck(metric, comparison);
}

function members(results: readonly MetricResult[]): Member[] {
  return results.flatMap(({ metric, variants }) =>
    variants.flatMap((row) => (row.comparison?.status === 'ok' ? [{ metric, comparison: row.comparison }] : [])),
  );
}

function adjustFamily(
  family: Member[],
  name: string,
  method: CorrectionMethod,
  exploratory: boolean,
  confidence: number,
): void {
  // With sequential testing the always-valid p-values are the ones adjusted (and decided on).
  const pValueOf = (c: ComparisonResult) => c.sequential?.pValue ?? c.pValue;
  const adjusted = adjustPValues(
    family.map((m) => pValueOf(m.comparison)),
    method,
  );
  family.forEach(({ metric, comparison }, i) => {
    comparison.adjustedPValue = adjusted[i] ?? pValueOf(comparison);
    comparison.correction = { family: name, method, size: family.length };
    comparison.exploratory = exploratory;
    comparison.outcome = outcomeOf(metric, comparison.difference, comparison.adjustedPValue < 1 - confidence);
  });
  attachAdjustedIntervals(
    family.map((m) => m.comparison),
    method,
    confidence,
  );
}

/** What a guardrail's relative interval rules out, and pass/fail against its margin. */
export function guardrailCheck(metric: ResolvedMetric, c: ComparisonResult): GuardrailCheck {
  // Harm is movement in the unwanted direction: the interval's end on that side, as a positive share.
  const interval = c.sequential?.relativeCi ?? c.relativeCi;
  const harmBound = metric.direction === 'decrease' ? interval[1] : -interval[0];
  const margin = metric.nonInferiorityMargin;
  const check: GuardrailCheck = { harmBound, status: 'no significant harm' };
  if (margin !== undefined) check.margin = margin;
  if (c.outcome === 'worse') check.status = 'hurt';
  else if (margin !== undefined) check.status = harmBound < margin ? 'pass' : 'fail';
  return check;
}
