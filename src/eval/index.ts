/**
 * Pure evaluation: hashing and bucketing, ruleset compilation, and the
 * evaluators for gates, experiments and dynamic parameters.
 */
export { bucket, murmur3 } from './hash.js';
export { BUCKET_COUNT, percentToThreshold } from './threshold.js';
export { compileRuleset } from './compile.js';
export type { CompiledRuleset } from './compile.js';
export { evaluate, evaluateExperiment, evaluateGate, evaluateParam } from './evaluate.js';
// How deep prerequisites may nest before evaluation gives up (parseRuleset rejects cycles and deeper chains).
export { MAX_PREREQUISITE_DEPTH } from '../ruleset/prerequisite-depth.js';
export { createEvalRecord, resetEvalRecord } from './types.js';
export type { EntityKind, EvalErrorCode, EvalRecord, Reason, User } from './types.js';
