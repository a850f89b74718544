/**
 * Gate evaluation: kill switch, holdouts, then the first rule whose targeting
 * matches decides. The same decision runs for prerequisites, without a record.
 */
import type { Attributes } from './conditions/index.js';
import type { CompiledGate, CompiledRuleset, CompiledState } from './compiled.js';
import { MAX_PREREQUISITE_DEPTH, prerequisiteTooDeep, recordFailure, recordNotFound, rulesetProblem } from './failure.js';
import { findHoldout } from './holdout.js';
import { ROLLOUT_EVERYONE, ROLLOUT_IN, ROLLOUT_NO_UNIT, rollRule } from './rollout.js';
import { matchesTargeting } from './targeting.js';
import type { EvalRecord, Reason, User } from './types.js';
import { resetEvalRecord } from './types.js';
import { asAttributes } from './unit-id.js';

/**
 * Evaluates gate `name` for `user` into `out` and returns `out`. `value` is
 * the boolean result; `reason`, `ruleId`, `unit`, `unitId`, `bucket`,
 * `holdout` and `exposure` say why. Never throws: an unknown name gives
 * `false` with reason ERROR / FLAG_NOT_FOUND. `nowMs` is accepted for a
 * uniform signature; gates have no schedule.
 */
export function evaluateGate(compiled: CompiledRuleset, name: string, user: User, nowMs: number, out: EvalRecord): EvalRecord {
  try {
    resetEvalRecord(out, 'gate', name);
    out.value = false;
    const gate = (compiled as CompiledState).gates.get(name);
    if (gate === undefined) return recordNotFound(out, 'gate', name, false);
    decideGate(compiled as CompiledState, gate, asAttributes(user), 0, out);
    return out;
  } catch (error) {
    return recordFailure(out, 'gate', name, error, false);
  }
}

/** Whether a prerequisite gate passes, `depth` levels below the entity being evaluated. */
export function gatePasses(state: CompiledState, gate: CompiledGate, user: Attributes, depth: number): boolean {
  return decideGate(state, gate, user, depth, null);
}

function decideGate(state: CompiledState, gate: CompiledGate, user: Attributes, depth: number, out: EvalRecord | null): boolean {
  if (gate.problem !== undefined) throw rulesetProblem(gate.problem);
  if (depth > MAX_PREREQUISITE_DEPTH) throw prerequisiteTooDeep(gate.name);
  if (!gate.enabled) return settle(out, false, 'DISABLED', false);
  if (gate.holdouts.length > 0 && findHoldout(gate.holdouts, user, out)) return settle(out, false, 'HOLDOUT', true);

  const rules = gate.rules;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    if (!matchesTargeting(state, rule.targeting, user, depth, gatePasses)) continue;
    const rollout = rollRule(rule, user, out);
    if (rollout === ROLLOUT_EVERYONE) return settle(out, true, 'TARGETING_MATCH', true);
    // No unit, no bucket: nothing an analysis could attribute, so no exposure.
    if (rollout === ROLLOUT_NO_UNIT) return settle(out, false, 'UNIT_MISSING', false);
    return settle(out, rollout === ROLLOUT_IN, 'SPLIT', true);
  }
  return settle(out, false, 'DEFAULT', false);
}

function settle(out: EvalRecord | null, value: boolean, reason: Reason, exposure: boolean): boolean {
  if (out !== null) {
    out.value = value;
    out.reason = reason;
    out.exposure = exposure;
  }
  return value;
}
