/**
 * Telling an operator object (`{ $gt: 1, $lt: 9 }`) apart from a literal
 * object: part of the condition language, read by the validator and the evaluator.
 */

/** True for a non-null object that is not an array (the shape of a condition object). */
export function isPlainObject(value: unknown): value is { readonly [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for a non-array object with at least one key, all of which start with `$`. */
export function isOperatorObject(value: unknown): value is { readonly [operator: string]: unknown } {
  const keys = isPlainObject(value) ? Object.keys(value) : [];
  return keys.length > 0 && keys.every((key) => key.startsWith('$'));
}
