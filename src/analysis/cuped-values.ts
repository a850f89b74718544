/**
 * CUPED for one metric of the report: the covariate of every unit from its
 * pre-exposure tallies, θ pooled over all units, and the adjusted values the
 * comparisons then use (overall and in segments). See docs/analysis.md, "CUPED".
 */
import { isSplitkitError } from '../errors/index.js';
import type { EnrolledUnit } from './assignments.js';
import { CUPED_KINDS } from './cuped-tally.js';
import { unitMetricValues } from './metric-values.js';
import type { UnitMetricValues } from './metric-values.js';
import { cupedFit, cupedMoments } from './stats/cuped.js';
import type { CupedFit, CupedMoments } from './stats/cuped.js';
import type { CupedResult, VariantCuped } from './metric-result.js';
import type { ResolvedMetric } from './metric-definition.js';

/** The metric's CUPED result, and per variant (in variant order) when it was adjusted. */
export interface CupedOutcome {
  result: CupedResult;
  variants?: VariantCuped[];
}

/** Everything {@link applyCuped} reads. */
export interface CupedInput {
  lookback: number;
  units: readonly EnrolledUnit[];
  preTallies: Float64Array;
  eventIndex: ReadonlyMap<string, number>;
  variantCount: number;
}

/**
 * Adjusts `values` (sets `values.adjusted`) when CUPED applies to `metric`,
 * and says how; a metric it does not apply to is left as it is, with the reason.
 */
export function applyCuped(metric: ResolvedMetric, values: UnitMetricValues, input: CupedInput): CupedOutcome {
  const { lookback, units } = input;
  const reason = cupedSkipReason(metric);
  if (reason !== undefined) return { result: { status: 'not adjusted', reason, lookback } };
  const covariate = preExposureValues(metric, values, input);
  const y = values.values;
  const byVariant = Array.from({ length: input.variantCount }, () => ({ y: [] as number[], x: [] as number[] }));
  units.forEach((unit, i) => {
    const group = byVariant[unit.variant];
    group?.y.push(y[i] ?? 0);
    group?.x.push(covariate[i] ?? 0);
  });
  const slot = input.eventIndex.get(metric.event);
  let withData = 0;
  if (slot !== undefined) for (const u of units) if ((input.preTallies[u.offset + 2 * slot] ?? 0) > 0) withData++;
  const { outcome, fit } = cupedOutcome(
    byVariant.map((g) => cupedMoments(g.y, g.x)),
    lookback,
    withData,
  );
  if (fit !== undefined) values.adjusted = y.map((v, i) => v - fit.theta * ((covariate[i] ?? 0) - fit.meanX));
  return outcome;
}

/** Why CUPED leaves `metric` unadjusted whatever the data, or undefined when it applies to its kind. */
export function cupedSkipReason(metric: ResolvedMetric): string | undefined {
  if (metric.kind === 'ratio')
    return 'a ratio metric is not a mean of per-unit values; its adjustment needs the delta method for ratios';
  if (!CUPED_KINDS.has(metric.kind))
    return `CUPED adjusts conversion, count and sum metrics (a mean of one value per unit), not ${metric.kind}`;
  return undefined;
}

/**
 * The outcome of CUPED from the per-variant moments of Y and X (whichever
 * engine computed them) and the units with pre-exposure data; `fit` is absent
 * when there is nothing to adjust with, and the outcome then says why.
 */
export function cupedOutcome(
  moments: readonly CupedMoments[],
  lookback: number,
  unitsWithPreExposureData: number,
): { outcome: CupedOutcome; fit?: CupedFit } {
  let fit: CupedFit;
  try {
    fit = cupedFit(moments);
  } catch (error) {
    if (isSplitkitError(error) && error.code === 'ANALYSIS_INPUT')
      return { outcome: { result: { status: 'not adjusted', reason: error.message, lookback } } };
    throw error;
  }
  return {
    fit,
    outcome: {
      result: {
        status: 'adjusted',
        theta: fit.theta,
        varianceReduction: fit.varianceReduction,
        lookback,
        unitsWithPreExposureData,
      },
      variants: fit.groups.map((g, v) => ({
        varianceReduction: g.varianceReduction,
        adjustedValue: g.mean,
        covariateMean: moments[v]?.meanX ?? 0,
      })),
    },
  };
}

// X: the same metric on the pre-period tallies, capped at the thresholds Y was capped at (not its own).
function preExposureValues(metric: ResolvedMetric, values: UnitMetricValues, input: CupedInput): number[] {
  const raw = unitMetricValues({ ...metric, winsorize: undefined }, input.units, input.preTallies, input.eventIndex);
  const low = values.caps?.lower?.value ?? -Infinity;
  const high = values.caps?.upper?.value ?? Infinity;
  return raw.values.map((x) => Math.min(high, Math.max(low, x)));
}
