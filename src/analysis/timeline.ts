/**
 * Effects over time: for each decision metric, the comparison as it would
 * have read at the end of every day since the experiment's first exposure.
 * Day D's point is exactly the report's comparison with `to` set to
 * start + D × 24 h: the units enrolled by then (a unit that later turns out to
 * be in two variants still counts before the second variant shows up), their
 * events up to then, identity links attributed against the units enrolled by
 * then. test/analysis/timeline.test.ts checks this against that recomputation.
 *
 * Memory: per unit its entry, variant and conflict time, and per unit and day
 * with events one cell of counts and sums for the timeline's events, so at most
 * units × days × events of those metrics, never one entry per event.
 */
import type { CustomEvent } from '../events/types.js';
import type { EnrolledUnit } from './assignments.js';
import { compareMetric } from './compare.js';
import type { ComparedGroup, VariantValues } from './compare.js';
import type { VariantAggregate } from './aggregates.js';
import { groupByVariant } from './groups.js';
import type { IdentityIndex } from './identities.js';
import { metricEventNames, unitMetricValues } from './metric-values.js';
import type { ResolvedOptions } from './options.js';
import type { ExperimentReport } from './types.js';
import type { MetricResult } from './metric-result.js';
import type { ResolvedMetric } from './metric-definition.js';
import type { TimelineComparison, TimelinePoint, TimelineSpan } from './timeline-result.js';
import { timeProblem, valueProblem } from './validity.js';

/** 24 hours in ms: the length of a timeline day. */
export const TIMELINE_DAY_MS = 86_400_000;

const SUPPORTED_KINDS: ReadonlySet<string> = new Set(['conversion', 'count', 'sum', 'ratio']);

/**
 * The metrics with a timeline (primary and guardrail metrics of the kinds it
 * covers; secondary ones are exploratory and would only cost memory) and the
 * decision metrics left out, with the reason.
 */
export function timelineMetrics(options: ResolvedOptions): {
  metrics: ResolvedMetric[];
  skipped: { metric: string; reason: string }[];
} {
  const decision = options.metrics.filter((m) => m.role !== 'secondary');
  return {
    metrics: decision.filter((m) => SUPPORTED_KINDS.has(m.kind)),
    skipped: decision
      .filter((m) => !SUPPORTED_KINDS.has(m.kind))
      .map((m) => ({ metric: m.key, reason: 'the timeline covers conversion, count, sum and ratio metrics' })),
  };
}

/** Per-day aggregates of the timeline's metrics, as a SQL engine computes them (sql/timeline.ts). */
export interface TimelineAggregates {
  /** The span; `metrics` and `skipped` as {@link timelineMetrics} gives them. */
  span: TimelineSpan;
  /** Days 1 to `span.days`: per metric of the timeline (in order), per variant (in order). */
  days: VariantAggregate[][][];
}

/** The timeline's points from per-day aggregates: each day compared as the final comparison is. */
export function timelineFromAggregates(
  options: ResolvedOptions,
  data: TimelineAggregates,
): { points: Map<string, TimelinePoint[]>; span: TimelineSpan } {
  const { metrics } = timelineMetrics(options);
  const points = new Map<string, TimelinePoint[]>(metrics.map((m) => [m.key, []]));
  data.days.forEach((byMetric, d) => {
    const day = d + 1;
    metrics.forEach((metric, k) => {
      const result = sameAsFinal(metric, byMetric[k] ?? [], options);
      points.get(metric.key)?.push(point(day, data.span.start + day * TIMELINE_DAY_MS, result));
    });
  });
  return { points, span: data.span };
}

/** Adds the span, one timeline per covered metric and, when cut, a note to `report` (every engine). */
export function attachTimeline(
  report: ExperimentReport,
  points: ReadonlyMap<string, TimelinePoint[]>,
  span: TimelineSpan,
): void {
  report.timeline = span;
  for (const result of report.metrics) {
    const timeline = points.get(result.metric.key);
    if (timeline !== undefined) result.timeline = timeline;
  }
  if (span.truncated) {
    report.notes.push(
      `The timeline stops at day ${span.maxDays}; the experiment ran longer, and the final comparison covers all of it.`,
    );
  }
}

/**
 * How one day's groups are compared: the final comparison's method, with the
 * always-valid confidence sequence when the `sequential` option is on (then
 * the daily points can be read without the peeking problem).
 */
export type TimelineCompare = (
  metric: ResolvedMetric,
  groups: readonly (VariantValues | ComparedGroup)[],
  options: ResolvedOptions,
) => MetricResult;

const sameAsFinal: TimelineCompare = (metric, groups, options) =>
  compareMetric(metric, groups, options.control, options.confidence, options.priors, options.sequential);

/** Collects what the timeline needs while the analysis reads its events (see run.ts for the order). */
export class TimelineCollector {
  private readonly ids = new Map<string, number>();
  private readonly entered: number[] = [];
  private readonly variant: number[] = [];
  /** Earliest time an exposure named a variant other than the first one's (Infinity: never). */
  private readonly conflictAt: number[] = [];
  private start = Infinity;
  private lastExposure = -Infinity;
  private latest = -Infinity;
  private readonly metrics: ResolvedMetric[];
  private readonly skipped: { metric: string; reason: string }[];
  private readonly eventIndex: Map<string, number>;
  private readonly stride: number;
  private readonly maxDays: number;
  /** Cell of unit u on day d at row `cellRow.get(u * (maxDays + 1) + d)` of `cells`. */
  private readonly cellRow = new Map<number, number>();
  private cells: Float64Array;
  private readonly isEnrolledAt = (id: string, cutoff: number) => {
    const i = this.ids.get(id);
    return i !== undefined && (this.entered[i] ?? Infinity) <= cutoff && (this.conflictAt[i] ?? 0) > cutoff;
  };

  constructor(
    private readonly options: ResolvedOptions,
    private readonly identities: IdentityIndex,
    private readonly compare: TimelineCompare = sameAsFinal,
  ) {
    this.maxDays = options.timeline?.maxDays ?? 90;
    ({ metrics: this.metrics, skipped: this.skipped } = timelineMetrics(options));
    const names = metricEventNames(this.metrics);
    this.eventIndex = new Map(names.map((name, i) => [name, i]));
    this.stride = 2 * names.length;
    this.cells = new Float64Array(64 * Math.max(1, this.stride));
  }

  /** Takes a valid exposure of the experiment (unit id, variant index, time). */
  addExposure(id: string, variant: number, time: number): void {
    if (time < this.start) this.start = time;
    if (time > this.lastExposure) this.lastExposure = time;
    const i = this.ids.get(id);
    if (i === undefined) {
      this.ids.set(id, this.entered.length);
      this.entered.push(time);
      this.variant.push(variant);
      this.conflictAt.push(Infinity);
      return;
    }
    const entered = this.entered[i] ?? Infinity;
    const first = this.variant[i];
    // The same rules as AssignmentCollector: an earlier exposure takes over, a tie keeps the first one read.
    if (time < entered) {
      if (variant !== first) this.conflictAt[i] = entered;
      this.entered[i] = time;
      this.variant[i] = variant;
    } else if (variant !== first && time < (this.conflictAt[i] ?? Infinity)) {
      this.conflictAt[i] = time;
    }
  }

  /** Takes a custom event; all exposures and identify events must have been read. */
  addEvent(event: CustomEvent): void {
    if (event.type !== 'event') return;
    const slot = this.eventIndex.get(event.name);
    if (slot === undefined) return;
    if (timeProblem(event.time, this.options) !== undefined) return;
    if (valueProblem((event as { value?: unknown }).value) !== undefined) return;
    const time = event.time;
    if (time > this.latest) this.latest = time;
    // No unit has entered before the first exposure, so nothing earlier can count.
    if (!(time >= this.start)) return;
    const first = this.dayOf(time);
    if (first > this.maxDays) return;
    const value = event.value ?? 1;
    const own = event.units?.[this.options.unit];
    if (typeof own === 'string' && own !== '') {
      const i = this.ids.get(own);
      if (i !== undefined && time >= (this.entered[i] ?? Infinity)) this.addCell(i, first, slot, 1, value);
      return;
    }
    this.addStitched(event, slot, first, value);
  }

  /** Adds the span, one timeline per covered metric and, when cut, a note to `report`. */
  attach(report: ExperimentReport): void {
    const { points, span } = this.build();
    attachTimeline(report, points, span);
  }

  // An event reached through identity links may belong to different units on different days: the units
  // enrolled by each day's end compete for it. Enrollment stops changing after the last exposure's day.
  private addStitched(event: CustomEvent, slot: number, first: number, value: number): void {
    const units = event.units ?? {};
    // Linked to no unit of the experiment at all: no day can attribute it (most unattributed events).
    if (this.identities.resolve(units, event.time, (id) => this.ids.has(id)) === undefined) return;
    const last = Math.max(first, Math.min(this.maxDays, this.dayOf(this.lastExposure)));
    let owner = -1;
    for (let day = first; day <= last; day++) {
      const cutoff = this.cutoff(day);
      const id = this.identities.resolve(units, event.time, (candidate) => this.isEnrolledAt(candidate, cutoff));
      const i = id === undefined ? undefined : this.ids.get(id);
      const next = i !== undefined && event.time >= (this.entered[i] ?? Infinity) ? i : -1;
      if (next === owner) continue;
      if (owner >= 0) this.addCell(owner, day, slot, -1, -value);
      if (next >= 0) this.addCell(next, day, slot, 1, value);
      owner = next;
    }
  }

  private addCell(unit: number, day: number, slot: number, count: number, value: number): void {
    const key = unit * (this.maxDays + 1) + day;
    let row = this.cellRow.get(key);
    if (row === undefined) {
      row = this.cellRow.size;
      this.cellRow.set(key, row);
      if ((row + 1) * this.stride > this.cells.length) {
        const grown = new Float64Array(this.cells.length * 2);
        grown.set(this.cells);
        this.cells = grown;
      }
    }
    const at = row * this.stride + 2 * slot;
    this.cells[at] = (this.cells[at] ?? 0) + count;
    this.cells[at + 1] = (this.cells[at + 1] ?? 0) + value;
  }

  private build(): { points: Map<string, TimelinePoint[]>; span: TimelineSpan } {
    const points = new Map<string, TimelinePoint[]>(this.metrics.map((m) => [m.key, []]));
    const hasStart = Number.isFinite(this.start);
    const lastDay = hasStart ? this.dayOf(Math.max(this.latest, this.lastExposure)) : 0;
    const days = Math.min(lastDay, this.maxDays);
    const span: TimelineSpan = {
      start: hasStart ? this.start : Number.NaN,
      days,
      maxDays: this.maxDays,
      truncated: lastDay > this.maxDays,
      metrics: this.metrics.map((m) => m.key),
      skipped: this.skipped.map((s) => ({ ...s })),
    };
    if (days === 0 || this.metrics.length === 0) return { points, span };

    const byDay: number[][] = Array.from({ length: days + 1 }, () => []);
    for (const [key, row] of this.cellRow) {
      const day = key % (this.maxDays + 1);
      byDay[day]?.push(Math.floor(key / (this.maxDays + 1)), row);
    }
    const stride = this.stride;
    const running = new Float64Array(this.entered.length * stride);
    const units: EnrolledUnit[] = this.entered.map((entered, i) => ({
      variant: this.variant[i] ?? 0,
      entered,
      segments: [],
      offset: i * stride,
    }));
    const variantKeys = this.options.variants.map((v) => v.key);
    for (let day = 1; day <= days; day++) {
      const cells = byDay[day] ?? [];
      for (let k = 0; k < cells.length; k += 2) {
        const to = (cells[k] ?? 0) * stride;
        const from = (cells[k + 1] ?? 0) * stride;
        for (let s = 0; s < stride; s++) running[to + s] = (running[to + s] ?? 0) + (this.cells[from + s] ?? 0);
      }
      const cutoff = this.cutoff(day);
      const enrolled = units.filter((u, i) => u.entered <= cutoff && (this.conflictAt[i] ?? 0) > cutoff);
      for (const metric of this.metrics) {
        const values = unitMetricValues(metric, enrolled, running, this.eventIndex);
        const result = this.compare(metric, groupByVariant(variantKeys, enrolled, values), this.options);
        points.get(metric.key)?.push(point(day, cutoff, result));
      }
    }
    return { points, span };
  }

  // Day D holds the times in (start + (D − 1) × 24 h, start + D × 24 h]; day 1 also holds the start itself.
  private dayOf(time: number): number {
    let day = Math.max(1, Math.ceil((time - this.start) / TIMELINE_DAY_MS));
    // Guard the division's rounding at the boundaries so dayOf agrees with cutoff() exactly.
    while (time > this.cutoff(day)) day++;
    while (day > 1 && time <= this.cutoff(day - 1)) day--;
    return day;
  }

  private cutoff(day: number): number {
    return this.start + day * TIMELINE_DAY_MS;
  }
}

/** Day `day`'s point (ending at `end`) from the comparison of the data up to then. */
export function point(day: number, end: number, result: MetricResult): TimelinePoint {
  const comparisons: TimelineComparison[] = result.variants.flatMap((row): TimelineComparison[] => {
    const c = row.comparison;
    if (c === undefined) return [];
    if (c.status !== 'ok') return [{ variant: row.variant, status: 'not enough data', reason: c.reason }];
    // With sequential testing the day's point shows the always-valid interval, the one safe to read daily.
    const shown = c.sequential ?? c;
    return [
      {
        variant: row.variant,
        status: 'ok',
        difference: c.difference,
        ci: [shown.ci[0], shown.ci[1]],
        relativeLift: c.relativeLift,
        relativeCi: [shown.relativeCi[0], shown.relativeCi[1]],
        pValue: shown.pValue,
        alwaysValid: c.sequential !== undefined,
      },
    ];
  });
  return {
    day,
    end,
    date: new Date(end).toISOString().slice(0, 10),
    variants: result.variants.map((row) => ({
      variant: row.variant,
      units: row.summary.units,
      value: row.summary.value,
    })),
    comparisons,
  };
}
