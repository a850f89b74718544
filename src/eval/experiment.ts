/**
 * Experiment evaluation. The steps run in a fixed order (docs/concepts.md):
 * lifecycle, schedule, forced assignments, targeting, unit, holdouts, layer
 * slot, allocation, and finally the variant split.
 */
import type { Attributes } from './conditions/index.js';
import type { CompiledExperiment, CompiledState } from './compiled.js';
import { RulesetProblem } from './failure.js';
import { findHoldout } from './holdout.js';
import { matchesTargeting } from './targeting.js';
import { bucketOf } from './hasher.js';
import type { EvalRecord, Reason } from './types.js';
import { readUnitId } from './unit-id.js';

/**
 * Decides `experiment` for `user` at time `nowMs` into `out` (freshly reset):
 * `value` is the variant key or null, `variantIndex` its index or -1. Throws
 * on a ruleset problem; the caller reports it.
 */
export function decideExperiment(
  state: CompiledState,
  experiment: CompiledExperiment,
  user: Attributes,
  nowMs: number,
  out: EvalRecord,
): EvalRecord {
  if (experiment._inconsistency !== undefined) throw new RulesetProblem(experiment._inconsistency);
  out.unit = experiment._unitName;
  out.layer = experiment._slotLayer;
  const reason = placeUnit(state, experiment, user, nowMs, out);
  const index = out.variantIndex;
  out.value = index < 0 ? null : experiment._servedVariants[index]!.key;
  out.reason = reason;
  // Only the randomization logs exposures: the variant split, and the holdout that held the unit back.
  // (Forced QA units and a shipped variant are not part of the randomized population.)
  out.exposure = reason === 'SPLIT' || reason === 'HOLDOUT';
  return out;
}

/** Runs the steps in order and returns why the unit got its variant (left in `out.variantIndex`, -1 for none). */
function placeUnit(
  state: CompiledState,
  experiment: CompiledExperiment,
  user: Attributes,
  nowMs: number,
  out: EvalRecord,
): Reason {
  if (experiment._isStopped) {
    out.variantIndex = experiment._shippedIndex;
    return experiment._shippedIndex < 0 ? 'DISABLED' : 'STATIC';
  }
  if (experiment._scheduled && !(nowMs >= experiment._startMs && nowMs < experiment._endMs)) return 'DISABLED';

  const unitId = readUnitId(user, experiment._unitName);
  out.unitId = unitId;
  // Without a unit id there is nothing to find (undefined is never a key).
  const forced = experiment._forcedVariants.get(unitId as string);
  if (forced !== undefined) {
    out.ruleId = 'forced';
    out.variantIndex = forced;
    return 'TARGETING_MATCH';
  }
  if (!matchesTargeting(state, experiment._targetingTests, user, 0)) return 'DEFAULT';
  if (unitId === undefined) return 'UNIT_MISSING';
  if (findHoldout(experiment._holdouts, user, out)) return 'HOLDOUT';

  const windows = experiment._bucketWindows;
  for (let i = 0; i < windows.length; i++) {
    const bucketWindow = windows[i]!;
    const id = readUnitId(user, bucketWindow._unitName);
    if (id === undefined) return 'UNIT_MISSING';
    const bucket = bucketOf(bucketWindow._hashPrefix, id);
    // Recorded either way: a unit that passes gets the next bucket written over it.
    out.bucket = bucket;
    if (bucket < bucketWindow._startBucket || bucket >= bucketWindow._endBucket) return 'NOT_ALLOCATED';
  }
  // A second, independent hash picks the variant, so the allocation can grow without reshuffling anyone.
  const bucket = bucketOf(experiment._variantPrefix, unitId);
  out.bucket = bucket;
  // The variant whose cumulative range contains the bucket. The last end is 10000 (other weights
  // are a problem, reported before this point), so the search stops at the last variant.
  const ends = experiment._variantEnds;
  let index = 0;
  while (bucket >= ends[index]!) index++;
  out.variantIndex = index;
  return 'SPLIT';
}
