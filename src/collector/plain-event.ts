/**
 * The collector's fast path for one event: almost every event a collector
 * receives is valid, and proving that with direct checks costs a small part
 * of a run of the protocol's zod schema (which dominated a request's CPU).
 * {@link plainEvent} only ever answers "valid, and here is the event the
 * schema would return" or "not sure"; every event it is not sure of goes
 * through the schema, which names its problems, so the issues a client gets
 * back never depend on this path. It asks the same {@link eventProblem} the
 * schema asks first, and rebuilds the event with the schema's keys in the
 * schema's order, unknown keys left out, so what is stored is the same too
 * (test/collector/plain-event.test.ts compares both on generated events).
 */
import { REASONS } from '../eval/types.js';
import { eventProblem, MAX_ABS_VALUE, MAX_EVENT_NAME_LENGTH, MAX_EVENT_TIME } from '../events/limits.js';
import type { SplitkitEvent } from '../events/types.js';

type Fields = { [key: string]: unknown };

const SOURCES = new Set<unknown>(['client', 'server']);
const KINDS = new Set<unknown>(['gate', 'experiment', 'param']);
const REASON_SET = new Set<unknown>(REASONS);

/** Longest unit name, and most unit ids in an event (the schema's `units`). */
const MAX_UNIT_NAME_LENGTH = 64;
const MAX_UNITS = 16;

// Plain objects only (as JSON.parse makes), so every key and value is an own, enumerable string-keyed one.
function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function isKey(value: unknown): value is string | undefined {
  return value === undefined || (typeof value === 'string' && value.length <= MAX_EVENT_NAME_LENGTH);
}

// The schema drops a `__proto__` key of a record; such an event takes the schema's path.
function isUnits(value: unknown): boolean {
  if (!isFields(value)) return false;
  const names = Object.keys(value);
  if (names.length > MAX_UNITS) return false;
  for (const name of names) {
    const id = value[name];
    if (name.length > MAX_UNIT_NAME_LENGTH || name === '__proto__' || typeof id !== 'string') return false;
    if (id.length > MAX_EVENT_NAME_LENGTH) return false;
  }
  return true;
}

// Recursion is bounded: eventProblem has already refused anything nested past MAX_JSON_DEPTH.
function isJson(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      // JSON.parse turns 1e400 into Infinity, which the schema refuses.
      return Number.isFinite(value);
    case 'object':
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (const item of value) if (!isJson(item)) return false;
        return true;
      }
      return isJsonFields(value);
    default:
      return false;
  }
}

function isJsonFields(value: unknown): boolean {
  if (!isFields(value)) return false;
  for (const key of Object.keys(value)) if (key === '__proto__' || !isJson(value[key])) return false;
  return true;
}

function isOptionalJsonFields(value: unknown): boolean {
  return value === undefined || isJsonFields(value);
}

/** The exposure-only fields, in the schema's order after `name`; undefined when one is in doubt. */
function exposureFields(input: Fields, event: Fields): Fields | undefined {
  const { kind, variant, value, ruleId, reason, unit, bucket, layer, holdout } = input;
  if (!KINDS.has(kind) || !REASON_SET.has(reason)) return undefined;
  if (!isKey(variant) || !isKey(ruleId) || !isKey(unit) || !isKey(layer) || !isKey(holdout)) return undefined;
  if (value !== undefined && !isJson(value)) return undefined;
  if (bucket !== undefined && !(Number.isInteger(bucket) && (bucket as number) >= 0 && (bucket as number) < 10_000))
    return undefined;
  event.kind = kind;
  if (variant !== undefined) event.variant = variant;
  if (value !== undefined) event.value = value;
  if (ruleId !== undefined) event.ruleId = ruleId;
  event.reason = reason;
  if (unit !== undefined) event.unit = unit;
  if (bucket !== undefined) event.bucket = bucket;
  if (layer !== undefined) event.layer = layer;
  if (holdout !== undefined) event.holdout = holdout;
  return event;
}

/** The custom-event fields after `name`; undefined when one is in doubt. */
function customFields(input: Fields, event: Fields): Fields | undefined {
  const { value, metadata } = input;
  if (value !== undefined && !(typeof value === 'number' && Math.abs(value) <= MAX_ABS_VALUE)) return undefined;
  if (!isOptionalJsonFields(metadata)) return undefined;
  if (value !== undefined) event.value = value;
  if (metadata !== undefined) event.metadata = metadata;
  return event;
}

/**
 * `input` (one item of a parsed body's `events`) as the protocol's schema
 * would return it, when it is certainly valid; undefined when in any doubt
 * (then the schema must decide). The time window and the collector's own
 * checks still apply after it. The event's nested values (units, JSON
 * fields) are kept, not copied: they are plain JSON from the body.
 */
export function plainEvent(input: unknown): SplitkitEvent | undefined {
  if (!isFields(input) || eventProblem(input as unknown as SplitkitEvent) !== undefined) return undefined;
  const { id, time, units, source, attributes, type, name } = input;
  if (typeof id !== 'string' || id === '' || typeof name !== 'string' || name === '') return undefined;
  if (!Number.isInteger(time) || (time as number) < 0 || (time as number) >= MAX_EVENT_TIME) return undefined;
  if (!SOURCES.has(source) || !isUnits(units) || !isOptionalJsonFields(attributes)) return undefined;
  // The schema's key order: the common fields, then the kind's own.
  const event: Fields = { id, time, units, source };
  if (attributes !== undefined) event.attributes = attributes;
  event.type = type;
  event.name = name;
  let rebuilt: Fields | undefined;
  if (type === 'event') rebuilt = customFields(input, event);
  else if (type === 'exposure') rebuilt = exposureFields(input, event);
  else if (type === 'identify') rebuilt = event;
  return rebuilt as SplitkitEvent | undefined;
}
