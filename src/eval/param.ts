/**
 * Dynamic parameter evaluation: holdouts, then the first rule whose targeting
 * matches serves its value to the units inside its rollout.
 */
import type { Json } from '../ruleset/types.js';
import type { Attributes } from './conditions/index.js';
import type { CompiledParam, CompiledRuleset, CompiledState } from './compiled.js';
import { recordFailure, recordNotFound, rulesetProblem } from './failure.js';
import { gatePasses } from './gate.js';
import { findHoldout } from './holdout.js';
import { ROLLOUT_EVERYONE, ROLLOUT_IN, ROLLOUT_NO_UNIT, rollRule } from './rollout.js';
import { matchesTargeting } from './targeting.js';
import type { EvalRecord, Reason, User } from './types.js';
import { resetEvalRecord } from './types.js';
import { asAttributes } from './unit-id.js';

/**
 * Evaluates parameter `name` for `user` into `out` and returns `out`. `value`
 * is the served JSON value (shared with the ruleset: copy it before mutating).
 * Never throws: an unknown name gives null with reason ERROR /
 * FLAG_NOT_FOUND; any other error serves the parameter's default. `nowMs` is
 * accepted for a uniform signature; parameters have no schedule.
 */
export function evaluateParam(compiled: CompiledRuleset, name: string, user: User, nowMs: number, out: EvalRecord): EvalRecord {
  let fallback: Json = null;
  try {
    resetEvalRecord(out, 'param', name);
    const param = (compiled as CompiledState).params.get(name);
    if (param === undefined) return recordNotFound(out, 'param', name, null);
    fallback = param.defaultValue;
    if (param.problem !== undefined) throw rulesetProblem(param.problem);
    return decideParam(compiled as CompiledState, param, asAttributes(user), out);
  } catch (error) {
    return recordFailure(out, 'param', name, error, fallback);
  }
}

function decideParam(state: CompiledState, param: CompiledParam, user: Attributes, out: EvalRecord): EvalRecord {
  if (param.holdouts.length > 0 && findHoldout(param.holdouts, user, out)) return serve(out, param.defaultValue, 'HOLDOUT', true);

  const rules = param.rules;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    if (!matchesTargeting(state, rule.targeting, user, 0, gatePasses)) continue;
    const rollout = rollRule(rule, user, out);
    if (rollout === ROLLOUT_EVERYONE) return serve(out, rule.value, 'TARGETING_MATCH', true);
    if (rollout === ROLLOUT_NO_UNIT) return serve(out, param.defaultValue, 'UNIT_MISSING', false);
    return serve(out, rollout === ROLLOUT_IN ? rule.value : param.defaultValue, 'SPLIT', true);
  }
  return serve(out, param.defaultValue, 'DEFAULT', false);
}

function serve(out: EvalRecord, value: Json, reason: Reason, exposure: boolean): EvalRecord {
  out.value = value;
  out.reason = reason;
  out.exposure = exposure;
  return out;
}
