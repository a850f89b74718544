/**
 * Gate evaluation: kill switch, holdouts, then the first rule whose targeting
 * matches decides (see rules.ts, shared with parameters).
 */
import type { CompiledRuleset } from './compiled.js';
import { evaluateRules } from './rules.js';
import type { EvalRecord, User } from './types.js';

/**
 * Evaluates gate `name` for `user` into `out` and returns `out`. `value` is
 * the boolean result; `reason`, `ruleId`, `unit`, `unitId`, `bucket`,
 * `holdout` and `exposure` say why. Never throws: an unknown name gives
 * `false` with reason ERROR / FLAG_NOT_FOUND. `nowMs` is accepted for a
 * uniform signature; gates have no schedule.
 */
export function evaluateGate(compiled: CompiledRuleset, name: string, user: User, nowMs: number, out: EvalRecord): EvalRecord {
  return evaluateRules(compiled, 'gate', name, user, out);
}
