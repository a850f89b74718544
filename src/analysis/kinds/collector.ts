/**
 * What the quantile, funnel, active-day and retention metrics keep per unit
 * beyond the count+sum tallies, collected as the counted events stream by:
 *
 * - quantile: every counted value of its event (one number and one unit
 *   reference per event: the only kind whose memory grows with events);
 * - funnel: per unit and step, the step times that can still be the earliest
 *   in order (pruned as events arrive: a handful per unit when events come
 *   roughly in time order);
 * - activeDays: per unit, which of the N days had an event, and how many events;
 * - retention: the units active on the day.
 *
 * Units without events of a metric take no memory.
 */
import type { EnrolledUnit } from '../assignments.js';
import type { ResolvedMetric } from '../metric-definition.js';
import { DAY_MS } from './definitions.js';

/** The values of one quantile event, each with its unit. */
export interface QuantileValues {
  units: EnrolledUnit[];
  values: number[];
}

/** A unit's active days in the window of an activeDays metric. */
export interface ActiveDays {
  days: Uint8Array;
  /** Distinct active days. */
  active: number;
  /** Counted events with a day index in the window. */
  events: number;
}

type Handler = (unit: EnrolledUnit, time: number, value: number) => void;

/** Funnel step times kept per unit and step before they are first compacted. */
const FUNNEL_COMPACT_AT = 8;

/** Receives every counted event (see `EventTally`) and keeps what the added kinds need. */
export class KindCollector {
  private readonly handlers = new Map<string, Handler[]>();
  /** Per quantile event name. */
  readonly quantiles = new Map<string, QuantileValues>();
  /** Per funnel metric key: per unit, candidate (step index, time) pairs, flat. */
  readonly funnels = new Map<string, Map<EnrolledUnit, number[]>>();
  /** Per activeDays metric key. */
  readonly activeDays = new Map<string, Map<EnrolledUnit, ActiveDays>>();
  /** Per retention metric key: the units active on the day. */
  readonly retained = new Map<string, Set<EnrolledUnit>>();

  constructor(metrics: readonly ResolvedMetric[]) {
    for (const m of metrics) {
      if (m.kind === 'quantile') this.addQuantile(m.event);
      else if (m.kind === 'funnel') this.addFunnel(m);
      else if (m.kind === 'activeDays') this.addActiveDays(m);
      else if (m.kind === 'retention') this.addRetention(m);
    }
  }

  /** Whether any metric needs this collector. */
  get active(): boolean {
    return this.handlers.size > 0;
  }

  /** Takes a counted event of `unit` (time at or after its entry, valid value). */
  counted(unit: EnrolledUnit, name: string, time: number, value: number): void {
    const list = this.handlers.get(name);
    if (list === undefined) return;
    for (const handle of list) handle(unit, time, value);
  }

  private on(name: string, handler: Handler): void {
    const list = this.handlers.get(name);
    if (list === undefined) this.handlers.set(name, [handler]);
    else list.push(handler);
  }

  private addQuantile(event: string): void {
    if (this.quantiles.has(event)) return;
    const sample: QuantileValues = { units: [], values: [] };
    this.quantiles.set(event, sample);
    this.on(event, (unit, _time, value) => {
      sample.units.push(unit);
      sample.values.push(value);
    });
  }

  private addFunnel(m: ResolvedMetric): void {
    const steps = m.steps ?? [];
    const window = m.window ?? Infinity;
    const repeats = repeatedSteps(steps);
    const state = new Map<EnrolledUnit, number[]>();
    this.funnels.set(m.key, state);
    // An event name may be several steps (view>cart>view): each of its steps gets the time.
    // One flat array per unit (not one per step) keeps allocations, and so garbage collection, low.
    steps.forEach((name, k) => {
      this.on(name, (unit, time) => {
        if (time > unit.entered + window) return;
        const pairs = state.get(unit);
        if (pairs === undefined) {
          state.set(unit, [k, time]);
          return;
        }
        pairs.push(k, time);
        // At powers of two, so lists that cannot shrink cost amortized O(1) per event.
        const n = pairs.length / 2;
        if (n > FUNNEL_COMPACT_AT && (n & (n - 1)) === 0) compactFunnel(pairs, steps.length, repeats);
      });
    });
  }

  private addActiveDays(m: ResolvedMetric): void {
    const days = Math.round((m.window ?? 0) / DAY_MS);
    const state = new Map<EnrolledUnit, ActiveDays>();
    this.activeDays.set(m.key, state);
    this.on(m.event, (unit, time) => {
      const d = Math.floor((time - unit.entered) / DAY_MS);
      if (d < 0 || d >= days) return;
      let s = state.get(unit);
      if (s === undefined) {
        s = { days: new Uint8Array(days), active: 0, events: 0 };
        state.set(unit, s);
      }
      s.events++;
      if (s.days[d] === 0) {
        s.days[d] = 1;
        s.active++;
      }
    });
  }

  private addRetention(m: ResolvedMetric): void {
    const day = m.day ?? 1;
    const units = new Set<EnrolledUnit>();
    this.retained.set(m.key, units);
    this.on(m.event, (unit, time) => {
      if (Math.floor((time - unit.entered) / DAY_MS) === day) units.add(unit);
    });
  }
}

/**
 * Per step, whether it names the same event as the step before it
 * (`view>view`). Such a step needs another occurrence, later than the one
 * that reached the step before: one event never counts as two steps.
 */
export function repeatedSteps(steps: readonly string[]): boolean[] {
  return steps.map((name, k) => k > 0 && steps[k - 1] === name);
}

/**
 * The funnel's step times t_1 … t_K from candidate (step index, time) pairs
 * (undefined past the first step not reached): t_1 the earliest step-1 time,
 * t_k the earliest step-k time at or after t_(k−1), or strictly after it when
 * step k repeats the event name of step k − 1 (`repeats[k]`, see
 * {@link repeatedSteps}).
 */
export function funnelTimes(
  pairs: readonly number[],
  steps: number,
  repeats: readonly boolean[] = [],
): (number | undefined)[] {
  const out: (number | undefined)[] = [];
  let previous = -Infinity;
  for (let k = 0; k < steps; k++) {
    let best = Infinity;
    const strict = repeats[k] === true;
    for (let j = 0; j < pairs.length; j += 2) {
      const t = pairs[j + 1] as number;
      if (pairs[j] === k && (strict ? t > previous : t >= previous) && t < best) best = t;
    }
    if (best === Infinity) break;
    out.push(best);
    previous = best;
  }
  while (out.length < steps) out.push(undefined);
  return out;
}

// Later events can only make each t_k earlier (the set a step picks from only grows, and its
// lower bound t_(k−1) only falls), so a time after the current t_k can never become t_k.
function compactFunnel(pairs: number[], steps: number, repeats: readonly boolean[]): void {
  const current = funnelTimes(pairs, steps, repeats);
  let kept = 0;
  for (let j = 0; j < pairs.length; j += 2) {
    const k = pairs[j] as number;
    const t = pairs[j + 1] as number;
    const limit = current[k];
    if (limit !== undefined && t > limit) continue;
    pairs[kept++] = k;
    pairs[kept++] = t;
  }
  pairs.length = kept;
}
