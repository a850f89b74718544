/** Checks of untyped values against JSON, for options and for the user attributes copied into events. */

/** True for a JSON value: null, a string, a boolean, a finite number, or an array or object of JSON values. */
export function isJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJson);
  return typeof value === 'object' && Object.values(value as object).every(isJson);
}

/** True for a JSON value that is not an array or object. */
export function isJsonPrimitive(value: unknown): value is string | number | boolean | null {
  return (value === null || typeof value !== 'object') && isJson(value);
}
