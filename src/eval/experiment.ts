/**
 * Experiment evaluation. The steps run in a fixed order (docs/concepts.md):
 * lifecycle, schedule, forced assignments, targeting, unit, holdouts, layer
 * slot, allocation, and finally the variant split.
 */
import type { Attributes } from './conditions/index.js';
import type { CompiledExperiment, CompiledRuleset, CompiledState } from './compiled.js';
import { recordFailure, recordNotFound, rulesetProblem } from './failure.js';
import { gatePasses } from './rules.js';
import { findHoldout } from './holdout.js';
import { matchesTargeting } from './targeting.js';
import { bucketOf } from './hasher.js';
import { BUCKET_COUNT } from './threshold.js';
import type { EvalRecord, Reason, User } from './types.js';
import { resetEvalRecord } from './types.js';
import { asAttributes, readUnitId } from './unit-id.js';

/**
 * Evaluates experiment `name` for `user` at time `nowMs` into `out` and
 * returns `out`. `value` is the variant key (or null) and `variantIndex` its
 * index in `ruleset.experiments[name].variants` (or -1). Never throws: an
 * unknown name gives null with reason ERROR / FLAG_NOT_FOUND.
 */
export function evaluateExperiment(compiled: CompiledRuleset, name: string, user: User, nowMs: number, out: EvalRecord): EvalRecord {
  try {
    resetEvalRecord(out, 'experiment', name);
    const experiment = (compiled as CompiledState).experiments.get(name);
    if (experiment === undefined) return recordNotFound(out, 'experiment', name, null);
    if (experiment.problem !== undefined) throw rulesetProblem(experiment.problem);
    return decideExperiment(compiled as CompiledState, experiment, asAttributes(user), nowMs, out);
  } catch (error) {
    return recordFailure(out, 'experiment', name, error, null);
  }
}

function decideExperiment(state: CompiledState, experiment: CompiledExperiment, user: Attributes, nowMs: number, out: EvalRecord): EvalRecord {
  const slot = experiment.slot;
  out.unit = experiment.unit;
  out.layer = slot?.layer;

  if (experiment.stopped) {
    if (experiment.shippedIndex < 0) return noVariant(out, 'DISABLED', false);
    return assign(out, experiment, experiment.shippedIndex, 'STATIC', false);
  }
  if (experiment.scheduled && !(nowMs >= experiment.startMs && nowMs < experiment.endMs)) return noVariant(out, 'DISABLED', false);

  const unitId = readUnitId(user, experiment.unit);
  out.unitId = unitId;
  if (unitId !== undefined && experiment.forced.size > 0) {
    const forced = experiment.forced.get(unitId);
    if (forced !== undefined) {
      // QA assignments are not part of the randomized population, so they log no exposure.
      out.ruleId = 'forced';
      return assign(out, experiment, forced, 'TARGETING_MATCH', false);
    }
  }
  if (!matchesTargeting(state, experiment.targeting, user, 0, gatePasses)) return noVariant(out, 'DEFAULT', false);
  if (unitId === undefined) return noVariant(out, 'UNIT_MISSING', false);
  if (experiment.holdouts.length > 0 && findHoldout(experiment.holdouts, user, out)) return noVariant(out, 'HOLDOUT', true);

  if (slot !== undefined) {
    const layerId = slot.unit === experiment.unit ? unitId : readUnitId(user, slot.unit);
    if (layerId === undefined) return noVariant(out, 'UNIT_MISSING', false);
    const bucket = bucketOf(slot.prefix, layerId);
    // Recorded either way: a unit that passes gets the variant bucket written over it.
    out.bucket = bucket;
    if (bucket < slot.start || bucket >= slot.end) return noVariant(out, 'NOT_ALLOCATED', false);
  }
  if (experiment.allocationThreshold < BUCKET_COUNT) {
    const bucket = bucketOf(experiment.allocationPrefix, unitId);
    out.bucket = bucket;
    if (bucket >= experiment.allocationThreshold) return noVariant(out, 'NOT_ALLOCATED', false);
  }
  // A second, independent hash picks the variant, so the allocation can grow without reshuffling anyone.
  const bucket = bucketOf(experiment.variantPrefix, unitId);
  out.bucket = bucket;
  return assign(out, experiment, variantAt(experiment.variantEnds, bucket), 'SPLIT', true);
}

/** Index of the variant whose cumulative range contains `bucket`. */
function variantAt(ends: readonly number[], bucket: number): number {
  const last = ends.length - 1;
  for (let i = 0; i < last; i++) if (bucket < ends[i]!) return i;
  return last;
}

function assign(out: EvalRecord, experiment: CompiledExperiment, index: number, reason: Reason, exposure: boolean): EvalRecord {
  out.value = experiment.variantKeys[index]!;
  out.variantIndex = index;
  out.reason = reason;
  out.exposure = exposure;
  return out;
}

// The reset left `value` null and `variantIndex` -1, and nothing before a return here changes them.
function noVariant(out: EvalRecord, reason: Reason, exposure: boolean): EvalRecord {
  out.reason = reason;
  out.exposure = exposure;
  return out;
}
