/**
 * `$exists` (present and not null, or the opposite) and `$type` (one of
 * `string number boolean null object array`).
 */
import { alwaysFalse } from './combine.js';
import type { OperatorCompiler, ValueTest } from './types.js';

const TYPE_NAMES: ReadonlySet<unknown> = new Set(['string', 'number', 'boolean', 'null', 'object', 'array']);

/** The `$type` name of a value, or `unknown` for bigint, symbol, function and undefined. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' || type === 'object' ? type : 'unknown';
}

const present: ValueTest = (value) => value != null;
const absent: ValueTest = (value) => value == null;

/** `$exists` (operand read for truthiness) and `$type` (an unknown type name matches nothing). */
export const typeExistsOperators = {
  $exists: (operand) => (operand ? present : absent),
  $type: (operand) => (TYPE_NAMES.has(operand) ? (value) => typeName(value) === operand : alwaysFalse),
} satisfies Record<string, OperatorCompiler>;
