/**
 * The table of field operators: name -> compiler, assembled from the operator
 * families. Typed against FIELD_OPERATORS so that adding a name there without
 * an implementation fails to type-check.
 */
// The order of these imports is on purpose: bundlers lay modules out in import order, and this order gzips
// the lite bundle (a) smallest without growing (b) (`npm run size`). Measure before reordering.
import { arrayOperators } from './arrays.js';
import { comparisonOperators } from './comparison.js';
import { equalityOperators } from './equality.js';
import { fieldNotOperator } from './logical.js';
import { membershipOperators } from './membership.js';
import type { FieldOperator } from '../../ruleset/operator-names.js';
import { regexOperators } from './regex.js';
import type { OperatorCompiler } from './types.js';
import { versionOperators } from './version.js';
import { typeExistsOperators } from './type-exists.js';

/** Operators applied to one attribute's value. */
export const FIELD_OPERATOR_TABLE: Readonly<Record<FieldOperator, OperatorCompiler>> = {
  ...equalityOperators,
  ...comparisonOperators,
  ...membershipOperators,
  ...arrayOperators,
  ...regexOperators,
  ...typeExistsOperators,
  ...versionOperators,
  ...fieldNotOperator,
};
