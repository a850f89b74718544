/** Telling an operator object (`{ $gt: 1, $lt: 9 }`) apart from a literal object. */
import { isPlainObject } from './combine.js';

/** True for a non-array object with at least one key, all of which start with `$`. */
export function isOperatorObject(value: unknown): value is { readonly [operator: string]: unknown } {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  if (keys.length === 0) return false;
  for (const key of keys) if (!key.startsWith('$')) return false;
  return true;
}
