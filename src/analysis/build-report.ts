/**
 * From enrolled units with their tallies to the {@link ExperimentReport}:
 * variant counts and the sample ratio check, every metric compared, the
 * verdict, segment breakdowns and the power hint.
 */
import type { AnalysisAggregates, MetricAggregates } from './aggregates.js';
import type { EnrolledUnit, EnrolledUnits } from './assignments.js';
import { aggregateGroup, compareMetric } from './compare.js';
import type { ComparedGroup, VariantValues } from './compare.js';
import { attachCuped, cupedOutcomes } from './cuped-report.js';
import { applyCorrections } from './corrections.js';
import { groupByVariant } from './groups.js';
import { metricEventNames, unitMetricValues } from './metric-values.js';
import type { ResolvedOptions } from './options.js';
import { powerHint } from './power.js';
import { segmentBreakdownsFromAggregates } from './segment-aggregates.js';
import { segmentBreakdowns, type SegmentSettings } from './segments.js';
import { checkSampleRatio } from './srm.js';
import type { CapApplied, MetricMeasurement, MetricResult } from './metric-result.js';
import type {
  EventCounts,
  Exclusions,
  ExperimentReport,
  InvalidData,
  SegmentBreakdown,
  VariantCount,
} from './types.js';
import type { ResolvedMetric } from './metric-definition.js';
import { decide } from './verdict.js';
import { attachTimeline, timelineFromAggregates } from './timeline.js';
import type { KindCollector } from './kinds/collector.js';
import {
  adjustFunnelSteps,
  comparableMetric,
  compareAggregateMetric,
  compareKindMetric,
  kindGroups,
} from './kinds/compare.js';
import { isExtraKind } from './kinds/definitions.js';
import { kindUnitValues } from './kinds/unit-values.js';
import { P_VALUE_ADJUSTMENT_NAMES as METHOD_NAMES } from './stats/multiple-comparisons.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

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

// What both segment breakdowns (per-unit values in memory, aggregates from an engine) take from the options.
function segmentSettings(options: ResolvedOptions): SegmentSettings {
  return {
    attributes: options.segments,
    metrics: options.metrics,
    variantKeys: options.variants.map((v) => v.key),
    control: options.control,
    confidence: options.confidence,
    maxValues: options.maxSegmentValues,
    priors: options.priors,
    ...(options.sequential ? { sequential: options.sequential } : {}),
  };
}

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
  if (data.timeline !== undefined) {
    const { points, span } = timelineFromAggregates(options, data.timeline);
    attachTimeline(report, points, span);
  }
  return report;
}

interface ReportParts {
  counts: number[];
  metrics: MetricResult[];
  segments: SegmentBreakdown[];
  window: { from: number; to: number } | undefined;
  /** Per metric, control's values or aggregate, for the power hint. */
  controls: (VariantValues | ComparedGroup | undefined)[];
}

// What every engine shares once the metrics are compared: corrections, the verdict, power and notes.
function finishReport(
  options: ResolvedOptions,
  data: { exclusions: Exclusions; events: EventCounts; invalid: InvalidData },
  parts: ReportParts,
): ExperimentReport {
  const { counts, metrics, segments, window } = parts;
  const variantKeys = options.variants.map((v) => v.key);
  const weights = options.variants.map((v) => v.weight);
  const totalUnits = counts.reduce((a, b) => a + b, 0);
  const srm = checkSampleRatio(counts, weights, options.weightsAssumed);
  const treatments = variantKeys.filter((_, i) => i !== options.control);
  applyCorrections(metrics, segments, options.corrections, options.confidence);
  adjustFunnelSteps(metrics, options.corrections.secondary, options.confidence);
  const { verdict, variantVerdicts } = decide(metrics, srm, treatments);

  const unitsPerDay =
    window && window.to - window.from >= HOUR_MS ? (totalUnits * DAY_MS) / (window.to - window.from) : undefined;
  const power = options.metrics.flatMap((metric, m) => {
    const group = parts.controls[m];
    if (metric.role !== 'primary' || group === undefined) return [];
    if (metric.kind === 'quantile')
      return [
        {
          status: 'not enough data' as const,
          metric: metric.key,
          reason: 'the power hint covers conversion, mean and ratio metrics, not quantiles',
        },
      ];
    return [
      powerHint(comparableMetric(metric) ?? metric, aggregateGroup(group), {
        confidence: options.confidence,
        power: options.power,
        units: counts,
        weights,
        unitsPerDay,
      }),
    ];
  });

  const report: ExperimentReport = {
    experiment: { key: options.key, unit: options.unit, control: variantKeys[options.control] ?? '' },
    confidence: options.confidence,
    variants: variantCounts(options, counts),
    units: totalUnits,
    exclusions: { ...data.exclusions },
    events: { ...data.events },
    invalid: { events: { ...data.invalid.events }, exposures: { ...data.invalid.exposures } },
    srm,
    metrics,
    verdict,
    variantVerdicts,
    segments,
    power,
    // Invalid stored data is the structured `invalid` field; both reports render it from there.
    notes: [...options.notes, ...automaticNotes(options, data.exclusions)],
  };
  if (window) report.window = { ...window };
  return report;
}

function measurement(
  options: ResolvedOptions,
  metric: ResolvedMetric,
  caps: { lower?: CapApplied; upper?: CapApplied } | undefined,
  uncappedGroups: readonly (VariantValues | ComparedGroup)[] | undefined,
): MetricMeasurement {
  const events =
    metric.kind === 'ratio'
      ? [metric.numerator?.event ?? '', metric.denominator?.event ?? '']
      : (metric.steps ?? [metric.event]);
  const window: MetricMeasurement['window'] = {};
  if (options.from !== undefined) window.from = options.from;
  if (options.to !== undefined) window.to = options.to;
  const result: MetricMeasurement = { events: [...new Set(events)], window };
  if (caps !== undefined && uncappedGroups !== undefined) {
    // The same comparison on the values before capping: a cap that flips the sign must be visible.
    const raw = compareMetric(
      metric,
      uncappedGroups,
      options.control,
      options.confidence,
      options.priors,
      options.sequential,
    );
    const uncapped = raw.variants.flatMap((row) =>
      row.comparison?.status === 'ok'
        ? [
            {
              variant: row.variant,
              value: row.summary.value,
              difference: row.comparison.difference,
              relativeLift: row.comparison.relativeLift,
              // With sequential testing, the same always-valid p-value as the capped row.
              pValue: row.comparison.sequential?.pValue ?? row.comparison.pValue,
            },
          ]
        : [],
    );
    result.caps = { ...caps, uncapped };
  }
  return result;
}

function countByVariant(units: readonly EnrolledUnit[], variants: number): number[] {
  const counts = new Array<number>(variants).fill(0);
  for (const unit of units) counts[unit.variant] = (counts[unit.variant] ?? 0) + 1;
  return counts;
}

function variantCounts(options: ResolvedOptions, counts: readonly number[]): VariantCount[] {
  const totalWeight = options.variants.reduce((a, v) => a + v.weight, 0);
  const totalUnits = counts.reduce((a, b) => a + b, 0);
  return options.variants.map((v, i) => ({
    key: v.key,
    weight: v.weight,
    units: counts[i] ?? 0,
    expectedShare: v.weight / totalWeight,
    observedShare: totalUnits === 0 ? 0 : (counts[i] ?? 0) / totalUnits,
  }));
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

function automaticNotes(options: ResolvedOptions, exclusions: Exclusions): string[] {
  const notes: string[] = [];
  if (exclusions.multipleVariants > 0) {
    notes.push(`${exclusions.multipleVariants} unit(s) were exposed to more than one variant and are left out.`);
  }
  notes.push(...correctionNotes(options));
  return notes;
}

// Says how p-values were adjusted wherever a family has more than one comparison.
function correctionNotes(options: ResolvedOptions): string[] {
  const treatments = options.variants.length - 1;
  const count = (role: ResolvedMetric['role']) => treatments * options.metrics.filter((m) => m.role === role).length;
  const parts: string[] = [];
  const primary = count('primary');
  if (primary > 1) parts.push(`the ${primary} primary comparisons by ${METHOD_NAMES[options.corrections.primary]}`);
  const secondary = count('secondary');
  if (secondary > 1)
    parts.push(`the ${secondary} secondary comparisons by ${METHOD_NAMES[options.corrections.secondary]}`);
  if (options.segments.length > 0)
    parts.push(`segment comparisons by ${METHOD_NAMES[options.corrections.segments]}, per attribute`);
  if (parts.length === 0) return [];
  return [
    `p-values are adjusted for multiple comparisons: ${parts.join('; ')}. Guardrails are not adjusted (that would hide harm). ` +
      'Labels and the verdict follow the adjusted p-value; the intervals are per comparison.',
  ];
}

// Invalid stored data is left out; the notes say how much and why, so nothing is dropped silently.
