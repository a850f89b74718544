/**
 * Runs CUPED over the report's metrics (when the option is on) and puts the
 * outcome into each metric's result: `cuped` on the metric and per variant.
 */
import type { EnrolledUnit } from './assignments.js';
import { applyCuped } from './cuped-values.js';
import type { CupedOutcome } from './cuped-values.js';
import type { UnitMetricValues } from './metric-values.js';
import type { ResolvedOptions } from './options.js';
import type { MetricResult } from './metric-result.js';

/**
 * Per metric (in order), what CUPED did; sets `adjusted` on the values it
 * adjusted. Empty when the option is off.
 */
export function cupedOutcomes(
  options: ResolvedOptions,
  units: readonly EnrolledUnit[],
  preTallies: Float64Array | undefined,
  eventIndex: ReadonlyMap<string, number>,
  values: readonly UnitMetricValues[],
): (CupedOutcome | undefined)[] {
  const { cuped } = options;
  if (cuped === undefined) return [];
  const input = {
    lookback: cuped.lookback,
    units,
    preTallies: preTallies ?? new Float64Array(0),
    eventIndex,
    variantCount: options.variants.length,
  };
  return options.metrics.map((metric, m) => {
    const v = values[m];
    return v === undefined ? undefined : applyCuped(metric, v, input);
  });
}

/** Copies a metric's CUPED outcome into its result. */
export function attachCuped(result: MetricResult, outcome: CupedOutcome | undefined): void {
  if (outcome === undefined) return;
  result.cuped = outcome.result;
  result.variants.forEach((row, v) => {
    const variant = outcome.variants?.[v];
    if (variant !== undefined) row.cuped = variant;
  });
}
