/**
 * Ordering operators `$gt $gte $lt $lte` with JavaScript's relational
 * semantics: numbers compare numerically, strings by UTF-16 code units
 * (case-sensitive), a string against a number converts the string, and a
 * missing attribute is `null`, which compares like 0.
 */
import type { OperatorCompiler } from './types.js';

// The operators deliberately take any value and let JavaScript coerce; the cast only quiets the compiler.
type Loose = number;

/** `$gt $gte $lt $lte`. */
export const comparisonOperators = {
  $gt: (operand) => (value) => (value as Loose) > (operand as Loose),
  $gte: (operand) => (value) => (value as Loose) >= (operand as Loose),
  $lt: (operand) => (value) => (value as Loose) < (operand as Loose),
  $lte: (operand) => (value) => (value as Loose) <= (operand as Loose),
} satisfies Record<string, OperatorCompiler>;
