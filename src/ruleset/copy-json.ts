/**
 * Copying helpers for normalization: the normalized ruleset shares no object
 * with its input, so neither side can change the other afterwards.
 */
import type { Json } from './types.js';

/**
 * Sets an own property, also for the key `__proto__` (which plain assignment
 * would turn into a prototype change and silently lose).
 */
function setOwn<T>(target: { [key: string]: T }, key: string, value: T): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** A deep copy of a JSON value. */
export function copyJson(value: Json): Json {
  if (Array.isArray(value)) return value.map(copyJson);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value)) setOwn(out, key, copyJson(value[key] as Json));
    return out;
  }
  return value;
}

/** A deep copy of a JSON object (a condition, a variant's params). */
export function copyJsonObject(value: { [key: string]: Json }): { [key: string]: Json } {
  return copyJson(value) as { [key: string]: Json };
}

/** Copies a map entry by entry, transforming each value. */
export function mapValues<A, B>(
  input: { [key: string]: A } | undefined,
  fn: (value: A, key: string) => B,
): {
  [key: string]: B;
} {
  const out: { [key: string]: B } = {};
  if (input === undefined) return out;
  for (const key of Object.keys(input)) setOwn(out, key, fn(input[key] as A, key));
  return out;
}
