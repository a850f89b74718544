/**
 * The in-memory engine's report: from enrolled units with their tallies to
 * per-unit metric values, grouped by variant and compared, then finished as
 * every engine's report is (finish-report.ts).
 */
import type { EnrolledUnit, EnrolledUnits } from './assignments.js';
import { compareMetric } from './compare.js';
import { attachCuped, cupedOutcomes } from './cuped-report.js';
import { finishReport } from './finish-report.js';
import { groupByVariant } from './groups.js';
import { measurement } from './metric-measurement.js';
import { metricEventNames, unitMetricValues } from './metric-values.js';
import type { ResolvedOptions } from './options.js';
import { segmentBreakdowns, segmentSettings } from './segments.js';
import type { EventCounts, Exclusions, ExperimentReport, InvalidData } from './types.js';
import type { KindCollector } from './kinds/collector.js';
import { compareKindMetric, kindGroups } from './kinds/compare.js';
import { isExtraKind } from './kinds/definitions.js';
import { kindUnitValues } from './kinds/unit-values.js';

/** Everything collected from the events. */
export interface CollectedData {
  units: EnrolledUnits;
  exclusions: Exclusions;
  events: EventCounts;
  invalid: InvalidData;
  /** CUPED's pre-exposure tallies (laid out like `units.tallies`), when the analysis adjusts metrics. */
  preTallies?: Float64Array;
  /** What the quantile, funnel, active-day and retention metrics collected, and the end of their days. */
  kinds?: { collector: KindCollector; end: number };
}

/**
 * Computes the report with the in-memory engine; `options` must come from
 * `resolveOptions`. Per-unit values are grouped by variant and `compareMetric`
 * reduces them to the same aggregates the SQL engines return; quantiles keep
 * their own comparison on the values, and CUPED's adjusted values and funnel
 * steps are grouped per unit before they are reduced.
 */
export function buildReport(options: ResolvedOptions, data: CollectedData): ExperimentReport {
  const units = [...data.units.byId.values()];
  const variantKeys = options.variants.map((v) => v.key);
  const counts = countByVariant(units, variantKeys.length);

  const eventIndex = new Map(metricEventNames(options.metrics).map((name, i) => [name, i]));
  const end = data.kinds?.end ?? -Infinity;
  const values = options.metrics.map((metric) =>
    isExtraKind(metric.kind)
      ? kindUnitValues(metric, units, data.kinds?.collector, end)
      : unitMetricValues(metric, units, data.units.tallies, eventIndex),
  );
  const cuped = cupedOutcomes(options, units, data.preTallies, eventIndex, values);
  const groups = values.map((v, m) => {
    const metric = options.metrics[m];
    return metric && isExtraKind(metric.kind)
      ? kindGroups({ metric, variantKeys, units, values: v })
      : groupByVariant(variantKeys, units, v);
  });
  const metrics = options.metrics.map((metric, m) => {
    const result = isExtraKind(metric.kind)
      ? compareKindMetric(
          {
            metric,
            variantKeys,
            units,
            values: values[m] ?? { values: [] },
            control: options.control,
            confidence: options.confidence,
            priors: options.priors,
            ...(options.sequential ? { sequential: options.sequential } : {}),
          },
          true,
        )
      : compareMetric(metric, groups[m] ?? [], options.control, options.confidence, options.priors, options.sequential);
    const v = values[m];
    const uncapped = v?.uncapped && groupByVariant(variantKeys, units, { values: v.uncapped });
    result.measurement = measurement(options, metric, v?.caps, uncapped);
    if (metric.kind === 'activeDays' || metric.kind === 'retention') result.measurement.eligibilityEnd = end;
    attachCuped(result, cuped[m]);
    return result;
  });
  const segments = segmentBreakdowns({ ...segmentSettings(options), units, values });
  return finishReport(options, data, {
    counts,
    metrics,
    segments,
    window: enrollmentWindow(units),
    controls: groups.map((g) => g[options.control]),
  });
}

function countByVariant(units: readonly EnrolledUnit[], variants: number): number[] {
  const counts = new Array<number>(variants).fill(0);
  for (const unit of units) counts[unit.variant] = (counts[unit.variant] ?? 0) + 1;
  return counts;
}

function enrollmentWindow(units: readonly EnrolledUnit[]): { from: number; to: number } | undefined {
  if (units.length === 0) return undefined;
  let from = Infinity;
  let to = -Infinity;
  for (const unit of units) {
    if (unit.entered < from) from = unit.entered;
    if (unit.entered > to) to = unit.entered;
  }
  return { from, to };
}
