/**
 * Telling an operator object (`{ $gt: 1, $lt: 9 }`) apart from a literal
 * object: part of the condition language, read by the validator and the evaluator.
 */
import { isPlainObject } from '../shared/plain-object.js';

export { isPlainObject };

/** True for a non-array object with at least one key, all of which start with `$`. */
export function isOperatorObject(value: unknown): value is { readonly [operator: string]: unknown } {
  const keys = isPlainObject(value) ? Object.keys(value) : [];
  return keys.length > 0 && keys.every((key) => key.startsWith('$'));
}
