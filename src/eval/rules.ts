/**
 * Gates and parameters share one evaluator: a gate is a parameter whose rules
 * serve `true` and whose default is `false`. Kill switch, holdouts, then the
 * first rule whose targeting matches serves its value to the units inside its
 * rollout. The same decision runs for prerequisites, without a record.
 */
import type { Json } from '../ruleset/types.js';
import type { Attributes } from './conditions/index.js';
import type { CompiledGate, CompiledRuleset, CompiledState } from './compiled.js';
import { MAX_PREREQUISITE_DEPTH, prerequisiteTooDeep, recordFailure, recordNotFound, rulesetProblem } from './failure.js';
import { bucketOf } from './hasher.js';
import { findHoldout } from './holdout.js';
import { matchesTargeting } from './targeting.js';
import { BUCKET_COUNT } from './threshold.js';
import type { EvalRecord, Reason, User } from './types.js';
import { resetEvalRecord } from './types.js';
import { asAttributes, readUnitId } from './unit-id.js';

/**
 * Evaluates gate or parameter `name` for `user` into `out` and returns `out`.
 * Never throws: an unknown name serves the kind's not-found value (`false` for
 * a gate, `null` for a parameter) with reason ERROR / FLAG_NOT_FOUND; any
 * other error serves the entity's default.
 */
export function evaluateRules(compiled: CompiledRuleset, kind: 'gate' | 'param', name: string, user: User, out: EvalRecord): EvalRecord {
  const state = compiled as CompiledState;
  let fallback: Json = kind === 'gate' ? false : null;
  try {
    // No value is preset: every return of decideRules settles one, and a throw lands in recordFailure.
    resetEvalRecord(out, kind, name);
    const entity = (kind === 'gate' ? state.gates : state.params).get(name);
    if (entity === undefined) return recordNotFound(out, kind, name, fallback);
    fallback = entity.defaultValue;
    decideRules(state, entity, asAttributes(user), 0, out);
    return out;
  } catch (error) {
    return recordFailure(out, kind, name, error, fallback);
  }
}

/** Whether a prerequisite gate passes, `depth` levels below the entity being evaluated. */
export function gatePasses(state: CompiledState, gate: CompiledGate, user: Attributes, depth: number): boolean {
  return decideRules(state, gate, user, depth, null) === true;
}

function decideRules(state: CompiledState, entity: CompiledGate, user: Attributes, depth: number, out: EvalRecord | null): Json {
  if (entity.problem !== undefined) throw rulesetProblem(entity.problem);
  if (depth > MAX_PREREQUISITE_DEPTH) throw prerequisiteTooDeep(entity.name);
  if (!entity.enabled) return settle(out, false, 'DISABLED', false);
  if (entity.holdouts.length > 0 && findHoldout(entity.holdouts, user, out)) return settle(out, entity.defaultValue, 'HOLDOUT', true);

  const rules = entity.rules;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    if (!matchesTargeting(state, rule.targeting, user, depth, gatePasses)) continue;
    const unitId = readUnitId(user, rule.unit);
    if (out !== null) {
      out.ruleId = rule.id;
      out.unit = rule.unit;
      out.unitId = unitId;
    }
    // A full rollout needs no hash, so it serves even users without the unit.
    if (rule.threshold >= BUCKET_COUNT) return settle(out, rule.value, 'TARGETING_MATCH', true);
    // No unit, no bucket: nothing an analysis could attribute, so no exposure.
    if (unitId === undefined) return settle(out, entity.defaultValue, 'UNIT_MISSING', false);
    const bucket = bucketOf(rule.prefix, unitId);
    if (out !== null) out.bucket = bucket;
    return settle(out, bucket < rule.threshold ? rule.value : entity.defaultValue, 'SPLIT', true);
  }
  return settle(out, entity.defaultValue, 'DEFAULT', false);
}

function settle(out: EvalRecord | null, value: Json, reason: Reason, exposure: boolean): Json {
  if (out !== null) {
    out.value = value;
    out.reason = reason;
    out.exposure = exposure;
  }
  return value;
}
