/**
 * The protocol's limits on one event (docs/protocol.md#limits), in one place:
 * the schema refuses an event past them, and the client drops (and reports)
 * such an event when it is recorded instead of sending a batch the collector
 * must refuse. The client's check is {@link eventProblem}: cheap and bounded,
 * since it runs for every event.
 */
import type { SplitkitEvent } from './types.js';

/** Longest event `id`, in characters (UTF-16 code units, as `String.length` counts). */
export const MAX_EVENT_ID_LENGTH = 128;
/** Longest event `name`, and longest exposure string field (`variant`, `ruleId`, `unit`, `layer`, `holdout`). */
export const MAX_EVENT_NAME_LENGTH = 256;
/** Most unit ids in one event's `units`. */
export const MAX_UNITS = 16;
/** Longest unit name (a key of `units`) or attribute name. */
export const MAX_KEY_LENGTH = 64;
/** Longest unit id (a value of `units`). */
export const MAX_UNIT_ID_LENGTH = 256;
/** Deepest nesting of a JSON field (`metadata`, `attributes`, an exposure's `value`); the field itself is level 1. */
export const MAX_JSON_DEPTH = 32;
/** Longest JSON text of one JSON field of an event, in characters. */
export const MAX_JSON_LENGTH = 16_384;
/** Largest magnitude of a custom event's `value` (and any protocol number but `time`). */
export const MAX_ABS_VALUE = 1e15;
/** First `time` (epoch ms) past the accepted range: 2100-01-01T00:00:00Z. */
export const MAX_EVENT_TIME = 4_102_444_800_000;
/** With a clock to compare to, an event may be this much older than it (90 days: browsers keep unsent events until the next visit). */
export const MAX_EVENT_AGE_MS = 90 * 86_400_000;
/** With a clock to compare to, an event may be this much ahead of it (1 day of clock skew). */
export const MAX_EVENT_AHEAD_MS = 86_400_000;

/** Thrown by the replacer to stop a serialization with its own message. */
class Refusal extends Error {}

/**
 * Why `value` cannot be sent as a JSON field of an event (JSON values only,
 * at most {@link MAX_JSON_DEPTH} levels and {@link MAX_JSON_LENGTH} characters
 * of JSON text), or undefined when it can. `undefined` inside an object is
 * left out, as JSON does. Bounded work whatever the input: it stops at the
 * first value past the size limit, and a cycle, a BigInt, a throwing getter
 * or `toJSON` are problems, not throws.
 */
export function jsonProblem(value: unknown): string | undefined {
  // A lower bound of the JSON text's length: every value takes a character, strings and keys their own.
  let length = 0;
  // Depth of each object met, by the object (its holder's depth + 1); the root's holder is not in it (0).
  const depths = new Map<unknown, number>();
  let text: string | undefined;
  try {
    text = JSON.stringify(value, function (this: unknown, key: string, inner: unknown) {
      const type = typeof inner;
      if (type === 'bigint' || type === 'function' || type === 'symbol' || (type === 'number' && !Number.isFinite(inner))) {
        throw new Refusal(`${key ? `"${key.slice(0, 40)}" ` : ''}is ${type === 'number' ? String(inner) : `a ${type}`}, not JSON`);
      }
      length += 1 + key.length + (type === 'string' ? (inner as string).length : 0);
      if (length > MAX_JSON_LENGTH) throw new Refusal('');
      if (type === 'object' && inner !== null) {
        const depth = (depths.get(this) ?? 0) + 1;
        if (depth > MAX_JSON_DEPTH) throw new Refusal(`is nested deeper than ${MAX_JSON_DEPTH} levels`);
        depths.set(inner, depth);
      }
      return inner;
    });
  } catch (error) {
    if (!(error instanceof Refusal)) return serializeFailure(error);
    if (error.message) return error.message;
  }
  return text === undefined || text.length > MAX_JSON_LENGTH ? `is over ${MAX_JSON_LENGTH} characters of JSON` : undefined;
}

/** "cannot be serialized (why)", with the first line of the engine's message (V8 draws the cycle on the next ones). */
export function serializeFailure(error: unknown): string {
  return `cannot be serialized (${error instanceof Error ? error.message.split('\n')[0] : 'error'})`;
}

/** Whether `value` is a plain JSON object (not an array, not null). */
function isRecord(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textProblem(field: string, value: unknown, max: number, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || value === '') return `${field} must be a non-empty string`;
  return value.length > max ? `${field} is over ${max} characters` : undefined;
}

/** The exposure fields that hold a ruleset key. */
const KEY_FIELDS = ['variant', 'ruleId', 'unit', 'layer', 'holdout'] as const;

/**
 * Why `event` breaks the protocol's limits (and would make the collector
 * refuse its whole batch), or undefined. Checks what an app or a ruleset can
 * make too large or unsendable: id and name, unit ids, exposure keys, the
 * value, and the JSON fields. The event's time is left to the collector,
 * which has the clock to judge it.
 */
export function eventProblem(event: SplitkitEvent): string | undefined {
  try {
    const e = event as unknown as { [field: string]: unknown };
    let problem = textProblem('id', e.id, MAX_EVENT_ID_LENGTH, true) ?? textProblem('name', e.name, MAX_EVENT_NAME_LENGTH, true);
    for (let i = 0; !problem && i < KEY_FIELDS.length; i++) problem = textProblem(KEY_FIELDS[i]!, e[KEY_FIELDS[i]!], MAX_EVENT_NAME_LENGTH, false);
    if (problem) return problem;
    if (!Number.isInteger(e.time) || (e.time as number) < 0) return 'time must be an integer >= 0';
    let count = 0;
    const units = e.units as { [unit: string]: unknown };
    for (const unit in units) {
      if (++count > MAX_UNITS) return `units has more than ${MAX_UNITS} ids`;
      if (unit.length > MAX_KEY_LENGTH) return `unit name "${unit.slice(0, 40)}…" is over ${MAX_KEY_LENGTH} characters`;
      const id = units[unit];
      if (typeof id !== 'string' || id.length > MAX_UNIT_ID_LENGTH) return `units.${unit} must be a string of at most ${MAX_UNIT_ID_LENGTH} characters`;
    }
    const value = e.value;
    if (e.type === 'event') {
      if (value !== undefined && !(typeof value === 'number' && Math.abs(value) <= MAX_ABS_VALUE)) return `value must be a finite number within ±${MAX_ABS_VALUE}`;
    } else if (value !== undefined && typeof value !== 'boolean') {
      problem = jsonProblem(value);
      if (problem) return `value ${problem}`;
    }
    for (const field of ['metadata', 'attributes'] as const) {
      const json = e[field];
      if (json === undefined) continue;
      problem = isRecord(json) ? jsonProblem(json) : 'must be an object';
      if (problem) return `${field} ${problem}`;
    }
    return undefined;
  } catch {
    // A getter or proxy in the event: it cannot be sent as it is.
    return 'cannot be read';
  }
}
