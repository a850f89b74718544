/**
 * Array operators: `$all` / `$alli` (every listed value matches some element),
 * `$size` (the length matches a number or a nested operator object) and
 * `$elemMatch` (some element matches). A non-array attribute fails them all.
 */
import { allOf, alwaysFalse, isPlainObject, someElement } from './combine.js';
import { isOperatorObject } from '../../ruleset/operator-object.js';
import type { OperatorCompiler } from './types.js';

/**
 * `$all` / `$alli`: each operand item is compiled as a condition value (a
 * literal or an operator object) and must match at least one element. An
 * empty list passes any array (and only arrays, hence the leading `Array.isArray`).
 */
function all(caseInsensitive: boolean): OperatorCompiler {
  return (operand, compiler) =>
    Array.isArray(operand)
      ? allOf([Array.isArray, ...operand.map((item) => someElement(compiler._compileValue(item, caseInsensitive)))])
      : alwaysFalse;
}

/** `$all $alli $size $elemMatch`. */
export const arrayOperators = {
  $all: all(false),
  $alli: all(true),
  $size: (operand, compiler) => {
    const test = compiler._compileValue(operand);
    return (value) => Array.isArray(value) && test(value.length);
  },
  // An operator object tests each element as a value; any other object is a condition tested
  // against each (object) element. Null and missing elements never match.
  $elemMatch: (operand, compiler) => {
    if (!isPlainObject(operand)) return alwaysFalse;
    const test = isOperatorObject(operand) ? compiler._compileValue(operand) : compiler._compileObject(operand);
    return someElement((element) => element != null && test(element));
  },
} satisfies Record<string, OperatorCompiler>;
