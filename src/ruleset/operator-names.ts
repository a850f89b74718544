/**
 * The condition operators splitkit understands (GrowthBook's condition
 * language). Part of the ruleset's language: the validator and the evaluator
 * both read this table, so an operator the evaluator does not know is
 * rejected at parse time.
 */
/** Condition-level operators; any other key of a condition object is an attribute path. */
export const LOGICAL_OPERATORS = ['$and', '$or', '$nor', '$not'] as const;

/** Operators applied to one attribute's value (`{ "age": { "$gte": 18 } }`). */
export const FIELD_OPERATORS = [
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$ini',
  '$nini',
  '$all',
  '$alli',
  '$size',
  '$elemMatch',
  '$regex',
  '$regexi',
  '$exists',
  '$type',
  '$not',
  '$veq',
  '$vne',
  '$vgt',
  '$vgte',
  '$vlt',
  '$vlte',
  '$inGroup',
  '$notInGroup',
] as const;

/** The name of a field operator. */
export type FieldOperator = (typeof FIELD_OPERATORS)[number];
/** The name of a condition-level logical operator. */
export type LogicalOperator = (typeof LOGICAL_OPERATORS)[number];

/** The type names `$type` takes (JSON's types, with arrays apart from objects). */
export const JSON_TYPE_NAMES: readonly string[] = ['string', 'number', 'boolean', 'null', 'object', 'array'];
