/**
 * Dynamic parameter evaluation: holdouts, then the first rule whose targeting
 * matches serves its value to the units inside its rollout (see rules.ts,
 * shared with gates).
 */
import type { CompiledRuleset } from './compiled.js';
import { evaluateRules } from './rules.js';
import type { EvalRecord, User } from './types.js';

/**
 * Evaluates parameter `name` for `user` into `out` and returns `out`. `value`
 * is the served JSON value (shared with the ruleset: copy it before mutating).
 * Never throws: an unknown name gives null with reason ERROR /
 * FLAG_NOT_FOUND; any other error serves the parameter's default. `nowMs` is
 * accepted for a uniform signature; parameters have no schedule.
 */
export function evaluateParam(compiled: CompiledRuleset, name: string, user: User, nowMs: number, out: EvalRecord): EvalRecord {
  return evaluateRules(compiled, 'param', name, user, out);
}
