/**
 * Logical operators. At condition level `$and $or $nor` take a list of
 * condition objects and `$not` one condition object; at field level `$not`
 * negates a condition value (`{ name: { $not: { $regex: "^a" } } }`).
 *
 * An operand of the wrong shape (not a list, or a list item that is not an
 * object) makes the whole operator false, even under a negation, so a broken
 * condition never matches everyone.
 */
import { allOf, alwaysFalse, anyOf, isPlainObject, negate } from './combine.js';
import type { Compiler, OperatorCompiler, ValueTest } from './types.js';

/** Compiles each item of a list of condition objects; undefined when the list is malformed. */
function conditionList(operand: unknown, compiler: Compiler): ValueTest[] | undefined {
  if (!Array.isArray(operand) || !operand.every(isPlainObject)) return undefined;
  return operand.map((item) => compiler.condition(item));
}

/** `$or`: any listed condition holds; an empty list passes. */
function or(operand: unknown, compiler: Compiler): ValueTest | undefined {
  const tests = conditionList(operand, compiler);
  if (!tests) return undefined;
  return tests.length === 0 ? allOf([]) : anyOf(tests);
}

/** Condition-level `$and $or $nor $not`. `$nor` is "not `$or`", so an empty `$nor` fails. */
export const logicalOperators = {
  $and: (operand, compiler) => {
    const tests = conditionList(operand, compiler);
    return tests ? allOf(tests) : alwaysFalse;
  },
  $or: (operand, compiler) => or(operand, compiler) ?? alwaysFalse,
  $nor: (operand, compiler) => {
    const test = or(operand, compiler);
    return test ? negate(test) : alwaysFalse;
  },
  $not: (operand, compiler) => (isPlainObject(operand) ? negate(compiler.condition(operand)) : alwaysFalse),
} satisfies Record<string, OperatorCompiler>;

/** Field-level `$not`: the attribute value does not match the operand (any condition value). */
export const fieldNotOperator = {
  $not: (operand, compiler) => negate(compiler.value(operand, false)),
} satisfies Record<string, OperatorCompiler>;
