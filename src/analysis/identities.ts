/**
 * Identity stitching: maps an event to the experiment's unit through
 * identify events. An identify event with `units: { deviceID: d, userID: u }`
 * links d and u; an event that carries only `userID: u` then belongs to d
 * when the experiment's unit is `deviceID` (and the reverse for `userID`).
 *
 * The rule, documented in docs/analysis.md:
 * 1. An event that carries the experiment's unit belongs to that unit, links or not.
 * 2. Otherwise every other id on the event is looked up; the candidates are the
 *    enrolled units linked to any of them (one hop; chains are not followed).
 * 3. Among candidates, the most recent link at or before the event's time wins
 *    (the device the user last logged in on); when every link is later than the
 *    event, the earliest link wins (events tracked just before the login).
 *    Each event therefore counts for at most one unit.
 */
import type { IdentifyEvent, Units } from '../events/types.js';

interface Link {
  /** Id of the experiment's unit. */
  id: string;
  time: number;
}

/** Identify links for one experiment unit, by the other unit's name and id. */
export class IdentityIndex {
  private readonly links = new Map<string, Map<string, Link[]>>();
  private sorted = true;

  constructor(private readonly unit: string) {}

  /** Records the links an identify event makes between the experiment's unit and its other ids. */
  add(identify: IdentifyEvent): void {
    if (identify.type !== 'identify') return;
    // A link with no usable time cannot be placed before or after an event: left out, as the SQL engines do.
    if (typeof identify.time !== 'number' || !Number.isFinite(identify.time)) return;
    const units = identify.units ?? {};
    const id = units[this.unit];
    if (typeof id !== 'string' || id === '') return;
    for (const [name, other] of Object.entries(units)) {
      if (name === this.unit || typeof other !== 'string' || other === '') continue;
      let byId = this.links.get(name);
      if (byId === undefined) this.links.set(name, (byId = new Map()));
      const list = byId.get(other);
      if (list === undefined) byId.set(other, [{ id, time: identify.time }]);
      else list.push({ id, time: identify.time });
      this.sorted = false;
    }
  }

  /**
   * The experiment unit id an event with `units` at `time` belongs to, or
   * undefined. `enrolled` says which ids are in the experiment.
   */
  resolve(units: Units, time: number, enrolled: (id: string) => boolean): string | undefined {
    const direct = units[this.unit];
    if (typeof direct === 'string' && direct !== '') return direct;
    if (!this.sorted) this.sortLinks();
    let before: Link | undefined;
    let after: Link | undefined;
    for (const [name, other] of Object.entries(units)) {
      const list = this.links.get(name)?.get(other);
      if (list === undefined) continue;
      for (const link of list) {
        if (!enrolled(link.id)) continue;
        if (link.time <= time) {
          if (before === undefined || link.time > before.time) before = link;
        } else if (after === undefined || link.time < after.time) {
          after = link;
        }
      }
    }
    return (before ?? after)?.id;
  }

  // Sorting by time once makes ties resolve by arrival order (stable sort), whatever the read order.
  private sortLinks(): void {
    for (const byId of this.links.values()) {
      for (const list of byId.values()) list.sort((a, b) => a.time - b.time);
    }
    this.sorted = true;
  }
}
