/**
 * `$exists` (present and not null, or the opposite) and `$type` (one of
 * `string number boolean null object array`).
 */
import { alwaysFalse } from './combine.js';
import { JSON_TYPE_NAMES } from '../../ruleset/operator-names.js';
import type { OperatorCompiler } from './types.js';

/**
 * The JSON type name of `value`: `typeof`, except `null` and `array`. (`typeof` also gives bigint,
 * symbol, function and undefined, which are no JSON type names.)
 */
export function jsonTypeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** `$exists` (operand read for truthiness) and `$type` (an unknown type name matches nothing). */
export const typeExistsOperators = {
  $exists: (operand) => (operand ? (value) => value != null : (value) => value == null),
  // The names `typeof` gives that are not type names (bigint, symbol, function, undefined) match no operand.
  $type: (operand) =>
    JSON_TYPE_NAMES.includes(operand as string) ? (value) => jsonTypeOf(value) === operand : alwaysFalse,
} satisfies Record<string, OperatorCompiler>;
