/**
 * The collector's fast path for one event: almost every event a collector
 * receives is valid, and proving that with direct checks costs a small part
 * of a run of the protocol's zod schema (which dominated a request's CPU).
 * {@link plainEvent} only ever answers "valid, and here is the event the
 * schema would return" or "not sure"; every event it is not sure of goes
 * through the schema, which names its problems, so the issues a client gets
 * back never depend on this path. It checks the protocol's limits with upper
 * bounds (never accepting what they refuse), uses the protocol's own
 * constants, and rebuilds the
 * event with the schema's keys in the schema's order, unknown keys left out,
 * so what is stored is the same too (test/collector/plain-event.test.ts
 * compares both on generated events).
 */
import { ENTITY_KINDS, REASONS } from '../eval/types.js';
import {
  MAX_ABS_VALUE,
  MAX_EVENT_ID_LENGTH,
  MAX_EVENT_LENGTH,
  MAX_EVENT_NAME_LENGTH,
  MAX_EVENT_TIME,
  MAX_UNITS,
  MAX_UNIT_NAME_LENGTH,
  MAX_JSON_DEPTH,
} from '../events/limits.js';
import { EVENT_SOURCES, type SplitkitEvent } from '../events/types.js';

type Fields = { [key: string]: unknown };

const REASON_SET = new Set<unknown>(REASONS);
const KIND_SET = new Set<unknown>(ENTITY_KINDS);
const SOURCES = new Set<unknown>(EVENT_SOURCES);

// Plain objects only (as JSON.parse makes), so every key and value is an own, enumerable string-keyed one.
function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function isKey(value: unknown): value is string | undefined {
  return value === undefined || (typeof value === 'string' && value.length <= MAX_EVENT_NAME_LENGTH);
}

/**
 * What remains of `budget` after `value`'s JSON text, counted as an upper
 * bound (6 characters per string character, escaped; 24 per number); -1 at
 * the first doubt: a value JSON does not have (or a number that parsed to
 * `Infinity`, which the schema refuses), a `__proto__` key (which the
 * schema refuses too, naming its path), nesting past {@link MAX_JSON_DEPTH} (the event is
 * level 0, its fields 1), or the budget spent. So an event with budget left
 * is certainly within the protocol's size and depth limits, and holds JSON
 * only. Bounded work: it stops once the budget is spent. The client's check
 * (`eventProblem` in src/events/limits.ts) walks with a leaner rule, kept small
 * for the browser bundle: what it meets is serialized by `JSON.stringify`,
 * where `Infinity` becomes null and `__proto__` is no key; a parsed body can
 * hold both, and the schema refuses them.
 */
function room(value: unknown, depth: number, budget: number): number {
  switch (typeof value) {
    case 'string':
      return budget - 2 - 6 * value.length;
    case 'boolean':
      return budget - 5;
    case 'number':
      return Number.isFinite(value) ? budget - 24 : -1;
    case 'object':
      break;
    default:
      return -1;
  }
  if (depth > MAX_JSON_DEPTH) return -1;
  if (value === null) return budget - 4;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && budget >= 0; i++) budget = room(value[i], depth + 1, budget - 1);
    return budget - 2;
  }
  if (!isFields(value)) return -1;
  for (const key of Object.keys(value)) {
    if (budget < 0 || key === '__proto__') return -1;
    budget = room(value[key], depth + 1, budget - 4 - 6 * key.length);
  }
  return budget - 2;
}

// The schema refuses a `__proto__` key of a record; `room` has stepped aside for those already.
function isUnits(value: unknown): boolean {
  if (!isFields(value)) return false;
  const names = Object.keys(value);
  if (names.length > MAX_UNITS) return false;
  for (const name of names) {
    const id = value[name];
    if (name.length > MAX_UNIT_NAME_LENGTH || typeof id !== 'string' || id.length > MAX_EVENT_NAME_LENGTH) return false;
  }
  return true;
}

// JSON fields hold JSON only once `room` passed: what is left to check is their own shape.
function isOptionalFields(value: unknown): boolean {
  return value === undefined || isFields(value);
}

/** The exposure-only fields, in the schema's order after `name`; undefined when one is in doubt. */
function exposureFields(input: Fields, event: Fields): Fields | undefined {
  const { kind, variant, value, ruleId, reason, unit, bucket, layer, holdout } = input;
  if (!KIND_SET.has(kind) || !REASON_SET.has(reason)) return undefined;
  if (!isKey(variant) || !isKey(ruleId) || !isKey(unit) || !isKey(layer) || !isKey(holdout)) return undefined;
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
  if (!isOptionalFields(metadata)) return undefined;
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
  if (!isFields(input) || room(input, 0, MAX_EVENT_LENGTH) < 0) return undefined;
  const { id, time, units, source, attributes, type, name } = input;
  if (typeof id !== 'string' || id === '' || id.length > MAX_EVENT_ID_LENGTH) return undefined;
  if (typeof name !== 'string' || name === '' || name.length > MAX_EVENT_NAME_LENGTH) return undefined;
  if (!Number.isInteger(time) || (time as number) < 0 || (time as number) >= MAX_EVENT_TIME) return undefined;
  if (!SOURCES.has(source) || !isUnits(units) || !isOptionalFields(attributes)) return undefined;
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
