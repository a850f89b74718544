/**
 * The protocol's limits on one event (docs/protocol.md#limits), in one place:
 * the schema refuses an event past them, and the pipeline drops (and reports)
 * such an event when it is queued instead of sending a batch the collector
 * must refuse. Both ask {@link eventProblem}, so they cannot disagree (the
 * pipeline also checks what of a custom event's shape the app decides).
 */
import type { CustomEvent, SplitkitEvent } from './types.js';

/** Longest event `id`, in characters (UTF-16 code units, as `String.length` counts). */
export const MAX_EVENT_ID_LENGTH = 128;
/** Longest event `name`, and longest other string outside the JSON fields: unit ids, exposure `variant`, `ruleId`, `unit`, `layer`, `holdout` (those: schema only). */
export const MAX_EVENT_NAME_LENGTH = 256;
/** Deepest nesting inside an event: its JSON fields (`metadata`, `attributes`, an exposure's `value`) are level 1. */
export const MAX_JSON_DEPTH = 32;
/** Longest JSON text of one event, in characters. */
export const MAX_EVENT_LENGTH = 16_384;
/** Longest unit name (a key of an event's `units`). */
export const MAX_UNIT_NAME_LENGTH = 64;
/** Most unit ids in one event. */
export const MAX_UNITS = 16;
/** Largest magnitude of a custom event's `value` (and an exposure's `bucket` is below 10,000). */
export const MAX_ABS_VALUE = 1e15;
/** First `time` (epoch ms) past the accepted range: 2100-01-01T00:00:00Z. */
export const MAX_EVENT_TIME = 4_102_444_800_000;
/** With a clock to compare to, an event may be this much older than it (90 days: browsers keep unsent events until the next visit). */
export const MAX_EVENT_AGE_MS = 90 * 86_400_000;
/** With a clock to compare to, an event may be this much ahead of it (1 day of clock skew). */
export const MAX_EVENT_AHEAD_MS = 86_400_000;

/**
 * Why `event` cannot be sent (and would make its whole batch fail), e.g.
 * `"self" cannot be serialized (Converting circular structure to JSON)`, or
 * undefined. The client asks it of every event it queues, and the schema of
 * every event it reads, before anything walks the event. One serialization
 * with a replacer: it fails on a cycle, a BigInt, a throwing getter or
 * `toJSON`; refuses an `id` or `name` past its length, a custom event's
 * `value` that is not a number within ±{@link MAX_ABS_VALUE}, nesting past
 * {@link MAX_JSON_DEPTH}; and stops as soon as the text must be longer than
 * {@link MAX_EVENT_LENGTH}: bounded work whatever the input. Functions,
 * symbols and `undefined` members are left out, as JSON does. The other
 * limits (unit ids, exposure keys, times) are the schema's alone: a
 * collector's refusal names such an event, and the client drops just that one.
 */
export function eventProblem(event: SplitkitEvent): string | undefined {
  // Every track() asks, so the common case must be cheap: a bounded look that proves the event fine, else
  // (any doubt, not only a problem) the serialization below, which names the problem.
  try {
    const e = event as { id?: unknown; name?: unknown; value?: unknown };
    if (
      plainlyFine(event) &&
      fits(e.id, MAX_EVENT_ID_LENGTH) &&
      fits(e.name, MAX_EVENT_NAME_LENGTH) &&
      (event.type !== 'event' ||
        e.value === undefined ||
        (typeof e.value === 'number' && Math.abs(e.value) <= MAX_ABS_VALUE))
    )
      return undefined;
  } catch {}
  return walkProblem(event);
}

/**
 * {@link eventProblem} of a custom event about to be queued, and what the schema alone would catch of
 * the metadata the app passed (a collector refusing the batch for it): it must be an object.
 */
export function customEventProblem(event: CustomEvent): string | undefined {
  const metadata = event.metadata;
  return metadata !== undefined && (typeof metadata !== 'object' || !metadata || Array.isArray(metadata))
    ? '"metadata" must be an object'
    : eventProblem(event);
}

// Anything else (a missing id or name too) takes the walk, which names the problem; a key that is absent
// there is the schema's to report as missing.
function fits(text: unknown, max: number): boolean {
  return typeof text === 'string' && text.length > 0 && text.length <= max;
}

// True when the event's JSON text is certainly within the length and depth limits and serializes.
function plainlyFine(event: SplitkitEvent): boolean {
  return left(event, 0, MAX_EVENT_LENGTH) >= 0;
}

// What remains of `budget`, an upper bound of the text's length (6 characters a string character may take
// escaped, 24 a number), after `value`; negative at the first doubt (a BigInt, a toJSON, too deep, over budget),
// so the walk is bounded whatever the input. A plain function: it runs for every tracked event.
function left(value: unknown, depth: number, budget: number): number {
  const type = typeof value;
  if (type === 'string') return budget - 2 - 6 * (value as string).length;
  if (type === 'bigint') return -1;
  if (type !== 'object') return budget - 24;
  if (depth > MAX_JSON_DEPTH) return -1;
  if (value === null) return budget - 4;
  if ('toJSON' in (value as object)) return -1;
  // By index for arrays: listing the keys of a huge one first would be the unbounded work this avoids.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && budget >= 0; i++) budget = left(value[i], depth + 1, budget - 1);
    return budget - 2;
  }
  // for-in lists no array of the keys first (Object.keys did, the slowest step of a tracked event), but it lists
  // the inherited keys as well, all of them before the first turn: only objects whose prototype adds none are
  // walked, and any other (a class instance, an object made on a huge one) is a doubt the serialization decides.
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return -1;
  for (const key in value as object) {
    if (budget < 0) return budget;
    budget = left((value as Record<string, unknown>)[key], depth + 1, budget - 4 - 6 * key.length);
  }
  return budget - 2;
}

function walkProblem(event: SplitkitEvent): string | undefined {
  // A lower bound of the text's length: every value takes a character, strings and keys their own.
  let length = 0;
  // Depth of each object met (its holder's + 1); the event's holder is not in it, so the event is level 0.
  const depths = new Map<unknown, number>();
  // The key being serialized: where a problem is.
  let at = '';
  try {
    const text = JSON.stringify(event, function (this: unknown, key: string, value: unknown) {
      const type = typeof value;
      const depth = (depths.get(this) ?? -1) + 1;
      const max = key === 'id' ? MAX_EVENT_ID_LENGTH : MAX_EVENT_NAME_LENGTH;
      at = key;
      length += 1 + key.length + (type === 'string' ? (value as string).length : 0);
      if (depth === 1 && (key === 'id' || key === 'name') && !((value as string)?.length <= max && value))
        throw `must be 1 to ${max} characters`;
      if (
        depth === 1 &&
        key === 'value' &&
        event.type === 'event' &&
        !(type === 'number' && Math.abs(value as number) <= MAX_ABS_VALUE)
      )
        throw `must be a number in ±${MAX_ABS_VALUE}`;
      if (type === 'object' && depth > MAX_JSON_DEPTH) throw `is over ${MAX_JSON_DEPTH} levels deep`;
      if (length > MAX_EVENT_LENGTH) throw '';
      // Primitives too (cheaper than asking): only objects are ever holders looked up.
      depths.set(value, depth);
      return value;
    }) as string;
    if (text.length > MAX_EVENT_LENGTH) throw '';
  } catch (error) {
    // A string is a problem found above ('' for the size); else a cycle, a BigInt, a throwing getter or
    // toJSON, or the engine's own limits: its first line only (V8 draws the cycle on the next ones). The key
    // is short: keys count towards the event's length limit.
    return error === ''
      ? `the event is over ${MAX_EVENT_LENGTH} characters`
      : `"${at}" ${typeof error === 'string' ? error : `cannot be serialized (${error instanceof Error ? error.message.split('\n')[0] : 'error'})`}`;
  }
  return undefined;
}
