/**
 * splitkit: feature gates, experiments and dynamic parameters evaluated
 * locally from a JSON ruleset, with stable murmur3 bucketing.
 * @packageDocumentation
 */
export { SplitkitError, ConfigError, EventBatchError, TransportError, AnalysisError, isSplitkitError } from './errors/index.js';
export type { ErrorCode, ValidationIssue } from './errors/index.js';
export type * from './ruleset/types.js';
export type { User, Reason, EvalErrorCode, EntityKind } from './eval/types.js';
