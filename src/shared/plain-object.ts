/**
 * The one test for a plain object (a non-null object that is not an array), shared by the option checks,
 * the client, the condition language and its validator, the collector and the analysis, so that browser
 * bundles carry it once.
 */

/** True for a non-null object that is not an array. */
export function isPlainObject(value: unknown): value is { readonly [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
