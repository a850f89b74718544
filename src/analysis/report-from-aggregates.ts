/**
 * The report of a SQL engine, from the per-variant aggregates it returned:
 * every metric compared on them, then finished as every engine's report is
 * (finish-report.ts).
 */
import type { AnalysisAggregates, MetricAggregates } from './aggregates.js';
import { attachCuped } from './cuped-report.js';
import { finishReport } from './finish-report.js';
import { measurement } from './metric-measurement.js';
import type { ResolvedOptions } from './options.js';
import { segmentBreakdownsFromAggregates } from './segment-aggregates.js';
import { segmentSettings } from './segments.js';
import { attachTimeline, timelineFromAggregates } from './timeline.js';
import type { ExperimentReport } from './types.js';
import { compareAggregateMetric } from './kinds/compare.js';

/**
 * The report from per-variant aggregates, whichever SQL engine computed them:
 * variant counts and the sample ratio check, every metric compared, the
 * verdict, segment breakdowns and the power hint. The options with no SQL
 * form never reach it (the engine choice sends them to memory).
 */
export function reportFromAggregates(options: ResolvedOptions, data: AnalysisAggregates): ExperimentReport {
  const variantKeys = options.variants.map((v) => v.key);
  const counts = variantKeys.map((_, i) => data.units[i] ?? 0);
  const metrics = options.metrics.map((metric, m) => {
    const aggregates: MetricAggregates = data.metrics[m] ?? { variants: [] };
    const { control, confidence, priors, sequential } = options;
    const result = compareAggregateMetric(
      metric,
      aggregates.variants,
      counts,
      control,
      confidence,
      priors,
      sequential,
      true,
    );
    result.measurement = measurement(options, metric, aggregates.caps, aggregates.uncapped);
    if ((metric.kind === 'activeDays' || metric.kind === 'retention') && data.eligibilityEnd !== undefined)
      result.measurement.eligibilityEnd = data.eligibilityEnd;
    attachCuped(result, data.cuped?.[m]);
    return result;
  });
  const segments = segmentBreakdownsFromAggregates({
    ...segmentSettings(options),
    values: data.segments,
    ...(data.otherQuantiles ? { otherQuantiles: data.otherQuantiles } : {}),
  });
  const report = finishReport(options, data, {
    counts,
    metrics,
    segments,
    window: data.window,
    controls: data.metrics.map((a) => a.variants[options.control]),
  });
  if (data.skippedLines !== undefined) report.skippedLines = data.skippedLines;
  if (data.timeline !== undefined) {
    const { points, span } = timelineFromAggregates(options, data.timeline);
    attachTimeline(report, points, span);
  }
  return report;
}
