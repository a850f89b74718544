/**
 * Gates and parameters share one evaluator: a gate is a parameter whose rules
 * serve `true` and whose default is `false`. Kill switch, holdouts, then the
 * first rule whose targeting matches serves its value to the units inside its
 * rollout. The same decision runs for prerequisites, into a scratch record.
 */
import type { Json } from '../ruleset/types.js';
import type { Attributes } from './conditions/index.js';
import type { CompiledGate, CompiledState } from './compiled.js';
import { MAX_PREREQUISITE_DEPTH, RulesetProblem } from './failure.js';
import { bucketOf } from './hasher.js';
import { findHoldout } from './holdout.js';
import { matchesTargeting } from './targeting.js';
import { BUCKET_COUNT } from './threshold.js';
import type { EvalRecord, Reason } from './types.js';
import { readUnitId } from './unit-id.js';

/** Whether a prerequisite gate passes, `depth` levels below the entity being evaluated. */
export function gatePasses(state: CompiledState, gate: CompiledGate, user: Attributes, depth: number): boolean {
  return decideRules(state, gate, user, depth, state._scratchRecord) === true;
}

/**
 * Decides gate or parameter `entity` for `user`, `depth` prerequisite levels
 * down, fills `out` (the caller's, freshly reset; for prerequisites the
 * ruleset's scratch record, which nothing reads) and returns the value
 * served. Throws on a ruleset problem or a prerequisite chain that is too
 * deep; the caller reports it.
 */
export function decideRules(
  state: CompiledState,
  entity: CompiledGate,
  user: Attributes,
  depth: number,
  out: EvalRecord,
): Json {
  if (entity._inconsistency !== undefined) throw new RulesetProblem(entity._inconsistency);
  // Deeper than any real chain: the prerequisites form a cycle. Reported as GENERAL.
  if (depth > MAX_PREREQUISITE_DEPTH)
    throw new Error(`prerequisites deeper than ${MAX_PREREQUISITE_DEPTH} levels at gate "${entity.name}" (a cycle?)`);
  if (!entity._enabled) return settle(out, false, 'DISABLED', false);
  if (findHoldout(entity._holdouts, user, out)) return settle(out, entity._defaultValue, 'HOLDOUT', true);

  const rules = entity._rules;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    if (!matchesTargeting(state, rule._targetingTests, user, depth)) continue;
    const unitId = readUnitId(user, rule._unitName);
    out.ruleId = rule.id;
    out.unit = rule._unitName;
    out.unitId = unitId;
    // A full rollout needs no hash, so it serves even users without the unit.
    if (rule._bucketLimit >= BUCKET_COUNT) return settle(out, rule._value, 'TARGETING_MATCH', true);
    // No unit, no bucket: nothing an analysis could attribute, so no exposure.
    if (unitId === undefined) return settle(out, entity._defaultValue, 'UNIT_MISSING', false);
    const bucket = bucketOf(rule._hashPrefix, unitId);
    out.bucket = bucket;
    return settle(out, bucket < rule._bucketLimit ? rule._value : entity._defaultValue, 'SPLIT', true);
  }
  return settle(out, entity._defaultValue, 'DEFAULT', false);
}

function settle(out: EvalRecord, value: Json, reason: Reason, exposure: boolean): Json {
  out.value = value;
  out.reason = reason;
  out.exposure = exposure;
  return value;
}
