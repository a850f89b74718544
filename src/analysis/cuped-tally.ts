/**
 * CUPED's pre-period: per enrolled unit and metric event, the count and sum
 * of values of its events in [entered − lookback, entered), laid out like the
 * post-exposure tallies (offset + 2i, offset + 2i + 1) so the same metric
 * code computes the covariate. Only the events of metrics CUPED adjusts are kept.
 */
import type { EnrolledUnit } from './assignments.js';
import type { ResolvedOptions } from './options.js';
import type { TimeBounds } from './validity.js';

/** Metric kinds CUPED adjusts (means of per-unit values). */
export const CUPED_KINDS: ReadonlySet<string> = new Set(['conversion', 'count', 'sum']);

/** Pre-exposure tallies of the units of one analysis. */
export class PreExposureTally {
  readonly tallies: Float64Array;
  private readonly slots: Set<number>;

  constructor(
    size: number,
    private readonly lookback: number,
    eventNames: readonly string[],
    options: ResolvedOptions,
  ) {
    this.tallies = new Float64Array(size);
    const used = new Set(options.metrics.filter((m) => CUPED_KINDS.has(m.kind)).map((m) => m.event));
    this.slots = new Set(eventNames.flatMap((name, i) => (used.has(name) ? [i] : [])));
  }

  /** Takes a valid, attributed event of `unit` dated before its first exposure (event slot `index`). */
  add(unit: EnrolledUnit, index: number, time: number, value: number): void {
    if (!this.slots.has(index) || time < unit.entered - this.lookback) return;
    const at = unit.offset + 2 * index;
    this.tallies[at] = (this.tallies[at] ?? 0) + 1;
    this.tallies[at + 1] = (this.tallies[at + 1] ?? 0) + value;
  }
}

/**
 * The time bounds of metric events under CUPED: a pre-period may start up to
 * `lookback` before `from` (exposures keep the analysis bounds).
 */
export function cupedEventBounds(options: ResolvedOptions): TimeBounds {
  if (options.cuped === undefined || options.from === undefined) return options;
  return { from: options.from - options.cuped.lookback, to: options.to, now: options.now };
}

/** Where a store read of metric events starts under CUPED: `{ from: from - lookback }`, or nothing to change. */
export function cupedReadStart(options: ResolvedOptions): { from?: number } {
  const from = cupedEventBounds(options).from;
  return from === undefined ? {} : { from };
}
