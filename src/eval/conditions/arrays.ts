/**
 * Array operators: `$all` / `$alli` (every listed value matches some element),
 * `$size` (the length matches a number or a nested operator object) and
 * `$elemMatch` (some element matches). A non-array attribute fails them all.
 */
import { alwaysFalse, isPlainObject } from './combine.js';
import type { Compiler, OperatorCompiler, ValueTest } from './types.js';
import { isOperatorObject } from './operator-object.js';

function someElement(list: readonly unknown[], test: ValueTest): boolean {
  for (let i = 0; i < list.length; i++) if (test(list[i])) return true;
  return false;
}

/**
 * `$all`: each operand item is compiled as a condition value (a literal or an
 * operator object) and must match at least one element. An empty list passes
 * any array.
 */
function all(operand: unknown, compiler: Compiler, caseInsensitive: boolean): ValueTest {
  if (!Array.isArray(operand)) return alwaysFalse;
  const tests = operand.map((item) => compiler.value(item, caseInsensitive));
  return (value) => {
    if (!Array.isArray(value)) return false;
    for (let i = 0; i < tests.length; i++) if (!someElement(value, tests[i] as ValueTest)) return false;
    return true;
  };
}

/**
 * `$elemMatch`: an operator object tests each element as a value; any other
 * object is a condition tested against each (object) element. Null and missing
 * elements never match.
 */
function elemMatch(operand: unknown, compiler: Compiler): ValueTest {
  if (!isPlainObject(operand)) return alwaysFalse;
  const test = isOperatorObject(operand) ? compiler.value(operand, false) : compiler.condition(operand);
  return (value) => {
    if (!Array.isArray(value)) return false;
    for (let i = 0; i < value.length; i++) {
      const element: unknown = value[i];
      if (element != null && test(element)) return true;
    }
    return false;
  };
}

/** `$all $alli $size $elemMatch`. */
export const arrayOperators = {
  $all: (operand, compiler) => all(operand, compiler, false),
  $alli: (operand, compiler) => all(operand, compiler, true),
  $size: (operand, compiler) => {
    const test = compiler.value(operand, false);
    return (value) => Array.isArray(value) && test(value.length);
  },
  $elemMatch: elemMatch,
} satisfies Record<string, OperatorCompiler>;
