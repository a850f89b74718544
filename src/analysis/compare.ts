/**
 * Compares every treatment with control on one metric, using the stats
 * engine. A comparison the engine has no answer for (it throws an
 * `AnalysisError`) is reported as "not enough data" with the engine's reason,
 * so one thin metric or segment never sinks the whole report.
 */
import { isSplitkitError } from '../errors/index.js';
import { rerunAtLevel } from './adjusted-intervals.js';
import { bayesNormal, bayesProportions, compareMeans, compareProportions, compareRatios } from './stats/index.js';
import { ratioMoments, sampleSummary } from './aggregates.js';
import type { Moments, VariantAggregate } from './aggregates.js';
import { meanSummary } from './stats/sample.js';
import type { BayesianComparison, Comparison } from './stats/index.js';
import { ratioEstimate } from './stats/compare-ratios.js';
import { welchDegreesOfFreedom } from './stats/compare-means.js';
import { sequentialResult } from './sequential-compare.js';
import { aggregateValues, momentsOf } from './aggregates.js';
import { plainDecimal } from './plain-number.js';
import type { BayesianPriors } from './options.js';
import type { ComparisonResult, MissingComparison, Outcome, SequentialResult } from './comparison-result.js';
import type { MetricResult, MetricSummary, VariantMetricResult } from './metric-result.js';
import type { ResolvedMetric } from './metric-definition.js';

/** One variant's per-unit values of a metric (the in-memory kinds and CUPED group these before aggregating). */
export interface VariantValues {
  key: string;
  values: number[];
  /** Ratio metrics only. */
  denominators?: number[];
  /** CUPED-adjusted values: when present, the comparison is Welch's on them (docs/analysis.md, "CUPED"). */
  adjusted?: number[];
}

/** One variant's aggregate and, with CUPED, the moments of its adjusted values. */
export type ComparedGroup = VariantAggregate & { adjusted?: Moments };

/** The aggregate of per-unit values, so grouped values and engine aggregates take the same stats path. */
export function aggregateGroup(group: VariantValues | ComparedGroup): ComparedGroup {
  if (!('values' in group)) return group;
  const aggregate: ComparedGroup = aggregateValues(group.key, group.values, group.denominators);
  if (group.adjusted !== undefined) aggregate.adjusted = momentsOf(group.adjusted);
  return aggregate;
}

/** Summaries for every variant and comparisons of each treatment with `groups[control]`. */
export function compareMetric(
  metric: ResolvedMetric,
  groups: readonly (VariantValues | ComparedGroup)[],
  control: number,
  confidence: number,
  priors: BayesianPriors = {},
  sequential?: { tuning: number },
): MetricResult {
  const aggregates = groups.map(aggregateGroup);
  const base = aggregates[control];
  const variants: VariantMetricResult[] = aggregates.map((group, i) => {
    const row: VariantMetricResult = { variant: group.key, summary: summarizeGroup(metric, group) };
    if (i !== control && base !== undefined)
      row.comparison = compareGroups(metric, base, group, confidence, priors, sequential);
    return row;
  });
  return { metric, variants };
}

function summarizeGroup(metric: ResolvedMetric, group: VariantAggregate): MetricSummary {
  const units = group.n;
  const total = group.sum;
  if (metric.kind === 'ratio') {
    const denominatorTotal = group.denominator?.sum ?? 0;
    return { units, value: total / denominatorTotal, total, denominatorTotal };
  }
  if (metric.kind === 'conversion') return { units, value: total / units, total };
  // The variance needs two units; a single unit still has a mean worth showing.
  if (units < 2) return { units, value: total / units, total };
  const { mean, variance } = sampleSummary(group);
  return { units, value: mean, total, variance };
}

function compareGroups(
  metric: ResolvedMetric,
  control: ComparedGroup,
  treatment: ComparedGroup,
  confidence: number,
  priors: BayesianPriors,
  sequential: { tuning: number } | undefined,
): ComparisonResult | MissingComparison {
  const thin =
    thinGroup(metric, control, control.key) ??
    thinGroup(metric, treatment, treatment.key) ??
    flatGroup(metric, control, control.key) ??
    flatGroup(metric, treatment, treatment.key) ??
    fullGroup(metric, control, control.key) ??
    fullGroup(metric, treatment, treatment.key);
  if (thin !== undefined) return { status: 'not enough data', reason: thin };
  let raw: Comparison;
  let bayes: BayesianComparison & { posteriorMean: number };
  let always: SequentialResult | undefined;
  try {
    raw = runComparison(metric, control, treatment, confidence);
    bayes = runBayes(metric, control, treatment, confidence, priors);
    if (sequential)
      always = atLeastFixed(sequentialResult(metric, control, treatment, confidence, sequential.tuning), raw);
  } catch (error) {
    if (isSplitkitError(error) && error.code === 'ANALYSIS_INPUT')
      return { status: 'not enough data', reason: error.message };
    throw error;
  }
  // The relative interval may be unbounded (±Infinity); everything else must be a number.
  const numbers = [raw.difference, raw.pValue, raw.relativeLift, ...raw.ci];
  if (!numbers.every(Number.isFinite) || raw.relativeCi.some(Number.isNaN)) {
    return { status: 'not enough data', reason: 'the comparison has no finite answer' };
  }
  // With sequential testing, significance is the always-valid interval's, so no label contradicts it.
  const significant = (always?.pValue ?? raw.pValue) < 1 - confidence;
  const result: ComparisonResult = {
    status: 'ok',
    difference: raw.difference,
    ci: [raw.ci[0], raw.ci[1]],
    pValue: raw.pValue,
    // The corrections pass (corrections.ts) fills in the family and the adjusted value.
    adjustedPValue: raw.pValue,
    correction: { family: metric.role, method: 'none', size: 1 },
    relativeLift: raw.relativeLift,
    relativeCi: [raw.relativeCi[0], raw.relativeCi[1]],
    significant,
    exploratory: metric.role === 'secondary',
    outcome: outcomeOf(metric, raw.difference, significant),
    // "Beats" is in the desired direction: for a lower-is-better metric the sides swap.
    chanceToBeat: metric.direction === 'increase' ? bayes.chanceToBeat : 1 - bayes.chanceToBeat,
    // E[max(0, T − C)] = E[max(0, C − T)] + E[T − C]; the posterior mean of T − C is the interval's centre for normals.
    expectedLoss: metric.direction === 'increase' ? bayes.expectedLoss : bayes.expectedLoss + bayes.posteriorMean,
    credibleInterval: [bayes.credibleInterval[0], bayes.credibleInterval[1]],
  };
  if (always) result.sequential = always;
  // The same test at another level, for the intervals of a corrected family (adjusted-intervals.ts).
  return rerunAtLevel(result, (level) => {
    const fixed = runComparison(metric, control, treatment, level);
    if (!sequential) return fixed;
    return atLeastFixed(sequentialResult(metric, control, treatment, level, sequential.tuning, confidence), fixed);
  });
}

function runBayes(
  metric: ResolvedMetric,
  control: ComparedGroup,
  treatment: ComparedGroup,
  confidence: number,
  priors: BayesianPriors,
): BayesianComparison & { posteriorMean: number } {
  if (metric.kind === 'conversion' && !(control.adjusted && treatment.adjusted)) {
    const c = { successes: control.sum, n: control.n };
    const t = { successes: treatment.sum, n: treatment.n };
    const prior = priors.conversion ?? { alpha: 1, beta: 1 };
    const result = bayesProportions(c, t, { confidence, prior });
    const mean = (g: typeof c) => (prior.alpha + g.successes) / (prior.alpha + prior.beta + g.n);
    return { ...result, posteriorMean: mean(t) - mean(c) };
  }
  let difference: number;
  let variance: number;
  // Means are compared by Welch's t: the likelihood is that t, so with the flat prior the credible interval
  // is the confidence interval printed beside it (docs/statistics.md, "Bayesian readout"). Ratios use z.
  let df = Infinity;
  const both = control.adjusted !== undefined && treatment.adjusted !== undefined;
  if (metric.kind === 'ratio' && !both) {
    const c = ratioEstimate(ratioMoments(control), 'control');
    const t = ratioEstimate(ratioMoments(treatment), 'treatment');
    difference = t.value - c.value;
    variance = c.variance + t.variance;
  } else {
    // CUPED: the adjusted means, as the frequentist comparison uses.
    const c = meanSummary(sampleSummary((both && control.adjusted) || control), 'control');
    const t = meanSummary(sampleSummary((both && treatment.adjusted) || treatment), 'treatment');
    difference = t.mean - c.mean;
    variance = c.variance / c.n + t.variance / t.n;
    df = welchDegreesOfFreedom(c.variance / c.n, c.n, t.variance / t.n, t.n);
  }
  return bayesNormal(difference, Math.sqrt(variance), {
    confidence,
    df,
    ...(priors.difference ? { prior: priors.difference } : {}),
  });
}

/**
 * The confidence sequence is normal-based; where Welch's test is wider (a group so small that its t
 * quantile exceeds the sequence's multiplier) an interval valid at every look cannot be narrower than
 * the one valid at this look, so the fixed-horizon interval and p-value are taken. Both intervals are
 * centred on the same difference and nested, so the wider one is their hull and still excludes 0
 * exactly when the larger p-value is below alpha.
 */
function atLeastFixed(always: SequentialResult, fixed: Comparison): SequentialResult {
  if (always.pValue >= fixed.pValue && always.ci[0] <= fixed.ci[0] && always.ci[1] >= fixed.ci[1]) return always;
  return {
    ...always,
    ci: [Math.min(always.ci[0], fixed.ci[0]), Math.max(always.ci[1], fixed.ci[1])],
    relativeCi: [
      Math.min(always.relativeCi[0], fixed.relativeCi[0]),
      Math.max(always.relativeCi[1], fixed.relativeCi[1]),
    ],
    pValue: Math.max(always.pValue, fixed.pValue),
  };
}

/** `better`/`worse` for a significant change in the desired/undesired direction, else `neutral`. */
export function outcomeOf(metric: ResolvedMetric, difference: number, significant: boolean): Outcome {
  if (!significant || difference === 0) return 'neutral';
  const wanted = metric.direction === 'increase' ? difference > 0 : difference < 0;
  return wanted ? 'better' : 'worse';
}

/**
 * Fewest units with an outcome (a conversion, a non-zero value) and, for
 * conversions, without one, that a group needs before the normal
 * approximation behind every comparison is trusted (the textbook n·p ≥ 5).
 * Count, sum and active-day groups also need some variance (not every unit
 * with the same value), and ratio groups some delta-method variance (not
 * every unit with the same ratio).
 */
export const MIN_GROUP_OUTCOMES = 5;

/** Why `group` is too thin for a normal approximation of `metric` (the reason names it `name`), or undefined. */
export function thinGroupReason(metric: ResolvedMetric, group: VariantAggregate, name: string): string | undefined {
  return thinGroup(metric, group, name);
}

// Below the minimum the normal approximation is unreliable and, at 0 of n, degenerate (a zero-width interval).
function thinGroup(metric: ResolvedMetric, group: VariantAggregate, name: string): string | undefined {
  const min = MIN_GROUP_OUTCOMES;
  const n = group.n;
  const nonZero = group.nonZero;
  if (metric.kind === 'conversion') {
    if (nonZero >= min && n - nonZero >= min) return undefined;
    return `${name}: ${nonZero} of ${n} units converted (the method needs at least ${min} converted and ${min} not converted per group)`;
  }
  if (metric.kind === 'ratio') {
    const denominators = group.denominator?.nonZero ?? 0;
    if (nonZero >= min && denominators >= min) return undefined;
    return `${name}: ${Math.min(nonZero, denominators)} of ${n} units with a non-zero ${nonZero < min ? 'numerator' : 'denominator'} (the method needs at least ${min} per group)`;
  }
  if (nonZero >= min) return undefined;
  return `${name}: ${nonZero} of ${n} units with a non-zero ${metric.key} (the method needs at least ${min} per group)`;
}

// Welch's test takes each group's uncertainty from its own variance: with none (40 of 40 units active on their
// one day, every unit with exactly one visit) the group would count as known exactly, the means' version of
// 0 of 48 converted. A ratio's is the delta method's, none when every unit's numerator is the same multiple
// of its denominator (one price: every purchase 10): that group's ratio would count as exact, and a
// treatment whose prices vary read as significantly different on its spread alone. (Conversions have the
// rule above.)
function flatGroup(metric: ResolvedMetric, group: VariantAggregate, name: string): string | undefined {
  if (metric.kind === 'conversion') return undefined;
  // Six digits: engines sum in different orders, and the reason must read the same in all of them.
  const shown = (x: number) => `${x < 0 ? '−' : ''}${plainDecimal(Math.abs(x), 6)}`;
  if (metric.kind === 'ratio') {
    const ratio = flatRatio(group);
    if (ratio === undefined) return undefined;
    // Units without a denominator have no ratio of their own: count the ones that do.
    const units = group.denominator?.nonZero ?? group.n;
    return `${name}: all ${units} units with a non-zero denominator have the same ratio (${shown(ratio)}) of numerator to denominator, so the group has no variance to estimate its uncertainty from`;
  }
  if (group.m2 !== 0) return undefined;
  return `${name}: all ${group.n} units have the same value (${shown(group.mean)}), so the group has no variance to estimate its uncertainty from`;
}

// The group's ratio when its delta-method variance is 0 (within the rounding `ratioEstimate` allows), else undefined.
function flatRatio(group: VariantAggregate): number | undefined {
  if (group.n < 2) return undefined;
  try {
    const estimate = ratioEstimate(ratioMoments(group), group.key);
    return estimate.variance === 0 ? estimate.value : undefined;
  } catch {
    // A zero mean denominator or inconsistent moments: the comparison says so itself.
    return undefined;
  }
}

// A share of days (at most its metric's `ceiling`, 1) needs room on both sides, as a conversion needs units not
// converted: the inactive days must add up to 5 units' full windows, n·(1 − mean) ≥ 5 (with a 1-day window
// exactly "5 not converted"). From the summaries, so every engine applies it alike.
function fullGroup(metric: ResolvedMetric, group: VariantAggregate, name: string): string | undefined {
  const min = MIN_GROUP_OUTCOMES;
  const room = metric.ceiling === undefined ? Infinity : group.n * (metric.ceiling - group.mean);
  if (room >= min) return undefined;
  return `${name}: its units were inactive on ${Number(room.toFixed(2))} windows’ worth of days (the method needs at least ${min} per group, as a conversion needs ${min} units not converted)`;
}

function runComparison(
  metric: ResolvedMetric,
  control: ComparedGroup,
  treatment: ComparedGroup,
  confidence: number,
): Comparison {
  if (metric.kind === 'conversion' && !(control.adjusted && treatment.adjusted)) {
    return compareProportions(
      { successes: control.sum, n: control.n },
      { successes: treatment.sum, n: treatment.n },
      { confidence },
    );
  }
  // A metric no unit can make negative has a ratio of means of at least 0: its relative interval stops at −100%.
  const nonNegative = [control, treatment].every((g) => g.negative === 0 && (g.denominator?.negative ?? 0) === 0);
  const opts = { confidence, nonNegative };
  if (control.adjusted && treatment.adjusted)
    return compareMeans(sampleSummary(control.adjusted), sampleSummary(treatment.adjusted), opts);
  if (metric.kind === 'ratio') {
    return compareRatios(ratioMoments(control), ratioMoments(treatment), opts);
  }
  return compareMeans(sampleSummary(control), sampleSummary(treatment), opts);
}
