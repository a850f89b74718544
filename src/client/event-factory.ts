/**
 * Builds protocol events (src/events/types.ts) from evaluations, `track`
 * calls and logins. Only unit ids and allow-listed attributes leave the
 * client: nothing else of the user is copied into events.
 *
 * This is the event hot path, so every event starts as one object literal
 * with the fields all events share, and gets its own fields assigned after,
 * only when present: V8 builds such a literal from a boilerplate in a few
 * nanoseconds, where a spread of a shared base cost close to a microsecond.
 * Assignment order is the order of the fields on the wire.
 */
import type { Json } from '../ruleset/types.js';
import type { EvalRecord, User } from '../eval/types.js';
import { readUnitId } from '../eval/unit-id.js';
import { isJsonPrimitive } from './json.js';
import type { CustomEvent, EventSource, ExposureEvent, IdentifyEvent, SplitkitEvent, Units } from '../events/types.js';

/** Options of {@link createEventFactory}. */
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

/** Turns evaluations, `track` calls and logins into protocol events. */
export interface EventFactory {
  /** The unit attributes (beyond userID and deviceID) the ruleset hashes on, e.g. `companyID`. */
  _setUnitNames(names: Iterable<string>): void;
  /** The user's unit ids, by unit attribute name. */
  units(user: User): Units;
  /** The exposure event of an evaluation. */
  exposure(record: EvalRecord, user: User): ExposureEvent;
  /** The event of a `track(name, …)` call. */
  _customEvent(
    name: string,
    user: User,
    value: number | undefined,
    metadata: { [key: string]: Json } | undefined,
  ): CustomEvent;
  /** The event linking the user's unit ids. */
  identify(user: User): IdentifyEvent;
}

type Attributes = { [name: string]: Json };

const DEFAULT_UNITS: readonly string[] = ['userID', 'deviceID'];

/** Creates the event factory of one client. */
export function createEventFactory(options: EventFactoryOptions): EventFactory {
  const { source, uuid, now } = options;
  // Undefined when no attribute is allow-listed, so the common case skips the lookup.
  const allowed = options.attributes?.length ? options.attributes : undefined;
  let unitNames = DEFAULT_UNITS;

  const units = (user: User): Units => {
    const units: Units = {};
    for (let i = 0; i < unitNames.length; i++) {
      const name = unitNames[i]!;
      const id = readUnitId(user, name);
      if (id !== undefined) units[name] = id;
    }
    return units;
  };

  /** The fields every event starts with, allow-listed attributes included when the user has some. */
  const start = <T extends SplitkitEvent>(type: T['type'], name: string, user: User): T => {
    let attributes: Attributes | undefined;
    if (allowed !== undefined) {
      for (const key of allowed) {
        const value = user[key];
        if (isJsonPrimitive(value)) (attributes ??= {})[key] = value;
      }
    }
    return (
      attributes === undefined
        ? { id: uuid(), time: now(), units: units(user), source, type, name }
        : { id: uuid(), time: now(), units: units(user), source, attributes, type, name }
    ) as T;
  };

  return {
    _setUnitNames(names) {
      unitNames = [...new Set([...DEFAULT_UNITS, ...names])];
    },
    units,
    exposure(record, user) {
      const event = start<ExposureEvent>('exposure', record.name, user);
      event.kind = record.kind;
      event.reason = record.reason;
      // An experiment's value is its variant key, or null for none.
      if (record.kind !== 'experiment') event.value = record.value;
      else if (record.value !== null) event.variant = record.value as string;
      // The evaluation's fields it set, in their order on the wire; a bucket of -1 means no bucketing happened.
      // Named, not looped over by key: stores of keys from a list add each field the slow way.
      if (record.ruleId !== undefined) event.ruleId = record.ruleId;
      if (record.unit !== undefined) event.unit = record.unit;
      if (record.bucket !== -1) event.bucket = record.bucket;
      if (record.layer !== undefined) event.layer = record.layer;
      if (record.holdout !== undefined) event.holdout = record.holdout;
      return event;
    },
    _customEvent(name, user, value, metadata) {
      const event = start<CustomEvent>('event', name, user);
      if (value !== undefined) event.value = value;
      if (metadata !== undefined) event.metadata = metadata;
      return event;
    },
    identify: (user) => start<IdentifyEvent>('identify', 'identify', user),
  };
}
