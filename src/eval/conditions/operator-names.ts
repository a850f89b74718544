/**
 * The condition operators splitkit understands (GrowthBook's condition
 * language). Shared by the evaluator and by the ruleset validator so that an
 * operator the evaluator does not know is rejected at parse time.
 */
export const LOGICAL_OPERATORS = ['$and', '$or', '$nor', '$not'] as const;

export const FIELD_OPERATORS = [
  '$eq', '$ne', '$gt', '$gte', '$lt', '$lte',
  '$in', '$nin', '$ini', '$nini', '$all', '$alli', '$size', '$elemMatch',
  '$regex', '$regexi', '$exists', '$type', '$not',
  '$veq', '$vne', '$vgt', '$vgte', '$vlt', '$vlte',
  '$inGroup', '$notInGroup',
] as const;

export type FieldOperator = (typeof FIELD_OPERATORS)[number];
export type LogicalOperator = (typeof LOGICAL_OPERATORS)[number];
