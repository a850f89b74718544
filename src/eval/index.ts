/**
 * Pure evaluation: hashing and bucketing, ruleset compilation, and the
 * evaluators for gates, experiments and dynamic parameters.
 */
export { bucket, murmur3 } from './hash.js';
export { BUCKET_COUNT, percentToThreshold } from './threshold.js';
export { compileRuleset } from './compile.js';
export type { CompiledRuleset } from './compile.js';
export { evaluate, evaluateExperiment, evaluateGate, evaluateParam } from './evaluate.js';
export { MAX_PREREQUISITE_DEPTH } from './failure.js';
export { createEvalRecord, resetEvalRecord } from './types.js';
export type { EntityKind, EvalErrorCode, EvalRecord, Reason, User } from './types.js';
