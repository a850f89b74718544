/**
 * Equality: literal condition values (`{ country: "US" }`), deep equality of
 * array and object literals, and the `$eq` / `$ne` operators.
 *
 * Literals coerce the attribute the way GrowthBook does: a string literal
 * compares the attribute's string form, a number literal its numeric form, and
 * a boolean literal its truthiness (a missing attribute never equals a
 * boolean). `$eq` / `$ne` are strict (`===`).
 */
import type { OperatorCompiler, ValueTest } from './types.js';

/** Matches when the attribute's string form equals `expected` (case-insensitively when asked). */
export function equalsString(expected: string, caseInsensitive?: boolean): ValueTest {
  if (caseInsensitive) {
    const folded = expected.toLowerCase();
    return (value) => String(value).toLowerCase() === folded;
  }
  // String concatenation, not String(): a Symbol attribute throws (and so fails) instead of matching.
  return (value) => `${value as string}` === expected;
}

/** Matches when the attribute converts to the number `expected` (`"10"` equals 10; missing equals 0). */
export function equalsNumber(expected: number): ValueTest {
  return (value) => Number(value) === expected;
}

/** Matches a present attribute whose truthiness is `expected`. */
export function equalsBoolean(expected: boolean): ValueTest {
  return (value) => value !== null && Boolean(value) === expected;
}

/** Matches a missing or null attribute. */
export const isNull: ValueTest = (value) => value === null;

/**
 * Deep equality with an array or object literal, by JSON text: element order
 * and key order matter, extra or missing keys fail. Primitive attributes never
 * match, since their JSON text cannot start with `[` or `{`.
 */
export function equalsJson(expected: object): ValueTest {
  const text = JSON.stringify(expected);
  return (value) => typeof value === 'object' && value !== null && JSON.stringify(value) === text;
}

/** `$eq` and `$ne`: strict equality with the operand. */
export const equalityOperators = {
  $eq: (operand) => (value) => value === operand,
  $ne: (operand) => (value) => value !== operand,
} satisfies Record<string, OperatorCompiler>;
