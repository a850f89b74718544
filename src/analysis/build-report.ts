/**
 * From enrolled units with their tallies to the {@link ExperimentReport}:
 * variant counts and the sample ratio check, every metric compared, the
 * verdict, segment breakdowns and the power hint.
 */
import type { EnrolledUnit, EnrolledUnits } from './assignments.js';
import { compareMetric } from './compare.js';
import { groupByVariant } from './groups.js';
import { metricEventNames, unitMetricValues } from './metric-values.js';
import type { ResolvedOptions } from './options.js';
import { powerHint } from './power.js';
import { segmentBreakdowns } from './segments.js';
import { checkSampleRatio } from './srm.js';
import type { EventCounts, Exclusions, ExperimentReport, VariantCount } from './types.js';
import { decide } from './verdict.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Everything collected from the events. */
export interface CollectedData {
  units: EnrolledUnits;
  exclusions: Exclusions;
  events: EventCounts;
}

/** Computes the report; `options` must come from `resolveOptions`. */
export function buildReport(options: ResolvedOptions, data: CollectedData): ExperimentReport {
  const units = [...data.units.byId.values()];
  const variantKeys = options.variants.map((v) => v.key);
  const weights = options.variants.map((v) => v.weight);
  const counts = countByVariant(units, variantKeys.length);
  const srm = checkSampleRatio(counts, weights);

  const eventIndex = new Map(metricEventNames(options.metrics).map((name, i) => [name, i]));
  const values = options.metrics.map((metric) => unitMetricValues(metric, units, data.units.tallies, eventIndex));
  const groups = values.map((v) => groupByVariant(variantKeys, units, v));
  const metrics = options.metrics.map((metric, m) => compareMetric(metric, groups[m] ?? [], options.control, options.confidence));
  const treatments = variantKeys.filter((_, i) => i !== options.control);
  const { verdict, variantVerdicts } = decide(metrics, srm, treatments);

  const window = enrollmentWindow(units);
  const unitsPerDay = window && window.to - window.from >= HOUR_MS ? (units.length * DAY_MS) / (window.to - window.from) : undefined;
  const power = options.metrics.flatMap((metric, m) => {
    const control = groups[m]?.[options.control];
    if (metric.role !== 'primary' || control === undefined) return [];
    return [powerHint(metric, control, { confidence: options.confidence, power: options.power, units: counts, weights, unitsPerDay })];
  });

  const report: ExperimentReport = {
    experiment: { key: options.key, unit: options.unit, control: variantKeys[options.control] ?? '' },
    confidence: options.confidence,
    variants: variantCounts(options, counts),
    units: units.length,
    exclusions: { ...data.exclusions },
    events: { ...data.events },
    srm,
    metrics,
    verdict,
    variantVerdicts,
    segments: segmentBreakdowns({
      attributes: options.segments,
      units,
      metrics: options.metrics,
      values,
      _variantKeys: variantKeys,
      control: options.control,
      confidence: options.confidence,
      maxValues: options.maxSegmentValues,
    }),
    power,
    notes: [...options.notes, ...automaticNotes(options, data.exclusions)],
  };
  if (window) report.window = window;
  return report;
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
  const comparisons = (options.variants.length - 1) * options.metrics.filter((m) => m.role !== 'secondary').length;
  if (comparisons > 1) {
    notes.push(`${comparisons} decision comparisons at ${Math.round(options.confidence * 1000) / 10}% confidence each, without correction for multiple comparisons.`);
  }
  return notes;
}
