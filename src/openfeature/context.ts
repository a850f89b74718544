/**
 * OpenFeature's evaluation context as a splitkit user. The context's
 * `targetingKey` becomes the unit attribute the app names (default `userID`);
 * every other JSON-like field is copied as an attribute, and dates become
 * ISO strings, because splitkit's conditions compare JSON values.
 */
import type { EvaluationContext, EvaluationContextValue } from '@openfeature/core';
import type { User } from '../eval/types.js';
import type { Json } from '../ruleset/types.js';

/**
 * Turns an OpenFeature context into the user splitkit evaluates for. Never
 * throws, and bounded work whatever the context holds: an object that throws
 * when read (a getter, a Proxy) is left out, and so are cycles and what lies
 * past 16 levels or 10,000 values.
 */
export function contextToUser(context: EvaluationContext | undefined, targetingKeyAttribute: string): User {
  // The context itself is level -1, so its fields start at depth 0 as any value's would.
  const copy = toJson(context as EvaluationContextValue | undefined, -1);
  if (copy === null || typeof copy !== 'object' || Array.isArray(copy)) return {};
  const { targetingKey, ...user } = copy;
  // A finite number (untyped code, an id from a database) is a unit id too, as in a direct read (`String(n)`).
  if (targetingKey !== '' && (typeof targetingKey === 'string' || typeof targetingKey === 'number'))
    user[targetingKeyAttribute] = targetingKey;
  return user as User;
}

/** Deep enough for any real context; deeper values are dropped rather than walked without end. */
const MAX_DEPTH = 16;

/**
 * Most values copied from one context (or one tracking event's details). Depth alone does not bound the work: an
 * object referring to itself under several keys (a request object passed in by mistake) has k^16 paths.
 */
const MAX_VALUES = 10_000;

/** One copy's state: values it may still visit, and the objects being copied (a value among them is a cycle). */
interface Walk {
  left: number;
  open: Set<object>;
}

const newWalk = (): Walk => ({ left: MAX_VALUES, open: new Set() });

/**
 * A context or tracking value as JSON; undefined for what JSON cannot hold (functions, NaN, cycles), for a
 * value that throws when read, and past the depth or the value budget. Never throws.
 */
export function toJson(value: EvaluationContextValue | undefined, depth = 0, walk: Walk = newWalk()): Json | undefined {
  if (--walk.left < 0) return undefined;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'object' || depth >= MAX_DEPTH || walk.open.has(value)) return undefined;
  walk.open.add(value);
  try {
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
    if (Array.isArray(value)) {
      const list: Json[] = [];
      for (const item of value) {
        if (walk.left < 0) break;
        const json = toJson(item, depth + 1, walk);
        if (json !== undefined) list.push(json);
      }
      return list;
    }
    const object: { [key: string]: Json } = {};
    for (const key of Object.keys(value)) {
      if (walk.left < 0) break;
      const json = toJson(read(value as { [key: string]: EvaluationContextValue }, key), depth + 1, walk);
      if (json !== undefined) object[key] = json;
    }
    return object;
  } catch {
    return undefined;
  } finally {
    walk.open.delete(value);
  }
}

/** `object[key]`, or undefined when reading it throws (a getter): one bad field leaves out only itself. */
function read(object: { [key: string]: EvaluationContextValue }, key: string): EvaluationContextValue | undefined {
  try {
    return object[key];
  } catch {
    return undefined;
  }
}
