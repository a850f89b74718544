/**
 * `splitkit/evaluation`: the evaluator's building blocks, for tools around a
 * ruleset (a ruleset editor's preview, a warehouse query that reproduces
 * bucketing, a debugging script): defaults without validation, bucketing and
 * condition matching. An app reads flags through a client instead.
 * @packageDocumentation
 */
export { normalizeRuleset } from './ruleset/normalize.js';
export { bucket } from './eval/hash.js';
export { evalCondition, compileCondition } from './eval/conditions/index.js';
export type { Attributes, SavedGroups, ConditionFn } from './eval/conditions/index.js';
