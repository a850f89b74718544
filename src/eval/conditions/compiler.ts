/**
 * The recursive part of compilation: condition values (literal or operator
 * object) and condition objects (attribute paths and logical operators).
 * Compiling may throw on hostile input; the public API catches that.
 */
import { allOf, alwaysFalse, isPlainObject } from './combine.js';
import { equalsBoolean, equalsJson, equalsNumber, equalsString, isNull } from './equality.js';
import { isOperatorObject } from './operator-object.js';
import { fieldOperator, logicalOperator } from './operators.js';
import { compilePath } from './path.js';
import type { Compiler, SavedGroups, ValueTest } from './types.js';

function compileValue(condition: unknown, caseInsensitive: boolean, compiler: Compiler): ValueTest {
  if (typeof condition === 'string') return equalsString(condition, caseInsensitive);
  if (typeof condition === 'number') return equalsNumber(condition);
  if (typeof condition === 'boolean') return equalsBoolean(condition);
  if (condition === null) return isNull;
  // Not JSON (undefined, a function, …): nothing sensible to compare with.
  if (typeof condition !== 'object') return alwaysFalse;
  if (!isOperatorObject(condition)) return equalsJson(condition);
  return allOf(
    Object.keys(condition).map((name) => {
      const operator = fieldOperator(name);
      return operator ? operator(condition[name], compiler) : alwaysFalse;
    }),
  );
}

function compileField(path: string, condition: unknown, compiler: Compiler): ValueTest {
  const test = compiler.value(condition, false);
  if (test === alwaysFalse) return alwaysFalse;
  const read = compilePath(path);
  return (attributes) => test(read(attributes));
}

function compileObject(condition: unknown, compiler: Compiler): ValueTest {
  if (!isPlainObject(condition)) return alwaysFalse;
  return allOf(
    Object.keys(condition).map((key) => {
      const operator = logicalOperator(key);
      return operator ? operator(condition[key], compiler) : compileField(key, condition[key], compiler);
    }),
  );
}

/** A compiler that binds `groups` for `$inGroup` / `$notInGroup`. */
export function createCompiler(groups: SavedGroups): Compiler {
  const compiler: Compiler = {
    groups,
    value: (condition, caseInsensitive) => compileValue(condition, caseInsensitive, compiler),
    condition: (condition) => compileObject(condition, compiler),
  };
  return compiler;
}
