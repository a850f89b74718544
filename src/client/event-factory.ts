/**
 * Builds protocol events (src/events/types.ts) from evaluations, `track`
 * calls and logins. Only unit ids and allow-listed attributes leave the
 * client: nothing else of the user is copied into events.
 *
 * This is the event hot path, so each event is written as one object literal
 * with its required fields (optional ones added after, only when present):
 * V8 builds such a literal from a boilerplate in a few nanoseconds, where a
 * spread of a shared base followed by more fields cost close to a microsecond.
 * The fields come out in the same order either way.
 */
import type { Json } from '../ruleset/types.js';
import type { EvalRecord, User } from '../eval/types.js';
import type { CustomEvent, EventSource, ExposureEvent, IdentifyEvent, Units } from '../events/types.js';

/** Options of {@link EventFactory}. */
export interface EventFactoryOptions {
  /** Marks every event as produced in a browser (`client`) or on a server. */
  source: EventSource;
  /** Generates each event's id. */
  uuid: () => string;
  /** Clock for each event's `time` (epoch milliseconds). */
  now: () => number;
  /** User attributes copied into every event (privacy: none by default). */
  attributes?: readonly string[];
}

/** The id of `value` as a unit, or undefined when it cannot be one. */
export function unitIdOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

type Attributes = { [name: string]: Json };

const DEFAULT_UNITS: readonly string[] = ['userID', 'deviceID'];

/** Turns evaluations, `track` calls and logins into protocol events. */
export class EventFactory {
  private unitNames: readonly string[] = DEFAULT_UNITS;
  private readonly source: EventSource;
  private readonly uuid: () => string;
  private readonly now: () => number;
  /** Undefined when no attribute is allow-listed, so the common case skips the lookup. */
  private readonly allowed: readonly string[] | undefined;

  constructor(options: EventFactoryOptions) {
    this.source = options.source;
    this.uuid = options.uuid;
    this.now = options.now;
    this.allowed = options.attributes && options.attributes.length > 0 ? options.attributes : undefined;
  }

  /** The unit attributes (beyond userID and deviceID) the ruleset hashes on, e.g. `companyID`. */
  setUnitNames(names: Iterable<string>): void {
    this.unitNames = [...new Set([...DEFAULT_UNITS, ...names])];
  }

  /** The user's unit ids, by unit attribute name. */
  units(user: User): Units {
    const units: Units = {};
    const names = this.unitNames;
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const id = unitIdOf(user[name]);
      if (id !== undefined) units[name] = id;
    }
    return units;
  }

  /** The exposure event of an evaluation; `variant` is the experiment's variant key (null for none). */
  exposure(record: EvalRecord, user: User, variant: string | null): ExposureEvent {
    const attributes = this.attributes(user);
    const event: ExposureEvent = attributes === undefined
      ? { id: this.uuid(), time: this.now(), units: this.units(user), source: this.source, type: 'exposure', name: record.name, kind: record.kind, reason: record.reason }
      : { id: this.uuid(), time: this.now(), units: this.units(user), source: this.source, attributes, type: 'exposure', name: record.name, kind: record.kind, reason: record.reason };
    if (record.kind !== 'experiment') event.value = record.value;
    else if (variant !== null) event.variant = variant;
    if (record.ruleId !== undefined) event.ruleId = record.ruleId;
    if (record.unit !== undefined) event.unit = record.unit;
    if (record.bucket >= 0) event.bucket = record.bucket;
    if (record.layer !== undefined) event.layer = record.layer;
    if (record.holdout !== undefined) event.holdout = record.holdout;
    return event;
  }

  /** The event of a `track(name, …)` call. */
  custom(name: string, user: User, value: number | undefined, metadata: { [key: string]: Json } | undefined): CustomEvent {
    const attributes = this.attributes(user);
    const event: CustomEvent = attributes === undefined
      ? { id: this.uuid(), time: this.now(), units: this.units(user), source: this.source, type: 'event', name }
      : { id: this.uuid(), time: this.now(), units: this.units(user), source: this.source, attributes, type: 'event', name };
    if (value !== undefined) event.value = value;
    if (metadata !== undefined) event.metadata = metadata;
    return event;
  }

  /** The event linking the user's unit ids. */
  identify(user: User): IdentifyEvent {
    const attributes = this.attributes(user);
    return attributes === undefined
      ? { id: this.uuid(), time: this.now(), units: this.units(user), source: this.source, type: 'identify', name: 'identify' }
      : { id: this.uuid(), time: this.now(), units: this.units(user), source: this.source, attributes, type: 'identify', name: 'identify' };
  }

  /** The allow-listed attributes the user has as JSON primitives, or undefined when none. */
  private attributes(user: User): Attributes | undefined {
    const allowed = this.allowed;
    if (allowed === undefined) return undefined;
    let attributes: Attributes | undefined;
    for (const name of allowed) {
      const value = user[name];
      if (isJsonPrimitive(value)) (attributes ??= {})[name] = value;
    }
    return attributes;
  }
}

function isJsonPrimitive(value: unknown): value is string | number | boolean | null {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}
