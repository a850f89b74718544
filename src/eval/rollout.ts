/**
 * The rollout step shared by gate rules and parameter rules, once a rule's
 * targeting has matched.
 */
import type { Attributes } from './conditions/index.js';
import type { CompiledRule } from './compiled.js';
import { bucketOf } from './hasher.js';
import { BUCKET_COUNT } from './threshold.js';
import type { EvalRecord } from './types.js';
import { readUnitId } from './unit-id.js';

/** Rollout 100: everyone who matches, no hash needed. */
export const ROLLOUT_EVERYONE = 0;
/** The unit's bucket is inside the rollout. */
export const ROLLOUT_IN = 1;
/** The unit's bucket is outside the rollout. */
export const ROLLOUT_OUT = 2;
/** A partial rollout, but the user has no id for the rule's unit. */
export const ROLLOUT_NO_UNIT = 3;

/** Outcome of {@link rollRule}. */
export type Rollout = typeof ROLLOUT_EVERYONE | typeof ROLLOUT_IN | typeof ROLLOUT_OUT | typeof ROLLOUT_NO_UNIT;

/**
 * Places the user in or out of a matched rule's rollout. When `out` is given
 * it records the rule id, unit, unit id and bucket.
 */
export function rollRule(rule: CompiledRule, user: Attributes, out: EvalRecord | null): Rollout {
  const unitId = readUnitId(user, rule.unit);
  if (out !== null) {
    out.ruleId = rule.id;
    out.unit = rule.unit;
    out.unitId = unitId;
  }
  if (rule.threshold >= BUCKET_COUNT) return ROLLOUT_EVERYONE;
  if (unitId === undefined) return ROLLOUT_NO_UNIT;
  const bucket = bucketOf(rule.prefix, unitId);
  if (out !== null) out.bucket = bucket;
  return bucket < rule.threshold ? ROLLOUT_IN : ROLLOUT_OUT;
}
