/**
 * Holdouts: a fixed share of units kept away from a set of gates, experiments
 * and parameters, so their combined effect can be measured against them.
 */
import type { Attributes } from './conditions/index.js';
import type { CompiledHoldout } from './compiled.js';
import { bucketOf } from './hasher.js';
import type { EvalRecord } from './types.js';
import { readUnitId } from './unit-id.js';

/**
 * Whether one of `holdouts` holds the user back: `bucket(holdout's salt, unitId)
 * < bucketLimit`. The first one that does is written to `out` (holdout, unit,
 * unitId, bucket); otherwise `out` is left untouched. A
 * user without the holdout's unit cannot be bucketed and is not held out.
 */
export function findHoldout(holdouts: readonly CompiledHoldout[], user: Attributes, out: EvalRecord): boolean {
  for (let i = 0; i < holdouts.length; i++) {
    const holdout = holdouts[i]!;
    const unitId = readUnitId(user, holdout._unitName);
    if (unitId === undefined) continue;
    const bucket = bucketOf(holdout._hashPrefix, unitId);
    if (bucket >= holdout._bucketLimit) continue;
    out.holdout = holdout.name;
    out.unit = holdout._unitName;
    out.unitId = unitId;
    out.bucket = bucket;
    return true;
  }
  return false;
}
