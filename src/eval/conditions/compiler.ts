/**
 * The recursive part of compilation: condition values (literal or operator
 * object) and condition objects (attribute paths and logical operators).
 * Compiling may throw on hostile input; the public API catches that.
 */
// The order of these imports is on purpose: bundlers lay modules out in import order, and this order gzips
// the lite bundle (a) smallest without growing (b) (`npm run size`). Measure before reordering.
import { testAtPath } from './path.js';
import { allOf, alwaysFalse, isPlainObject } from './combine.js';
import { logicalOperators } from './logical.js';
import { isOperatorObject } from '../../ruleset/operator-object.js';
import { FIELD_OPERATOR_TABLE } from './operators.js';
import { equalsBoolean, equalsJson, equalsNumber, equalsString, isNull } from './equality.js';
import type { Compiler, OperatorCompiler, SavedGroups, ValueTest } from './types.js';

/**
 * Compiles each key of `object` with its operator from `table`, or with
 * `other` when the table has no such operator (own names only, so `toString`
 * is not one); all of them must pass.
 */
function compileKeys(
  object: { readonly [key: string]: unknown },
  table: { readonly [name: string]: OperatorCompiler },
  compiler: Compiler,
  other: (key: string) => ValueTest,
): ValueTest {
  return allOf(
    Object.keys(object).map((key) =>
      Object.hasOwn(table, key) ? (table[key] as OperatorCompiler)(object[key], compiler) : other(key),
    ),
  );
}

/** A compiler that binds `groups` for `$inGroup` / `$notInGroup`. */
export function createCompiler(groups: SavedGroups): Compiler {
  const compiler: Compiler = {
    _savedGroups: groups,
    _compileValue(condition, caseInsensitive) {
      if (typeof condition === 'string') return equalsString(condition, caseInsensitive);
      if (typeof condition === 'number') return equalsNumber(condition);
      if (typeof condition === 'boolean') return equalsBoolean(condition);
      if (condition === null) return isNull;
      // Not JSON (undefined, a function, …): nothing sensible to compare with.
      if (typeof condition !== 'object') return alwaysFalse;
      if (!isOperatorObject(condition)) return equalsJson(condition);
      return compileKeys(condition, FIELD_OPERATOR_TABLE, compiler, () => alwaysFalse);
    },
    _compileObject(condition) {
      // Thrown, not false: under a `$not` or `$nor` a false part would match everyone (logical.ts).
      if (!isPlainObject(condition)) throw 0;
      return compileKeys(condition, logicalOperators, compiler, (path) => {
        const test = compiler._compileValue(condition[path]);
        return test === alwaysFalse ? alwaysFalse : testAtPath(path, test);
      });
    },
  };
  return compiler;
}
