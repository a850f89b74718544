/**
 * Per-unit values of the quantile, funnel, active-day and retention metrics,
 * from what the {@link KindCollector} kept (docs/analysis.md, "Metric kinds";
 * the exact definitions every engine shares are in docs/statistics.md).
 */
import type { EnrolledUnit } from '../assignments.js';
import type { UnitMetricValues } from '../metric-values.js';
import type { ResolvedMetric } from '../metric-definition.js';
import type { KindCollector } from './collector.js';
import { funnelTimes, repeatedSteps } from './collector.js';
import { DAY_MS } from './definitions.js';

/** What the added kinds keep per unit beyond the main value, indexed like the unit list. */
export interface KindUnitValues {
  /** Active days and retention: 1 for units whose days are complete by the end (only they are compared). */
  eligible?: Uint8Array;
  /** Active days: counted events with a day index in the window. */
  events?: Float64Array;
  /** Funnels: per step, 1 when the unit reached it. */
  reached?: Uint8Array[];
  /** Quantiles: every counted value and the index of its unit. */
  sample?: { values: Float64Array; unit: Int32Array };
}

/**
 * The metric's per-unit values: funnels 0/1 for reaching the last step,
 * active days a_i / N, retention 0/1 (ineligible units 0, left out by
 * `eligible`), quantiles the number of values per unit.
 */
export function kindUnitValues(
  metric: ResolvedMetric,
  units: readonly EnrolledUnit[],
  collector: KindCollector | undefined,
  end: number,
): UnitMetricValues {
  const k = units.length;
  if (metric.kind === 'quantile') {
    const kept = collector?.quantiles.get(metric.event) ?? { units: [], values: [] };
    const index = new Map(units.map((u, i) => [u, i]));
    const unit = new Int32Array(kept.units.length);
    const values = new Array<number>(k).fill(0);
    kept.units.forEach((u, j) => {
      const i = index.get(u) ?? -1;
      unit[j] = i;
      if (i >= 0) values[i] = (values[i] ?? 0) + 1;
    });
    return { values, kind: { sample: { values: Float64Array.from(kept.values), unit } } };
  }
  if (metric.kind === 'funnel') {
    const steps = metric.steps ?? [];
    const state = collector?.funnels.get(metric.key);
    const reached = steps.map(() => new Uint8Array(k));
    const repeats = repeatedSteps(steps);
    units.forEach((u, i) => {
      const pairs = state?.get(u);
      if (pairs === undefined) return;
      funnelTimes(pairs, steps.length, repeats).forEach((t, s) => {
        if (t !== undefined) (reached[s] as Uint8Array)[i] = 1;
      });
    });
    const last = reached.at(-1) ?? new Uint8Array(k);
    return { values: Array.from(last), kind: { reached } };
  }
  const eligible = new Uint8Array(k);
  if (metric.kind === 'activeDays') {
    const days = Math.round((metric.window ?? 0) / DAY_MS);
    const state = collector?.activeDays.get(metric.key);
    const events = new Float64Array(k);
    const values = new Array<number>(k).fill(0);
    units.forEach((u, i) => {
      if (u.entered + days * DAY_MS > end) return;
      eligible[i] = 1;
      const s = state?.get(u);
      if (s === undefined) return;
      values[i] = s.active / days;
      events[i] = s.events;
    });
    return { values, kind: { eligible, events } };
  }
  // Retention: day `day` must be over (entered + (day + 1) days ≤ end).
  const day = metric.day ?? 1;
  const retained = collector?.retained.get(metric.key);
  const values = new Array<number>(k).fill(0);
  units.forEach((u, i) => {
    if (u.entered + (day + 1) * DAY_MS > end) return;
    eligible[i] = 1;
    if (retained?.has(u)) values[i] = 1;
  });
  return { values, kind: { eligible } };
}

/** Visits each unit of `indices` (every unit when omitted) with its variant's index. */
export function eachMember(
  units: readonly EnrolledUnit[],
  indices: readonly number[] | undefined,
  visit: (i: number, variant: number) => void,
): void {
  if (indices === undefined) for (let i = 0; i < units.length; i++) visit(i, units[i]?.variant ?? -1);
  else for (const i of indices) visit(i, units[i]?.variant ?? -1);
}
