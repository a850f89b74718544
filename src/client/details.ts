/**
 * The full answer of one evaluation, for callers that want to know why
 * (debug panels, OpenFeature providers, logs).
 */
import type { Json } from '../ruleset/types.js';
import type { EntityKind, EvalErrorCode, EvalRecord, Reason } from '../eval/types.js';

/** Everything an evaluation decided, as an immutable snapshot. */
export interface EvaluationDetails<T extends Json = Json> {
  kind: EntityKind;
  /** Gate, experiment or parameter key. */
  name: string;
  /** Gate: boolean; experiment: the variant key or null; parameter: its value. */
  value: T;
  /** Experiments: the variant key, or null when the unit got none. */
  variant: string | null;
  reason: Reason;
  ruleId?: string;
  /** Attribute used as unit (`userID`, `deviceID`, …). */
  unit?: string;
  unitId?: string;
  /** Bucket in [0, 10000) that decided; absent when no bucketing happened. */
  bucket?: number;
  holdout?: string;
  layer?: string;
  errorCode?: EvalErrorCode;
  errorMessage?: string;
  /** Whether this result counts as an exposure (before dedupe and opt-outs). */
  exposure: boolean;
}

/** The record's fields that are absent when the evaluation did not set them. */
type OptionalField =
  | 'ruleId'
  | 'unit'
  | 'unitId'
  | 'bucket'
  | 'variantIndex'
  | 'holdout'
  | 'layer'
  | 'errorCode'
  | 'errorMessage';

/** Fields copied only when the evaluation set them, in the order details list them. */
const OPTIONAL: readonly OptionalField[] = [
  'ruleId',
  'unit',
  'unitId',
  'bucket',
  'holdout',
  'layer',
  'errorCode',
  'errorMessage',
];

/** Copies the `fields` of `record` that the evaluation set onto `target`, in the order given. */
export function copySetFields(record: Partial<EvalRecord>, target: object, fields: readonly OptionalField[]): void {
  for (const key of fields) {
    // A bucket of -1 means no bucketing happened: absent, like the other unset fields.
    if (record[key] !== undefined && record[key] !== -1) (target as { [key: string]: unknown })[key] = record[key];
  }
}

/** Copies the reusable record into a detached, frozen details object. */
export function detailsFromRecord<T extends Json>(
  record: EvalRecord,
  value: T,
  variant: string | null,
): EvaluationDetails<T> {
  const details: EvaluationDetails<T> = {
    kind: record.kind,
    name: record.name,
    value,
    variant,
    reason: record.reason,
    exposure: record.exposure,
  };
  copySetFields(record, details, OPTIONAL);
  return Object.freeze(details);
}
