/**
 * Under a sample ratio mismatch no comparison can be trusted: each one says
 * so (`untrusted`) beside the outcome it would have, and the reports print
 * "untrusted" in place of its marks (docs/analysis.md, "Sample ratio
 * mismatch").
 */
import type { ComparisonResult, MissingComparison } from './comparison-result.js';
import type { MetricResult } from './metric-result.js';
import type { SegmentBreakdown } from './types.js';

/** Marks every comparison of `metrics` (their funnel steps too) and `segments` untrusted, in place. */
export function markUntrusted(metrics: readonly MetricResult[], segments: readonly SegmentBreakdown[]): void {
  const mark = (c: ComparisonResult | MissingComparison | undefined) => {
    if (c?.status === 'ok') c.untrusted = 'sample ratio mismatch';
  };
  const markMetric = (result: MetricResult) => {
    for (const row of result.variants) mark(row.comparison);
    for (const step of result.steps ?? []) {
      for (const row of step.variants) {
        mark(row.comparison);
        mark(row.stepComparison);
      }
    }
  };
  metrics.forEach(markMetric);
  for (const breakdown of segments) for (const value of breakdown.values) value.metrics.forEach(markMetric);
}
