/**
 * Compiles one experiment: variant weights to cumulative integer thresholds,
 * the schedule to epoch milliseconds, QA allowlists to a map, and the two
 * salts (allocation and variant) prepared for hashing.
 */
import type { ExperimentInput } from '../ruleset/input.js';
import { DEFAULT_UNIT, EVERYONE_PERCENT } from '../ruleset/defaults.js';
import type { CompiledExperiment, CompiledHoldout, CompiledLayerSlot } from './compiled.js';
import { compileTargeting } from './compile-targeting.js';
import type { TargetingScope } from './compile-targeting.js';
import { prepareSalt } from './hasher.js';
import { BUCKET_COUNT, percentToThreshold } from './threshold.js';

/** Everything an experiment needs from the rest of the ruleset. */
export interface ExperimentContext {
  readonly scope: TargetingScope;
  readonly holdouts: readonly CompiledHoldout[];
  /** Its slot, from the layer that lists it. */
  readonly slot: CompiledLayerSlot | undefined;
  /** Set when more than one layer lists it. */
  readonly slotProblem: string | undefined;
}

/** Compiles an experiment; inconsistencies become its `problem`. */
export function compileExperiment(name: string, experiment: ExperimentInput, context: ExperimentContext): CompiledExperiment {
  const problems: string[] = [];
  const salt = experiment.salt ?? name;
  const variantKeys = experiment.variants.map((variant) => variant.key);

  const variantEnds: number[] = [];
  let end = 0;
  for (const variant of experiment.variants) {
    end += percentToThreshold(variant.weight);
    variantEnds.push(end);
  }
  if (end !== BUCKET_COUNT) problems.push(`variant weights add up to ${end / 100}%, not 100%`);

  const shippedIndex = experiment.shipped === undefined ? -1 : variantKeys.indexOf(experiment.shipped);
  if (experiment.shipped !== undefined && shippedIndex < 0) problems.push(`shipped variant "${experiment.shipped}" does not exist`);

  const startMs = experiment.startAt === undefined ? -Infinity : Date.parse(experiment.startAt);
  const endMs = experiment.endAt === undefined ? Infinity : Date.parse(experiment.endAt);
  if (Number.isNaN(startMs)) problems.push(`startAt "${experiment.startAt}" is not a date-time`);
  if (Number.isNaN(endMs)) problems.push(`endAt "${experiment.endAt}" is not a date-time`);

  const forced = new Map<string, number>();
  for (const [key, ids] of Object.entries(experiment.forced ?? {})) {
    const index = variantKeys.indexOf(key);
    if (index < 0) problems.push(`forced variant "${key}" does not exist`);
    // The first list that names a unit wins, in the order the lists appear.
    else for (const id of ids) if (!forced.has(String(id))) forced.set(String(id), index);
  }

  // The layers' lists place experiments; a written `layer` field is only checked by parseRuleset.
  if (context.slotProblem !== undefined) problems.push(context.slotProblem);

  const targeting = compileTargeting(experiment, context.scope, 'the experiment', problems);
  return {
    name,
    problem: problems.length > 0 ? `experiment "${name}": ${problems.join('; ')}` : undefined,
    holdouts: context.holdouts,
    stopped: experiment.status === 'stopped',
    shippedIndex,
    scheduled: experiment.startAt !== undefined || experiment.endAt !== undefined,
    startMs,
    endMs,
    forced,
    targeting,
    unit: experiment.unit ?? DEFAULT_UNIT,
    slot: context.slot,
    allocationPrefix: prepareSalt(`${salt}.allocation`),
    allocationThreshold: percentToThreshold(experiment.allocation ?? EVERYONE_PERCENT),
    variantPrefix: prepareSalt(salt),
    variantEnds,
    variantKeys,
  };
}
