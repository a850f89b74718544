/**
 * Turns an experiment's exposures into one assignment per unit: the first
 * exposure (by time) decides the variant and the moment the unit entered;
 * a unit seen in more than one variant is left out and counted.
 */
import type { ExposureEvent } from '../events/types.js';
import type { Reason } from '../eval/types.js';
import type { Json } from '../ruleset/types.js';
import { isPlainObject } from '../shared/plain-object.js';
import type { Exclusions, InvalidData } from './types.js';
import { timeProblem } from './validity.js';
import type { TimeBounds } from './validity.js';

/** A unit in the analysis. */
export interface EnrolledUnit {
  variant: number;
  /** Epoch ms of the unit's first exposure; only events at or after it count. */
  entered: number;
  /** Segment value per segment attribute, `(none)` when no exposure recorded it. */
  segments: string[];
  /** Where the unit's tallies start in {@link EnrolledUnits.tallies}. */
  offset: number;
}

/**
 * The enrolled units and one shared array of their tallies: per unit and
 * metric event i, the count at `offset + 2i` and the sum of values at
 * `offset + 2i + 1`. One array instead of one per unit keeps millions of units cheap.
 */
export interface EnrolledUnits {
  byId: Map<string, EnrolledUnit>;
  tallies: Float64Array;
}

interface Candidate {
  variant: number;
  entered: number;
  conflict: boolean;
  segments: (string | undefined)[];
  /** Time of the exposure each segment value came from. */
  segmentTimes: number[];
}

/** Shown for a segment attribute that no exposure of the unit recorded. */
export const NO_SEGMENT_VALUE = '(none)';

/** Label of the pooled smaller segment values beyond the display limit. */
export const OTHER_SEGMENT_VALUE = '(other)';

/**
 * True for a stored string that would read as one of the report's own labels: `(none)`, `(other)`, or one
 * starting with `"`. Such a string's label is its JSON text (`"(none)"` with the quotes), so a stored value
 * never merges with the units that have none or shares a row name with the pooled values. Quoting every
 * string that starts with `"` keeps labels one-to-one: a quoted label can only come from that string.
 */
export function quotedSegmentString(value: string): boolean {
  return value === NO_SEGMENT_VALUE || value === OTHER_SEGMENT_VALUE || value.startsWith('"');
}

/**
 * The reasons of exposures that were not randomized: forced allowlists (TARGETING_MATCH), local overrides
 * and stopped experiments (STATIC). Counting them would bias the comparison; both engines leave them out.
 */
export const NOT_RANDOMIZED_REASONS: readonly Reason[] = ['OVERRIDE', 'TARGETING_MATCH', 'STATIC'];
const NOT_RANDOMIZED = new Set<string>(NOT_RANDOMIZED_REASONS);

/** Collects exposures of one experiment, in any order. */
export class AssignmentCollector {
  private readonly candidates = new Map<string, Candidate>();
  private readonly variantIndex: Map<string, number>;
  readonly exclusions: Exclusions = { multipleVariants: 0, missingUnit: 0, unknownVariant: 0, notRandomized: 0 };
  /** Latest time of a valid exposure taken (the end of active-day and retention windows). */
  latest = -Infinity;

  constructor(
    private readonly experiment: string,
    private readonly unit: string,
    variants: readonly string[],
    private readonly segmentAttributes: readonly string[],
    private readonly bounds: TimeBounds,
    private readonly invalid: InvalidData,
    /** Sees every valid exposure (the timeline keeps units that conflict later, see timeline.ts). */
    private readonly onValid?: (id: string, variant: number, time: number) => void,
  ) {
    this.variantIndex = new Map(variants.map((key, i) => [key, i]));
  }

  /** Takes one exposure; exposures of other entities or without a variant are ignored. */
  add(exposure: ExposureEvent): void {
    if (exposure.type !== 'exposure' || exposure.kind !== 'experiment' || exposure.name !== this.experiment) return;
    if (exposure.variant === undefined) return;
    if (NOT_RANDOMIZED.has(exposure.reason)) {
      this.exclusions.notRandomized++;
      return;
    }
    const variant = this.variantIndex.get(exposure.variant);
    if (variant === undefined) {
      this.exclusions.unknownVariant++;
      return;
    }
    const id = exposure.units?.[this.unit];
    if (typeof id !== 'string' || id === '') {
      this.exclusions.missingUnit++;
      return;
    }
    const time = exposure.time;
    const problem = timeProblem(time, this.bounds);
    if (problem !== undefined) {
      this.invalid.exposures[problem]++;
      return;
    }
    this.onValid?.(id, variant, time);
    if (time > this.latest) this.latest = time;
    let c = this.candidates.get(id);
    if (c === undefined) {
      c = {
        variant,
        entered: time,
        conflict: false,
        segments: this.segmentAttributes.map(() => undefined),
        segmentTimes: this.segmentAttributes.map(() => Infinity),
      };
      this.candidates.set(id, c);
    } else {
      if (c.variant !== variant) c.conflict = true;
      if (time < c.entered) {
        c.entered = time;
        c.variant = variant;
      }
    }
    this.recordSegments(c, exposure, time);
  }

  /** The enrolled units (conflicting ones removed and counted) with zeroed tallies for `eventCount` events. */
  finish(eventCount: number): EnrolledUnits {
    const byId = new Map<string, EnrolledUnit>();
    const stride = 2 * eventCount;
    for (const [id, c] of this.candidates) {
      if (c.conflict) {
        this.exclusions.multipleVariants++;
        continue;
      }
      byId.set(id, {
        variant: c.variant,
        entered: c.entered,
        segments: c.segments.map((s) => s ?? NO_SEGMENT_VALUE),
        offset: byId.size * stride,
      });
    }
    this.candidates.clear();
    return { byId, tallies: new Float64Array(byId.size * stride) };
  }

  // The earliest exposure that recorded an attribute gives the unit's segment: attributes can change
  // later (a user moving country), but the unit is analyzed as it was when it entered.
  private recordSegments(c: Candidate, exposure: ExposureEvent, time: number): void {
    const attributes = exposure.attributes;
    // Stored data is not trusted to match the types: `null` (or any non-object) records no attribute.
    if (!isPlainObject(attributes)) return;
    this.segmentAttributes.forEach((name, i) => {
      const value = attributes[name];
      if (value === undefined || time >= (c.segmentTimes[i] ?? Infinity)) return;
      c.segments[i] = segmentLabel(value);
      c.segmentTimes[i] = time;
    });
  }
}

function segmentLabel(value: Json): string {
  if (value === null) return NO_SEGMENT_VALUE;
  if (typeof value === 'string') return quotedSegmentString(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}
