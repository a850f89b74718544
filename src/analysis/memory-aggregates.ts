/**
 * The in-memory engine's side of the aggregate boundary: from enrolled units
 * and their tallies to {@link AnalysisAggregates}, the same shape the SQL
 * engines return.
 */
import { aggregateValues } from './aggregates.js';
import type { AnalysisAggregates, MetricAggregates, SegmentValueAggregates, VariantAggregate } from './aggregates.js';
import type { EnrolledUnit } from './assignments.js';
import type { CollectedData } from './build-report.js';
import { metricEventNames, unitMetricValues } from './metric-values.js';
import type { UnitMetricValues } from './metric-values.js';
import type { ResolvedOptions } from './options.js';

/** Aggregates of every metric and segment value from the collected units. */
export function memoryAggregates(options: ResolvedOptions, data: CollectedData): AnalysisAggregates {
  const units = [...data.units.byId.values()];
  const variantKeys = options.variants.map((v) => v.key);
  const counts = new Array<number>(variantKeys.length).fill(0);
  let from = Infinity;
  let to = -Infinity;
  for (const unit of units) {
    counts[unit.variant] = (counts[unit.variant] ?? 0) + 1;
    if (unit.entered < from) from = unit.entered;
    if (unit.entered > to) to = unit.entered;
  }
  const eventIndex = new Map(metricEventNames(options.metrics).map((name, i) => [name, i]));
  const values = options.metrics.map((metric) => unitMetricValues(metric, units, data.units.tallies, eventIndex));
  const metrics: MetricAggregates[] = values.map((v) => {
    const result: MetricAggregates = { variants: byVariant(variantKeys, units, v) };
    if (v.caps !== undefined && v.uncapped !== undefined) {
      result.caps = v.caps;
      result.uncapped = byVariant(variantKeys, units, { values: v.uncapped });
    }
    return result;
  });
  const segments = options.segments.map((_, a) => segmentAggregates(variantKeys, units, values, a));
  const aggregates: AnalysisAggregates = {
    units: counts,
    exclusions: { ...data.exclusions },
    events: { ...data.events },
    invalid: { events: { ...data.invalid.events }, exposures: { ...data.invalid.exposures } },
    metrics,
    segments,
  };
  if (units.length > 0) aggregates.window = { from, to };
  return aggregates;
}

function segmentAggregates(
  variantKeys: readonly string[],
  units: readonly EnrolledUnit[],
  values: readonly UnitMetricValues[],
  attribute: number,
): SegmentValueAggregates[] {
  const byValue = new Map<string, number[]>();
  units.forEach((unit, i) => {
    const value = unit.segments[attribute] ?? '';
    const list = byValue.get(value);
    if (list === undefined) byValue.set(value, [i]);
    else list.push(i);
  });
  return [...byValue].map(([value, indices]) => ({
    value,
    units: variantKeys.map((_, v) => indices.reduce((n, i) => n + (units[i]?.variant === v ? 1 : 0), 0)),
    metrics: values.map((v) => byVariant(variantKeys, units, v, indices)),
  }));
}

/** Per variant, the aggregate of the values of the units at `indices` (all units when omitted). */
function byVariant(
  variantKeys: readonly string[],
  units: readonly EnrolledUnit[],
  metricValues: UnitMetricValues,
  indices?: readonly number[],
): VariantAggregate[] {
  const ratio = metricValues.denominators !== undefined;
  const groups = variantKeys.map(() => ({ values: [] as number[], denominators: [] as number[] }));
  const add = (i: number) => {
    const group = groups[units[i]?.variant ?? -1];
    if (group === undefined) return;
    group.values.push(metricValues.values[i] ?? 0);
    if (ratio) group.denominators.push(metricValues.denominators?.[i] ?? 0);
  };
  if (indices === undefined) for (let i = 0; i < units.length; i++) add(i);
  else for (const i of indices) add(i);
  return groups.map((g, v) => aggregateValues(variantKeys[v] ?? '', g.values, ratio ? g.denominators : undefined));
}
