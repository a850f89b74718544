/**
 * The table of field operators: name -> compiler, assembled from the operator
 * families. Typed against FIELD_OPERATORS so that adding a name there without
 * an implementation fails to type-check.
 */
import { arrayOperators } from './arrays.js';
import { comparisonOperators } from './comparison.js';
import { equalityOperators } from './equality.js';
import { fieldNotOperator, logicalOperators } from './logical.js';
import { membershipOperators } from './membership.js';
import type { FieldOperator, LogicalOperator } from './operator-names.js';
import { regexOperators } from './regex.js';
import { typeExistsOperators } from './type-exists.js';
import type { OperatorCompiler } from './types.js';
import { versionOperators } from './version.js';

const FIELD: Readonly<Record<FieldOperator, OperatorCompiler>> = {
  ...equalityOperators,
  ...comparisonOperators,
  ...membershipOperators,
  ...arrayOperators,
  ...regexOperators,
  ...typeExistsOperators,
  ...versionOperators,
  ...fieldNotOperator,
};

const LOGICAL: Readonly<Record<LogicalOperator, OperatorCompiler>> = logicalOperators;

/** The compiler of a field operator, or undefined for an unknown name. */
export function fieldOperator(name: string): OperatorCompiler | undefined {
  return Object.hasOwn(FIELD, name) ? FIELD[name as FieldOperator] : undefined;
}

/** The compiler of a condition-level logical operator, or undefined when `key` is an attribute path. */
export function logicalOperator(key: string): OperatorCompiler | undefined {
  return Object.hasOwn(LOGICAL, key) ? LOGICAL[key as LogicalOperator] : undefined;
}
