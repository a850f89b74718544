/**
 * From enrolled units with their tallies to the {@link ExperimentReport}:
 * variant counts and the sample ratio check, every metric compared, the
 * verdict, segment breakdowns and the power hint.
 */
import type { AnalysisAggregates, MetricAggregates } from './aggregates.js';
import type { EnrolledUnits } from './assignments.js';
import { compareMetric } from './compare.js';
import { applyCorrections } from './corrections.js';
import { memoryAggregates } from './memory-aggregates.js';
import type { ResolvedOptions } from './options.js';
import { powerHint } from './power.js';
import { segmentBreakdowns } from './segments.js';
import { checkSampleRatio } from './srm.js';
import type {
  EventCounts,
  Exclusions,
  ExperimentReport,
  InvalidData,
  MetricMeasurement,
  ResolvedMetric,
  VariantCount,
} from './types.js';
import { decide } from './verdict.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Everything collected from the events. */
export interface CollectedData {
  units: EnrolledUnits;
  exclusions: Exclusions;
  events: EventCounts;
  invalid: InvalidData;
}

/** Computes the report with the in-memory engine; `options` must come from `resolveOptions`. */
export function buildReport(options: ResolvedOptions, data: CollectedData): ExperimentReport {
  return reportFromAggregates(options, memoryAggregates(options, data));
}

/**
 * The report from per-variant aggregates, whichever engine computed them:
 * variant counts and the sample ratio check, every metric compared, the
 * verdict, segment breakdowns and the power hint.
 */
export function reportFromAggregates(options: ResolvedOptions, data: AnalysisAggregates): ExperimentReport {
  const variantKeys = options.variants.map((v) => v.key);
  const weights = options.variants.map((v) => v.weight);
  const counts = variantKeys.map((_, i) => data.units[i] ?? 0);
  const totalUnits = counts.reduce((a, b) => a + b, 0);
  const srm = checkSampleRatio(counts, weights);

  const metrics = options.metrics.map((metric, m) => {
    const aggregates = data.metrics[m] ?? { variants: [] };
    const result = compareMetric(metric, aggregates.variants, options.control, options.confidence, options.priors);
    result.measurement = measurement(options, metric, aggregates);
    return result;
  });
  const treatments = variantKeys.filter((_, i) => i !== options.control);
  const segments = segmentBreakdowns({
    attributes: options.segments,
    values: data.segments,
    metrics: options.metrics,
    variantKeys,
    control: options.control,
    confidence: options.confidence,
    maxValues: options.maxSegmentValues,
    priors: options.priors,
  });
  applyCorrections(metrics, segments, options.corrections, options.confidence);
  const { verdict, variantVerdicts } = decide(metrics, srm, treatments);

  const window = data.window;
  const unitsPerDay =
    window && window.to - window.from >= HOUR_MS ? (totalUnits * DAY_MS) / (window.to - window.from) : undefined;
  const power = options.metrics.flatMap((metric, m) => {
    const control = data.metrics[m]?.variants[options.control];
    if (metric.role !== 'primary' || control === undefined) return [];
    return [
      powerHint(metric, control, {
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
  aggregates: MetricAggregates,
): MetricMeasurement {
  const events =
    metric.kind === 'ratio' ? [metric.numerator?.event ?? '', metric.denominator?.event ?? ''] : [metric.event];
  const window: MetricMeasurement['window'] = {};
  if (options.from !== undefined) window.from = options.from;
  if (options.to !== undefined) window.to = options.to;
  const result: MetricMeasurement = { events: [...new Set(events)], window };
  if (aggregates.caps !== undefined && aggregates.uncapped !== undefined) {
    // The same comparison on the values before capping: a cap that flips the sign must be visible.
    const raw = compareMetric(metric, aggregates.uncapped, options.control, options.confidence, options.priors);
    const uncapped = raw.variants.flatMap((row) =>
      row.comparison?.status === 'ok'
        ? [
            {
              variant: row.variant,
              value: row.summary.value,
              difference: row.comparison.difference,
              relativeLift: row.comparison.relativeLift,
              pValue: row.comparison.pValue,
            },
          ]
        : [],
    );
    result.caps = { ...aggregates.caps, uncapped };
  }
  return result;
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

function automaticNotes(options: ResolvedOptions, exclusions: Exclusions): string[] {
  const notes: string[] = [];
  if (exclusions.multipleVariants > 0) {
    notes.push(`${exclusions.multipleVariants} unit(s) were exposed to more than one variant and are left out.`);
  }
  notes.push(...correctionNotes(options));
  return notes;
}

const METHOD_NAMES = {
  'benjamini-hochberg': 'Benjamini–Hochberg',
  holm: 'Holm–Bonferroni',
  none: 'no correction',
} as const;

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
