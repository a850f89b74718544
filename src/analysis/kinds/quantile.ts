/**
 * The quantile kind's comparison: each variant's quantile with its
 * Deng–Knoblich–Yu interval, from the units' values in memory or from a SQL
 * engine's aggregates, compared by a normal readout on the interval's
 * standard error. A group whose interval the method cannot give reads "not
 * enough data" here, whichever engine estimated it.
 */
import { isSplitkitError } from '../../errors/index.js';
import type { QuantileAggregate, VariantAggregate } from '../aggregates.js';
import { rerunAtLevel } from '../adjusted-intervals.js';
import { bayesNormal } from '../stats/index.js';
import {
  compareQuantileEstimates,
  quantileEstimate,
  quantileIntervalProblem,
  sortedType1Quantile,
} from '../stats/quantile.js';
import type { QuantileEstimate } from '../stats/quantile.js';
import { sequenceAtLevel } from '../stats/sequential.js';
import type { ComparisonResult, MissingComparison, SequentialResult } from '../comparison-result.js';
import type { MetricResult, VariantMetricResult } from '../metric-result.js';
import { MIN_GROUP_OUTCOMES, outcomeOf } from '../compare.js';
import type { KindComparisonInput } from './compare.js';
import { eachMember } from './unit-values.js';

// A group an engine returned nothing for: no units, so no values.
const NO_QUANTILE: QuantileAggregate = {
  values: 0,
  negative: 0,
  value: Number.NaN,
  estimate: '0 unit(s) with values (the method needs at least 2 per group)',
};

/** Compares a quantile metric across variants from the units' values (the memory engine). */
export function compareQuantileMetric(input: KindComparisonInput): MetricResult {
  const { metric, units, confidence } = input;
  const q = metric.quantile ?? 0.5;
  const count = input.variantKeys.map(() => 0);
  const local = new Int32Array(units.length).fill(-1);
  eachMember(units, input.indices, (i, v) => {
    if (v < 0) return;
    local[i] = count[v] ?? 0;
    count[v] = (count[v] ?? 0) + 1;
  });
  const samples = input.variantKeys.map(() => ({ values: [] as number[], unit: [] as number[] }));
  const sample = input.values.kind?.sample ?? { values: new Float64Array(0), unit: new Int32Array(0) };
  for (let j = 0; j < sample.values.length; j++) {
    const i = sample.unit[j] ?? -1;
    const at = i < 0 ? -1 : (local[i] ?? -1);
    if (at < 0) continue;
    const target = samples[units[i]?.variant ?? -1];
    target?.values.push(sample.values[j] ?? 0);
    target?.unit.push(at);
  }
  const groups = samples.map((s, v): QuantileAggregate => {
    let estimate: QuantileEstimate | string;
    try {
      estimate = quantileEstimate({ ...s, units: count[v] ?? 0 }, q, confidence);
    } catch (error) {
      if (!(isSplitkitError(error) && error.code === 'ANALYSIS_INPUT')) throw error;
      estimate = error.message;
    }
    const value =
      typeof estimate === 'object'
        ? estimate.value
        : s.values.length > 0
          ? sortedType1Quantile(Float64Array.from(s.values).sort(), q)
          : Number.NaN;
    return { values: s.values.length, negative: s.values.filter((x) => x < 0).length, value, estimate };
  });
  return quantileMetricResult(input, count, groups);
}

/** What a quantile metric's result takes besides its groups. */
type QuantileContext = Pick<KindComparisonInput, 'metric' | 'variantKeys' | 'control' | 'confidence' | 'priors'> & {
  sequential?: { tuning: number } | undefined;
};

/** A quantile metric's rows from a SQL engine's per-variant aggregates (a variant it returned nothing for has no values). */
export function quantileAggregateResult(input: QuantileContext, groups: readonly VariantAggregate[]): MetricResult {
  return quantileMetricResult(
    input,
    groups.map((g) => g.n),
    groups.map((g) => g.quantile ?? NO_QUANTILE),
  );
}

/** A quantile metric's rows from each variant's units and quantile, whichever engine computed them. */
function quantileMetricResult(
  input: QuantileContext,
  units: readonly number[],
  groups: readonly QuantileAggregate[],
): MetricResult {
  const { metric } = input;
  const q = metric.quantile ?? Number.NaN;
  // A group whose interval the method cannot give reads "not enough data", whichever engine counted it. So does
  // one with values from fewer than MIN_GROUP_OUTCOMES units, as for every other kind: the interval's variance is
  // over units, and from 2 of them (1 degree of freedom, read with z) it once gave p = 2e-93 for a SHIP.
  const estimates = groups.map((g, v) => {
    const thin = (withValues: number) =>
      `${withValues} of ${units[v] ?? 0} units with values (the method needs at least ${MIN_GROUP_OUTCOMES} per group)`;
    if (typeof g.estimate !== 'object') {
      const few = /^(\d+) unit\(s\) with values \(the method needs at least 2 per group\)$/.exec(g.estimate);
      return few ? thin(Number(few[1])) : g.estimate;
    }
    if (g.estimate.unitsWithValues < MIN_GROUP_OUTCOMES) return thin(g.estimate.unitsWithValues);
    return quantileIntervalProblem(g.estimate, q, input.confidence) ?? g.estimate;
  });
  const nonNegative = groups.every((g) => g.negative === 0);
  const base = estimates[input.control];
  const variants: VariantMetricResult[] = input.variantKeys.map((key, v) => {
    const group = groups[v];
    const estimate = estimates[v];
    const row: VariantMetricResult = {
      variant: key,
      summary: { units: units[v] ?? 0, value: group?.value ?? Number.NaN, total: group?.values ?? 0 },
    };
    if (typeof estimate === 'object') {
      row.summary.quantile = {
        values: estimate.n,
        unitsWithValues: estimate.unitsWithValues,
        ci: estimate.ci,
        standardError: estimate.standardError,
      };
    }
    if (v !== input.control && base !== undefined && estimate !== undefined) {
      row.comparison = quantileComparison(
        input,
        base,
        estimate,
        input.variantKeys[input.control] ?? '',
        key,
        nonNegative,
      );
    }
    return row;
  });
  return { metric, variants };
}

function quantileComparison(
  input: QuantileContext,
  control: QuantileEstimate | string,
  treatment: QuantileEstimate | string,
  controlKey: string,
  treatmentKey: string,
  nonNegative: boolean,
): ComparisonResult | MissingComparison {
  if (typeof control === 'string') return { status: 'not enough data', reason: `${controlKey}: ${control}` };
  if (typeof treatment === 'string') return { status: 'not enough data', reason: `${treatmentKey}: ${treatment}` };
  const { metric, confidence } = input;
  try {
    const raw = compareQuantileEstimates(control, treatment, confidence, nonNegative);
    const se = Math.hypot(control.standardError, treatment.standardError);
    const bayes = bayesNormal(raw.difference, se, {
      confidence,
      ...(input.priors.difference ? { prior: input.priors.difference } : {}),
    });
    const posteriorMean = (bayes.credibleInterval[0] + bayes.credibleInterval[1]) / 2;
    const always = input.sequential
      ? quantileSequence(control, treatment, confidence, input.sequential, nonNegative)
      : undefined;
    // With sequential testing, significance is the always-valid interval's, as for the other kinds.
    const significant = (always?.pValue ?? raw.pValue) < 1 - confidence;
    const result: ComparisonResult = {
      status: 'ok',
      difference: raw.difference,
      ci: raw.ci,
      pValue: raw.pValue,
      adjustedPValue: raw.pValue,
      correction: { family: metric.role, method: 'none', size: 1 },
      relativeLift: raw.relativeLift,
      relativeCi: raw.relativeCi,
      significant,
      exploratory: metric.role === 'secondary',
      outcome: outcomeOf(metric, raw.difference, significant),
      chanceToBeat: metric.direction === 'increase' ? bayes.chanceToBeat : 1 - bayes.chanceToBeat,
      expectedLoss: metric.direction === 'increase' ? bayes.expectedLoss : bayes.expectedLoss + posteriorMean,
      credibleInterval: bayes.credibleInterval,
      ...(always ? { sequential: always } : {}),
    };
    // The same z-test on the same standard errors at another level, for a corrected family (adjusted-intervals.ts).
    return rerunAtLevel(result, (level) =>
      input.sequential
        ? quantileSequence(control, treatment, level, input.sequential, nonNegative, confidence)
        : compareQuantileEstimates(control, treatment, level, nonNegative),
    );
  } catch (error) {
    if (isSplitkitError(error) && error.code === 'ANALYSIS_INPUT')
      return { status: 'not enough data', reason: error.message };
    throw error;
  }
}

// The sequence of stats/sequential.ts on each group's Deng standard error, as a per-unit variance (se² · k).
function quantileSequence(
  control: QuantileEstimate,
  treatment: QuantileEstimate,
  confidence: number,
  sequential: { tuning: number },
  nonNegative: boolean,
  tunedFor = confidence,
): SequentialResult {
  const group = (e: QuantileEstimate) => ({ n: e.units, mean: e.value, variance: e.standardError ** 2 * e.units });
  const s = sequenceAtLevel(
    group(control),
    group(treatment),
    { confidence, tuning: sequential.tuning, nonNegative },
    tunedFor,
  );
  return { ci: s.ci, relativeCi: s.relativeCi, pValue: s.pValue, method: s.method, tuning: s.tuning };
}
