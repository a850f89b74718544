/**
 * Segment breakdowns from the SQL engines' aggregates (segments.ts is the
 * in-memory side): the same comparisons within each value of an attribute
 * recorded on exposures (e.g. country). Per-unit values are the experiment's
 * own (winsorized at the experiment-wide thresholds), so a segment's numbers
 * add up to the overall ones. Segments are for exploring: they do not enter
 * the verdict, and with many values some will look significant by chance.
 *
 * Engines hand over one aggregate per segment value and variant, the values
 * beyond the display limit pooled here by merging their aggregates, or (the
 * SQL engines) the values shown and an `(other)` they pooled themselves.
 */
import { mergeAggregates } from './aggregates.js';
import type { QuantileAggregate, SegmentValueAggregates, VariantAggregate } from './aggregates.js';
import { compareAggregateMetric } from './kinds/compare.js';
import { OTHER_SEGMENT_VALUE, type SegmentSettings } from './segments.js';
import type { SegmentBreakdown, SegmentResult } from './types.js';

/** What a breakdown needs from per-variant aggregates. */
export interface SegmentAggregateInput extends SegmentSettings {
  /** Per attribute, the aggregates of every value. */
  values: readonly (readonly SegmentValueAggregates[])[];
  /** Per attribute, the pooled `(other)` value's quantiles as the engine computed them (see {@link AnalysisAggregates}). */
  otherQuantiles?: readonly (readonly (readonly (QuantileAggregate | undefined)[])[] | undefined)[];
}

/** One breakdown per attribute, largest segment values first. */
export function segmentBreakdownsFromAggregates(input: SegmentAggregateInput): SegmentBreakdown[] {
  return input.attributes.map((attribute, a) => ({
    attribute,
    values: pooled(input.values[a] ?? [], input.maxValues, input.otherQuantiles?.[a]).map((segment) =>
      segmentResult(input, segment),
    ),
  }));
}

function unitsOf(segment: SegmentValueAggregates): number {
  return segment.units.reduce((a, b) => a + b, 0);
}

/**
 * The values of one attribute shown on their own, largest first (ties by
 * value, in code unit order, as every engine is asked to return raw values),
 * and the rest, pooled into `(other)` (none when all fit in `maxValues`).
 */
export function splitSegmentValues<T extends SegmentValueAggregates>(
  segments: readonly T[],
  maxValues: number,
): { shown: T[]; rest: T[] } {
  const sorted = [...segments].sort(
    (a, b) => unitsOf(b) - unitsOf(a) || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0),
  );
  if (sorted.length <= maxValues) return { shown: sorted, rest: [] };
  return { shown: sorted.slice(0, maxValues - 1), rest: sorted.slice(maxValues - 1) };
}

// A quantile cannot be merged from its parts: the pooled value takes the engine's own (`quantiles`).
function pooled(
  segments: readonly SegmentValueAggregates[],
  maxValues: number,
  quantiles: readonly (readonly (QuantileAggregate | undefined)[])[] | undefined,
): SegmentValueAggregates[] {
  // Pooled by the engine: the values shown and (other) are final, (other) last.
  const engine = segments.find((segment) => segment.pooled === true);
  if (engine !== undefined)
    return [
      ...splitSegmentValues(
        segments.filter((segment) => segment !== engine),
        Number.POSITIVE_INFINITY,
      ).shown,
      engine,
    ];
  const { shown: kept, rest } = splitSegmentValues(segments, maxValues);
  if (rest.length === 0) return kept;
  const other = mergeSegments(OTHER_SEGMENT_VALUE, rest);
  other.metrics = other.metrics.map((groups, m) =>
    groups.map((group, v) => {
      const quantile = quantiles?.[m]?.[v];
      return quantile === undefined ? group : { ...group, quantile };
    }),
  );
  return [...kept, other];
}

/**
 * One segment value `value` of the `segments` (at least one) merged: units
 * added, aggregates merged per metric and variant (quantiles cannot be: the caller sets them).
 */
export function mergeSegments(value: string, segments: readonly SegmentValueAggregates[]): SegmentValueAggregates {
  const first = segments[0] as SegmentValueAggregates;
  if (segments.length === 1) return { value, units: first.units, metrics: first.metrics };
  const others = segments.slice(1);
  const units = first.units.map((n, v) => others.reduce((acc, s) => acc + (s.units[v] ?? 0), n));
  const metrics = first.metrics.map((groups, m) =>
    groups.map((group, v) =>
      others.reduce<VariantAggregate>((acc, s) => {
        const next = s.metrics[m]?.[v];
        return next === undefined ? acc : mergeAggregates(acc, next);
      }, group),
    ),
  );
  return { value, units, metrics };
}

function segmentResult(input: SegmentAggregateInput, segment: SegmentValueAggregates): SegmentResult {
  return {
    value: segment.value,
    variants: input.variantKeys.map((key, v) => ({ key, units: segment.units[v] ?? 0 })),
    metrics: input.metrics.map((metric, m) =>
      compareAggregateMetric(
        metric,
        segment.metrics[m] ?? [],
        segment.units,
        input.control,
        input.confidence,
        input.priors,
        input.sequential,
      ),
    ),
  };
}
