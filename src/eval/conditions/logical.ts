/**
 * Logical operators. At condition level `$and $or $nor` take a list of
 * condition objects and `$not` one condition object; at field level `$not`
 * negates a condition value (`{ name: { $not: { $regex: "^a" } } }`).
 *
 * An operand of the wrong shape (not a list, or a list item that is not an
 * object) makes the whole condition false, even under a negation, so a broken
 * condition never matches everyone.
 */
import { allOf, anyOf, negate } from './combine.js';
import type { LogicalOperator } from '../../ruleset/operator-names.js';
import type { OperatorCompiler, ValueTest } from './types.js';

/**
 * An operator over a list of condition objects: `join` combines their tests. An operand that is no list, like
 * an item that is no object (the compiler refuses it), throws while compiling, so that compileCondition makes the
 * whole condition false: a part compiled to false would turn true under an enclosing `$not` or `$nor`.
 */
function overList(join: (tests: ValueTest[]) => ValueTest): OperatorCompiler {
  return (operand, compiler) => {
    if (!Array.isArray(operand)) throw 0;
    return join(operand.map((item) => compiler._compileObject(item)));
  };
}

/**
 * Condition-level `$and $or $nor $not` (typed against LOGICAL_OPERATORS, so a
 * name added there without an implementation fails to type-check). An empty
 * `$and` or `$or` passes; `$nor` is "not `$or`", so an empty `$nor` fails.
 */
export const logicalOperators = {
  $and: overList(allOf),
  $or: overList(anyOf),
  $nor: overList((tests) => negate(anyOf(tests))),
  // An operand that is no object throws (the compiler refuses it).
  $not: (operand, compiler) => negate(compiler._compileObject(operand)),
} satisfies Record<LogicalOperator, OperatorCompiler>;

/** Field-level `$not`: the attribute value does not match the operand (any condition value). */
export const fieldNotOperator = {
  $not: (operand, compiler) => negate(compiler._compileValue(operand)),
} satisfies Record<string, OperatorCompiler>;
