/**
 * Adds metric events to the unit they belong to: count and sum of values per
 * unit and event name, counting only events at or after the unit's first
 * exposure. Events are streamed: nothing but the per-unit tallies is kept.
 */
import type { CustomEvent } from '../events/types.js';
import type { EnrolledUnits } from './assignments.js';
import type { PreExposureTally } from './cuped-tally.js';
import type { IdentityIndex } from './identities.js';
import type { KindCollector } from './kinds/collector.js';
import type { EventCounts, InvalidData } from './types.js';
import { timeProblem, valueProblem } from './validity.js';
import type { TimeBounds } from './validity.js';

/** Tallies custom events per enrolled unit. */
export class EventTally {
  readonly counts: EventCounts = { counted: 0, stitched: 0, beforeExposure: 0, unattributed: 0 };
  /** Events before exposure per variant index (unset where none). */
  readonly beforeByVariant: number[] = [];
  private readonly eventIndex: Map<string, number>;
  private readonly isEnrolled = (id: string) => this.units.byId.has(id);
  /** Latest time of a valid metric event read, counted or not (the end of active-day and retention windows). */
  latest = -Infinity;

  constructor(
    private readonly units: EnrolledUnits,
    private readonly identities: IdentityIndex,
    private readonly unit: string,
    eventNames: readonly string[],
    private readonly bounds: TimeBounds,
    private readonly invalid: InvalidData,
    /** CUPED's pre-period tallies, when the analysis adjusts metrics. */
    private readonly preExposure?: PreExposureTally,
    private readonly collector?: KindCollector,
  ) {
    this.eventIndex = new Map(eventNames.map((name, i) => [name, i]));
  }

  /** Takes one custom event; events no metric uses are ignored. */
  add(event: CustomEvent): void {
    if (event.type !== 'event') return;
    const index = this.eventIndex.get(event.name);
    if (index === undefined) return;
    // Stored data is not trusted to match the types: bad times and values are counted, never coerced.
    const problem = timeProblem(event.time, this.bounds) ?? valueProblem((event as { value?: unknown }).value);
    if (problem !== undefined) {
      this.invalid.events[problem]++;
      return;
    }
    if (event.time > this.latest) this.latest = event.time;
    const id = this.identities.resolve(event.units ?? {}, event.time, this.isEnrolled);
    const unit = id === undefined ? undefined : this.units.byId.get(id);
    if (unit === undefined) {
      this.counts.unattributed++;
      return;
    }
    if (event.time < unit.entered) {
      this.counts.beforeExposure++;
      this.beforeByVariant[unit.variant] = (this.beforeByVariant[unit.variant] ?? 0) + 1;
      this.preExposure?.add(unit, index, event.time, event.value ?? 1);
      return;
    }
    this.counts.counted++;
    // Stitched: attributed through a link, not by the event's own id for the unit (absent or empty).
    if (id !== event.units?.[this.unit]) this.counts.stitched++;
    const at = unit.offset + 2 * index;
    const tallies = this.units.tallies;
    tallies[at] = (tallies[at] ?? 0) + 1;
    // An event without a value counts as 1, so summing valueless events counts them (values were checked above).
    const value = event.value ?? 1;
    tallies[at + 1] = (tallies[at + 1] ?? 0) + value;
    this.collector?.counted(unit, event.name, event.time, value);
  }
}
