/**
 * Reading the id of a unit from a user. Only real ids are bucketed: a missing
 * attribute must never be hashed as the string "undefined", which would put
 * every anonymous user in the same bucket.
 */
import type { Attributes } from './conditions/index.js';

/**
 * The id a user has for `unit`, as the string that gets hashed: a non-empty
 * string as is, a finite number as `String(n)`. Anything else (missing,
 * `null`, `''`, `NaN`, objects, booleans) returns `undefined`: the user is not
 * bucketed for this unit. Own properties only, as for condition paths.
 */
export function readUnitId(attributes: Attributes, unit: string): string | undefined {
  const value = Object.hasOwn(attributes, unit) ? attributes[unit] : undefined;
  // A string as is, but '' (falsy) is no id.
  if (typeof value === 'string') return value || undefined;
  // Number.isFinite is false for anything that is not a number.
  return Number.isFinite(value) ? String(value) : undefined;
}

const NO_ATTRIBUTES: Attributes = Object.freeze({});

/** The user as attributes; a value that is not an object (a caller bug in untyped code) has none. */
export function asAttributes(user: unknown): Attributes {
  return typeof user === 'object' && user !== null ? (user as Attributes) : NO_ATTRIBUTES;
}
