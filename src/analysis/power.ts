/**
 * The power hint: how many units each group needs to detect the primary
 * metric's minimum detectable effect (relative to the observed control), how
 * many more that is, and roughly how many days at the observed enrollment rate.
 *
 * Conversions use the stats engine's `requiredSampleSize` with the observed
 * control rate. Count and sum metrics use the normal approximation with the
 * observed control variance σ² and mean μ:
 *   n = ⌈ 2 (z₁₋α/₂ + z_power)² σ² / (mde · μ)² ⌉.
 * Ratio metrics use the same formula with the delta-method variance of the
 * ratio R = μN/μD per unit: σ² = (σN² − 2R·cov + R²σD²) / μD².
 * With m corrected primary comparisons the level is α/m (`PowerContext.comparisons`).
 */
import { AnalysisError, isSplitkitError } from '../errors/index.js';
import { normalQuantile, requiredSampleSize } from './stats/index.js';
import { ratioEstimate } from './stats/compare-ratios.js';
import { meanSummary } from './stats/sample.js';
import { ratioMoments, sampleSummary } from './aggregates.js';
import type { VariantAggregate } from './aggregates.js';
import type { PowerHint } from './types.js';
import type { ResolvedMetric } from './metric-definition.js';
import { thinGroupReason } from './compare.js';

/** What the hint needs beyond the metric's control values. */
export interface PowerContext {
  confidence: number;
  power: number;
  /** Units per variant so far and the planned weights, in the same order. */
  units: readonly number[];
  weights: readonly number[];
  /** Observed rate of new units per day, when it could be estimated. */
  unitsPerDay: number | undefined;
  /**
   * Retention and activeDays: per variant (in the order of `units`) the units whose days are complete,
   * the only ones compared, and the days a new unit needs until its days are.
   */
  eligible?: { units: readonly number[]; waitDays: number };
  /**
   * The primary comparisons (primary metrics × treatments) whose p-values are corrected together, when they
   * are: a ship rests on one of them passing Holm's first step (or BH's, with one real effect), p < α/m, so
   * the plan is for that level. Absent or 1: α = 1 − confidence.
   */
  comparisons?: number;
}

/** The power hint for one (primary) metric, from the control group's per-unit values. */
export function powerHint(metric: ResolvedMetric, control: VariantAggregate, context: PowerContext): PowerHint {
  if (context.eligible !== undefined && control.n === 0)
    return { status: 'not enough data', metric: metric.key, reason: 'no control unit has its days complete yet' };
  let requiredPerGroup: number;
  try {
    requiredPerGroup = requiredUnits(metric, control, context);
  } catch (error) {
    if (isSplitkitError(error) && error.code === 'ANALYSIS_INPUT') {
      return { status: 'not enough data', metric: metric.key, reason: error.message };
    }
    throw error;
  }
  if (!Number.isFinite(requiredPerGroup)) {
    return {
      status: 'not enough data',
      metric: metric.key,
      reason: 'the control group has no variation or a zero mean',
    };
  }
  // Retention and activeDays compare only units whose days are complete: so does the hint.
  // A variant of weight 0 gets no new units, so it is not the group the others wait for.
  const all = context.eligible?.units ?? context.units;
  const counted = all.map((units, i) => ((context.weights[i] ?? 0) > 0 ? units : Infinity));
  const currentPerGroup = Math.min(...counted);
  const additionalPerGroup = Math.max(0, requiredPerGroup - currentPerGroup);
  const hint: PowerHint = {
    status: 'ok',
    metric: metric.key,
    minDetectableEffect: metric.minDetectableEffect,
    power: context.power,
    requiredPerGroup,
    currentPerGroup,
    additionalPerGroup,
  };
  const comparisons = context.comparisons ?? 1;
  if (comparisons > 1) hint.adjustedFor = { comparisons, alpha: planAlpha(context) };
  const wait = context.eligible?.waitDays ?? 0;
  if (context.eligible !== undefined) {
    const smallest = counted.indexOf(currentPerGroup);
    hint.countedUnits = { eligible: currentPerGroup, enrolled: context.units[smallest] ?? 0, waitDays: wait };
  }
  if (context.unitsPerDay !== undefined) {
    hint.unitsPerDay = context.unitsPerDay;
    // Units still to enroll, at the observed rate; then, for retention and activeDays, the days the last of
    // them needs before it counts (an upper bound on the wait of those already enrolled).
    hint.additionalDays =
      additionalPerGroup === 0 ? 0 : additionalTotal(requiredPerGroup, context) / context.unitsPerDay + wait;
  }
  return hint;
}

// The two-sided level the plan is for: 1 − confidence, split over the corrected primary comparisons.
function planAlpha(context: PowerContext): number {
  return (1 - context.confidence) / Math.max(1, context.comparisons ?? 1);
}

function requiredUnits(metric: ResolvedMetric, control: VariantAggregate, context: PowerContext): number {
  const alpha = planAlpha(context);
  const mde = metric.minDetectableEffect;
  // Said in the report's words: the engine's own message would read "baselineRate … got NaN" for an empty control.
  if (control.n === 0) throw new AnalysisError('the control group has no units yet');
  if (metric.kind === 'conversion') {
    if (control.sum === 0 || control.sum === control.n) {
      const which = control.sum === 0 ? 'none' : 'all';
      throw new AnalysisError(
        `${which} of the control group's ${control.n} units converted, so there is no baseline rate`,
      );
    }
    thinControl(metric, control);
    const rate = control.sum / control.n;
    return requiredSampleSize({ baselineRate: rate, minDetectableEffect: mde, alpha, power: context.power });
  }
  thinControl(metric, control);
  const z = normalQuantile(1 - alpha / 2) + normalQuantile(context.power);
  let mean: number;
  let variance: number;
  if (metric.kind === 'ratio') {
    // The stats engine's delta-method estimate is the variance of the group's ratio; × n gives it per unit.
    const summary = ratioMoments(control);
    const estimate = ratioEstimate(summary, 'control');
    mean = estimate.value;
    variance = estimate.variance * summary.n;
  } else {
    ({ mean, variance } = meanSummary(sampleSummary(control), 'the control group'));
  }
  const delta = mde * mean;
  if (delta === 0 || variance <= 0) return Infinity;
  // A relative change of a mean indistinguishable from 0 (its interval at the report's level covers 0) has no
  // meaning: the hint would be any number of units (10,191,305 for a ratio near 0).
  const reportAlpha = 1 - context.confidence;
  if (Math.abs(mean) < normalQuantile(1 - reportAlpha / 2) * Math.sqrt(variance / control.n))
    throw new AnalysisError(
      'the control mean is indistinguishable from 0, so a relative change of it is no effect size to plan for',
    );
  return Math.ceil((2 * z * z * variance) / (delta * delta));
}

// A baseline from a control too thin to compare (3 units) is not one to plan from either.
function thinControl(metric: ResolvedMetric, control: VariantAggregate): void {
  const thin = thinGroupReason(metric, control, 'control');
  if (thin !== undefined) throw new AnalysisError(thin);
}

// New units split by weight, so the group whose weight is smallest relative to its shortfall
// decides how many new units in total it takes until every group has enough.
function additionalTotal(requiredPerGroup: number, context: PowerContext): number {
  const totalWeight = context.weights.reduce((a, b) => a + b, 0);
  let needed = 0;
  context.units.forEach((units, i) => {
    const weight = context.weights[i] ?? 0;
    const shortfall = requiredPerGroup - units;
    if (shortfall > 0 && weight > 0) needed = Math.max(needed, (shortfall * totalWeight) / weight);
  });
  return needed;
}
