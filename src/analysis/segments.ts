/**
 * Segment breakdowns: the same comparisons within each value of an attribute
 * recorded on exposures (e.g. country). Per-unit values are the experiment's
 * own (winsorized at the experiment-wide thresholds), so a segment's numbers
 * add up to the overall ones. Segments are for exploring: they do not enter
 * the verdict, and with many values some will look significant by chance.
 */
import type { EnrolledUnit } from './assignments.js';
import { OTHER_SEGMENT_VALUE } from './assignments.js';
import { compareMetric } from './compare.js';
import { groupByVariant } from './groups.js';
import { compareKindMetric } from './kinds/compare.js';
import { isExtraKind } from './kinds/definitions.js';
import type { UnitMetricValues } from './metric-values.js';
import type { BayesianPriors, ResolvedOptions } from './options.js';
import type { ResolvedMetric } from './metric-definition.js';
import type { SegmentBreakdown, SegmentResult } from './types.js';

export { OTHER_SEGMENT_VALUE };

/** The analysis options every segment breakdown follows, whichever engine computed its values. */
export interface SegmentSettings {
  attributes: readonly string[];
  metrics: readonly ResolvedMetric[];
  variantKeys: readonly string[];
  control: number;
  confidence: number;
  maxValues: number;
  priors: BayesianPriors;
  /** With the `sequential` option: the confidence sequences' tuning. */
  sequential?: { tuning: number };
}

/** What both segment breakdowns (per-unit values in memory, aggregates from an engine) take from the options. */
export function segmentSettings(options: ResolvedOptions): SegmentSettings {
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

/** What a breakdown needs from the in-memory analysis. */
export interface SegmentInput extends SegmentSettings {
  units: readonly EnrolledUnit[];
  /** Per metric, in the order of `metrics`. */
  values: readonly UnitMetricValues[];
}

/** One breakdown per attribute, largest segment values first. */
export function segmentBreakdowns(input: SegmentInput): SegmentBreakdown[] {
  return input.attributes.map((attribute, a) => ({
    attribute,
    values: groupIndices(input.units, a, input.maxValues).map(([value, indices]) =>
      segmentResult(input, value, indices),
    ),
  }));
}

function groupIndices(units: readonly EnrolledUnit[], attribute: number, maxValues: number): [string, number[]][] {
  const byValue = new Map<string, number[]>();
  units.forEach((unit, i) => {
    const value = unit.segments[attribute] ?? '';
    const list = byValue.get(value);
    if (list === undefined) byValue.set(value, [i]);
    else list.push(i);
  });
  const sorted = [...byValue].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  if (sorted.length <= maxValues) return sorted;
  const kept = sorted.slice(0, maxValues - 1);
  const rest = sorted.slice(maxValues - 1).flatMap(([, indices]) => indices);
  return [...kept, [OTHER_SEGMENT_VALUE, rest.sort((x, y) => x - y)]];
}

function segmentResult(input: SegmentInput, value: string, indices: number[]): SegmentResult {
  const counts = input.variantKeys.map(() => 0);
  for (const i of indices) {
    const v = input.units[i]?.variant ?? -1;
    if (v >= 0) counts[v] = (counts[v] ?? 0) + 1;
  }
  return {
    value,
    variants: input.variantKeys.map((key, v) => ({ key, units: counts[v] ?? 0 })),
    metrics: input.metrics.map((metric, m) => {
      const values = input.values[m] ?? { values: [] };
      if (isExtraKind(metric.kind)) {
        const { variantKeys, units, control, confidence, priors } = input;
        return compareKindMetric({
          metric,
          variantKeys,
          units,
          values,
          indices,
          control,
          confidence,
          priors,
          ...(input.sequential ? { sequential: input.sequential } : {}),
        });
      }
      return compareMetric(
        metric,
        groupByVariant(input.variantKeys, input.units, values, indices),
        input.control,
        input.confidence,
        input.priors,
        input.sequential,
      );
    }),
  };
}
