/**
 * Per-unit values of a metric from the units' tallies: 0/1 for conversions,
 * counts, sums (winsorized over all units when asked), and numerator and
 * denominator for ratios.
 */
import { sortedQuantile } from './stats/winsorize.js';
import type { EnrolledUnit } from './assignments.js';
import type { KindUnitValues } from './kinds/unit-values.js';
import type { CapApplied } from './metric-result.js';
import type { ResolvedMetric } from './metric-definition.js';

/** A metric's value for every unit, in the order of the unit list. */
export interface UnitMetricValues {
  values: number[];
  /** Ratio metrics: the per-unit denominators. */
  denominators?: number[];
  /** Winsorized metrics: the values before capping, and the caps as applied. */
  uncapped?: number[];
  caps?: { lower?: CapApplied; upper?: CapApplied };
  /** CUPED-adjusted values Y − θ(X − X̄), when the analysis adjusted this metric: the comparisons use them. */
  adjusted?: number[];
  /** Quantile, funnel, active-day and retention metrics: what they keep beyond `values` (kinds/unit-values.ts). */
  kind?: KindUnitValues;
}

/** The distinct event names the metrics read, in first-use order (index = tally slot). */
export function metricEventNames(metrics: readonly ResolvedMetric[]): string[] {
  const names = new Set<string>();
  for (const m of metrics) {
    if (m.kind === 'ratio') {
      if (m.numerator) names.add(m.numerator.event);
      if (m.denominator) names.add(m.denominator.event);
    } else if (m.kind === 'funnel') {
      for (const step of m.steps ?? []) names.add(step);
    } else {
      names.add(m.event);
    }
  }
  return [...names];
}

/** Computes `metric` for each unit from `tallies`; `eventIndex` maps event names to tally slots. */
export function unitMetricValues(
  metric: ResolvedMetric,
  units: readonly EnrolledUnit[],
  tallies: Float64Array,
  eventIndex: ReadonlyMap<string, number>,
): UnitMetricValues {
  const read = (u: EnrolledUnit, slot: number) => (slot < 0 ? 0 : (tallies[u.offset + slot] ?? 0));
  if (metric.kind === 'ratio' && metric.numerator && metric.denominator) {
    const num = slot(eventIndex, metric.numerator.event, metric.numerator.aggregate);
    const den = slot(eventIndex, metric.denominator.event, metric.denominator.aggregate);
    return {
      values: units.map((u) => read(u, num)),
      denominators: units.map((u) => read(u, den)),
    };
  }
  if (metric.kind === 'conversion') {
    const count = slot(eventIndex, metric.event, 'count');
    return { values: units.map((u) => (read(u, count) > 0 ? 1 : 0)) };
  }
  const s = slot(eventIndex, metric.event, metric.kind === 'count' ? 'count' : 'sum');
  const values = units.map((u) => read(u, s));
  // Thresholds come from all units of the experiment, so every variant is clipped at the same values.
  if (metric.winsorize !== undefined && values.length > 0) return capped(values, metric.winsorize);
  return { values };
}

// The stats engine's winsorize (type 7 thresholds), keeping the thresholds and how many units each one clipped.
function capped(values: number[], limits: { lower?: number; upper?: number }): UnitMetricValues {
  const sorted = [...values].sort((x, y) => x - y);
  const caps: { lower?: CapApplied; upper?: CapApplied } = {};
  const low = limits.lower === undefined ? -Infinity : sortedQuantile(sorted, limits.lower);
  const high = limits.upper === undefined ? Infinity : sortedQuantile(sorted, limits.upper);
  let below = 0;
  let above = 0;
  const clipped = values.map((v) => {
    if (v < low) {
      below++;
      return low;
    }
    if (v > high) {
      above++;
      return high;
    }
    return v;
  });
  if (limits.lower !== undefined) caps.lower = { quantile: limits.lower, value: low, units: below };
  if (limits.upper !== undefined) caps.upper = { quantile: limits.upper, value: high, units: above };
  return { values: clipped, uncapped: values, caps };
}

function slot(eventIndex: ReadonlyMap<string, number>, event: string, aggregate: 'sum' | 'count'): number {
  const index = eventIndex.get(event);
  // -1: an event no unit tallied, which reads as 0 for every unit.
  return index === undefined ? -1 : 2 * index + (aggregate === 'sum' ? 1 : 0);
}
