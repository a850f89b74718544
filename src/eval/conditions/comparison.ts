/**
 * Ordering operators `$gt $gte $lt $lte` with JavaScript's relational
 * semantics: numbers compare numerically, strings by UTF-16 code units
 * (case-sensitive), a string against a number converts the string, and a
 * missing attribute is `null`, which compares like 0.
 */
import type { OperatorCompiler, ValueTest } from './types.js';

// The operators deliberately take any value and let JavaScript coerce; the cast only quiets the compiler.
type Loose = number;

/**
 * An array or object operand would be converted to a primitive on every call
 * (`[5]` compares as `"5"`); converting it once here gives the same answers,
 * allocates nothing per call and keeps the compiled test independent of the
 * condition object.
 */
function bind(operand: unknown, compare: (operand: Loose) => ValueTest): ValueTest {
  return compare((typeof operand === 'object' && operand !== null ? String(operand) : operand) as Loose);
}

/** `$gt $gte $lt $lte`. */
export const comparisonOperators = {
  $gt: (operand) => bind(operand, (bound) => (value) => (value as Loose) > bound),
  $gte: (operand) => bind(operand, (bound) => (value) => (value as Loose) >= bound),
  $lt: (operand) => bind(operand, (bound) => (value) => (value as Loose) < bound),
  $lte: (operand) => bind(operand, (bound) => (value) => (value as Loose) <= bound),
} satisfies Record<string, OperatorCompiler>;
