/**
 * Types shared by the evaluator and the client. Evaluation is pure: it reads a
 * compiled ruleset, a user and the current time (passed in), and fills an
 * {@link EvalRecord}. It never logs, throws or reads the environment.
 */
import type { Json } from '../ruleset/types.js';
import type { EvalErrorCode } from '../errors/index.js';

/**
 * The user (or any unit) being evaluated: attribute name -> value.
 * `userID` identifies logged-in users, `deviceID` logged-out visitors; any
 * other id (e.g. `companyID`) can serve as a unit. Other attributes
 * (`country`, `email`, `appVersion`, nested objects) are used by conditions.
 */
export interface User {
  userID?: string | number;
  deviceID?: string;
  [attribute: string]: unknown;
}

/**
 * Every reason an evaluation can give, written once: the {@link Reason} type and the protocol schema
 * (events/schema.ts) are both taken from this list. The first five are OpenFeature's standard reasons (so an
 * OpenFeature provider can pass them through); the rest are splitkit's own.
 */
export const REASONS = [
  /** A rule or a forced assignment matched the user. */
  'TARGETING_MATCH',
  /** The unit's hash bucket decided (rollout or variant split). */
  'SPLIT',
  /** No rule matched; the gate's/parameter's default was served. */
  'DEFAULT',
  /** The gate is switched off, or the experiment is stopped/outside its schedule. */
  'DISABLED',
  /** Something was wrong (unknown name, bad ruleset); the documented default was served. */
  'ERROR',
  /** A stopped experiment serves its shipped variant to everyone. */
  'STATIC',
  /** The unit is in a holdout; defaults were served. */
  'HOLDOUT',
  /** A local override (QA, tests) decided. */
  'OVERRIDE',
  /** The unit matched targeting but fell outside the allocation / layer slot. */
  'NOT_ALLOCATED',
  /** The user lacks the attribute used as unit, so it could not be bucketed. */
  'UNIT_MISSING',
] as const;

/** Why an evaluation returned what it did: one of `REASONS` above (docs/concepts.md explains each). */
export type Reason = (typeof REASONS)[number];

// One list of error codes for the whole SDK: a read's `errorCode` is the code of the error it reports.
export type { EvalErrorCode } from '../errors/index.js';

/** Every kind of entity an evaluation can be for, written once: {@link EntityKind} and the protocol schema take it. */
export const ENTITY_KINDS = ['gate', 'experiment', 'param'] as const;

/** What kind of entity an evaluation was for. */
export type EntityKind = (typeof ENTITY_KINDS)[number];

/**
 * The mutable record an evaluation fills. The client reuses one record on the
 * hot path so a `checkGate` allocates nothing; `details` calls copy it.
 */
export interface EvalRecord {
  kind: EntityKind;
  name: string;
  /** Gate: boolean. Experiment: the variant key or null. Parameter: its JSON value. */
  value: Json;
  /** Experiments: index into `variants`, or -1 when the unit got no variant. */
  variantIndex: number;
  reason: Reason;
  /** Rule that decided (gates, parameters), when one did. */
  ruleId: string | undefined;
  /** Attribute used as unit, e.g. `userID`. */
  unit: string | undefined;
  /** The unit's id as hashed (always a string). */
  unitId: string | undefined;
  /** Bucket in [0, 10000) that decided, or -1 when no bucketing happened. */
  bucket: number;
  /** True when the client should log an exposure for this result. */
  exposure: boolean;
  /** Holdout that held the unit back. */
  holdout: string | undefined;
  /** Layer the experiment belongs to. */
  layer: string | undefined;
  errorCode: EvalErrorCode | undefined;
  errorMessage: string | undefined;
}

/** A fresh, blank record. */
export function createEvalRecord(): EvalRecord {
  // The reset assigns every field in declaration order, so all records share one shape.
  return resetEvalRecord({} as EvalRecord, 'gate', '');
}

/** Resets a record in place before an evaluation fills it. */
export function resetEvalRecord(record: EvalRecord, kind: EntityKind, name: string): EvalRecord {
  record.kind = kind;
  record.name = name;
  record.value = null;
  record.variantIndex = -1;
  record.reason = 'DEFAULT';
  record.ruleId = undefined;
  record.unit = undefined;
  record.unitId = undefined;
  record.bucket = -1;
  record.exposure = false;
  record.holdout = undefined;
  record.layer = undefined;
  record.errorCode = undefined;
  record.errorMessage = undefined;
  return record;
}
