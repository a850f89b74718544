/**
 * `$exists` (present and not null, or the opposite) and `$type` (one of
 * `string number boolean null object array`).
 */
import { alwaysFalse } from './combine.js';
import type { OperatorCompiler } from './types.js';

const TYPE_NAMES: readonly unknown[] = ['string', 'number', 'boolean', 'null', 'object', 'array'];

/** `$exists` (operand read for truthiness) and `$type` (an unknown type name matches nothing). */
export const typeExistsOperators = {
  $exists: (operand) => (operand ? (value) => value != null : (value) => value == null),
  // The value's type is `typeof` except for null and arrays; the other names `typeof` gives
  // (bigint, symbol, function, undefined) are not type names, so they match no operand.
  $type: (operand) =>
    TYPE_NAMES.includes(operand)
      ? (value) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value) === operand
      : alwaysFalse,
} satisfies Record<string, OperatorCompiler>;
