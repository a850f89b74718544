/**
 * Compiles one experiment: variant weights to cumulative integer thresholds,
 * the schedule to epoch milliseconds, QA allowlists to a map, and the two
 * salts (allocation and variant) prepared for hashing.
 */
// The order of these imports is on purpose: bundlers lay modules out in import order, and this order gzips
// the lite bundle (a) smallest without growing (b) (`npm run size`). Measure before reordering.
import type { ExperimentInput } from '../ruleset/input.js';
import { zonedTime } from './zoned-time.js';
import { DEFAULT_UNIT, EVERYONE_PERCENT, entriesOf } from '../ruleset/defaults.js';
import type { CompiledExperiment, CompiledHoldout, CompiledLayerSlot, CompiledWindow } from './compiled.js';
import { compileTargeting, describeProblems } from './compile-targeting.js';
import type { TargetingScope } from './compile-targeting.js';
import { prepareSalt } from './hasher.js';
import { BUCKET_COUNT, percentToThreshold } from './threshold.js';

/**
 * Compiles an experiment with the holdouts that cover it and its slots (one per
 * layer that lists it; more than one is a problem). Its problems are joined into its
 * inconsistency text.
 */
export function compileExperiment(
  name: string,
  experiment: ExperimentInput,
  scope: TargetingScope,
  holdouts: readonly CompiledHoldout[],
  slots: readonly CompiledLayerSlot[] | undefined,
): CompiledExperiment {
  const problems: string[] = [];
  const salt = experiment.salt ?? name;
  const variants = experiment.variants;

  let end = 0;
  const variantEnds = variants.map((variant) => (end += percentToThreshold(variant.weight)));
  if (end !== BUCKET_COUNT) problems.push(`variant weights add up to ${end / 100}%, not 100%`);

  /** Index of the variant `key` names for `role` (shipped, forced), or -1 and a problem. */
  const variantIndex = (key: string, role: string): number => {
    const index = variants.findIndex((variant) => variant.key === key);
    if (index < 0) problems.push(`${role} variant "${key}" does not exist`);
    return index;
  };
  const shippedIndex = experiment.shipped === undefined ? -1 : variantIndex(experiment.shipped, 'shipped');

  const startMs = timeOf('startAt', experiment.startAt, -Infinity, problems);
  const endMs = timeOf('endAt', experiment.endAt, Infinity, problems);

  const forced = new Map<string, number>();
  for (const [key, ids] of entriesOf(experiment.forced)) {
    // An unknown variant (-1) is a problem, and a problem stops evaluation before forced is read.
    const index = variantIndex(key, 'forced');
    // The first list that names a unit wins, in the order the lists appear (parseRuleset refuses a unit in the lists of two variants).
    for (const id of ids) {
      const unitId = String(id);
      if (!forced.has(unitId)) forced.set(unitId, index);
    }
  }

  // The layers' lists place experiments; a written `layer` field is only checked by parseRuleset.
  if (slots && slots.length > 1)
    problems.push(`in more than one layer slot (${slots.map((slot) => `"${slot._slotLayer}"`).join(', ')})`);

  const unit = experiment.unit ?? DEFAULT_UNIT;
  const slot = slots?.[0];
  const windows: CompiledWindow[] = slot === undefined ? [] : [slot];
  const allocation = percentToThreshold(experiment.allocation ?? EVERYONE_PERCENT);
  if (allocation < BUCKET_COUNT)
    windows.push({
      _unitName: unit,
      _hashPrefix: prepareSalt(`${salt}.allocation`),
      _startBucket: 0,
      _endBucket: allocation,
    });

  const targeting = compileTargeting(experiment, scope, 'the experiment', problems);
  return {
    name,
    _inconsistency: describeProblems('experiment', name, problems),
    _holdouts: holdouts,
    _isStopped: experiment.status === 'stopped',
    _shippedIndex: shippedIndex,
    // Set when a bound is given (a bound that is no date-time is NaN, and a problem).
    _scheduled: startMs !== -Infinity || endMs !== Infinity,
    _startMs: startMs,
    _endMs: endMs,
    _forcedVariants: forced,
    _targetingTests: targeting,
    _unitName: unit,
    _slotLayer: slot?._slotLayer,
    _bucketWindows: windows,
    _variantPrefix: prepareSalt(salt),
    _variantEnds: variantEnds,
    _servedVariants: variants,
  };
}

/**
 * Epoch ms of schedule field `field`, or `missing` when it is not set. A text
 * without a time zone is a problem like any other, not host-local time.
 */
function timeOf(field: string, text: string | undefined, missing: number, problems: string[]): number {
  if (text === undefined) return missing;
  const ms = zonedTime(text);
  if (Number.isNaN(ms)) problems.push(`${field} "${text}" is not a date-time with a time zone`);
  return ms;
}
