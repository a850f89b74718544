/**
 * Compares every treatment with control on one metric, using the stats
 * engine. A comparison the engine has no answer for (it throws an
 * `AnalysisError`) is reported as "not enough data" with the engine's reason,
 * so one thin metric or segment never sinks the whole report.
 */
import { isSplitkitError } from '../errors/index.js';
import {
  compareMeans,
  compareProportions,
  compareRatios,
  summarize,
  summarizeRatio,
} from './stats/index.js';
import type { Comparison } from './stats/index.js';
import type {
  ComparisonResult,
  MetricResult,
  MetricSummary,
  MissingComparison,
  ResolvedMetric,
  VariantMetricResult,
} from './types.js';

/** One variant's per-unit values of a metric. */
export interface VariantValues {
  key: string;
  values: number[];
  /** Ratio metrics only. */
  denominators?: number[];
}

/** Summaries for every variant and comparisons of each treatment with `groups[control]`. */
export function compareMetric(
  metric: ResolvedMetric,
  groups: readonly VariantValues[],
  control: number,
  confidence: number,
): MetricResult {
  const base = groups[control];
  const variants: VariantMetricResult[] = groups.map((group, i) => {
    const row: VariantMetricResult = { variant: group.key, summary: summarizeGroup(metric, group) };
    if (i !== control && base !== undefined) row.comparison = compareGroups(metric, base, group, confidence);
    return row;
  });
  return { metric, variants };
}

function summarizeGroup(metric: ResolvedMetric, group: VariantValues): MetricSummary {
  const units = group.values.length;
  const total = sum(group.values);
  if (metric.kind === 'ratio') {
    const denominatorTotal = sum(group.denominators ?? []);
    return { units, value: total / denominatorTotal, total, denominatorTotal };
  }
  if (metric.kind === 'conversion') return { units, value: total / units, total };
  // The variance needs two units; a single unit still has a mean worth showing.
  if (units < 2) return { units, value: total / units, total };
  const { mean, variance } = summarize(group.values);
  return { units, value: mean, total, variance };
}

function compareGroups(
  metric: ResolvedMetric,
  control: VariantValues,
  treatment: VariantValues,
  confidence: number,
): ComparisonResult | MissingComparison {
  let raw: Comparison;
  try {
    raw = runComparison(metric, control, treatment, confidence);
  } catch (error) {
    if (isSplitkitError(error) && error.code === 'ANALYSIS_INPUT') return { status: 'not enough data', reason: error.message };
    throw error;
  }
  const numbers = [raw.difference, raw.pValue, raw.relativeLift, ...raw.ci, ...raw.relativeCi];
  if (!numbers.every(Number.isFinite)) return { status: 'not enough data', reason: 'the comparison has no finite answer' };
  const significant = raw.pValue < 1 - confidence;
  const wanted = metric.direction === 'increase' ? raw.difference > 0 : raw.difference < 0;
  return {
    status: 'ok',
    difference: raw.difference,
    ci: [raw.ci[0], raw.ci[1]],
    pValue: raw.pValue,
    relativeLift: raw.relativeLift,
    relativeCi: [raw.relativeCi[0], raw.relativeCi[1]],
    significant,
    outcome: !significant || raw.difference === 0 ? 'neutral' : wanted ? 'better' : 'worse',
  };
}

function runComparison(
  metric: ResolvedMetric,
  control: VariantValues,
  treatment: VariantValues,
  confidence: number,
): Comparison {
  const opts = { confidence };
  if (metric.kind === 'conversion') {
    return compareProportions(
      { successes: sum(control.values), n: control.values.length },
      { successes: sum(treatment.values), n: treatment.values.length },
      opts,
    );
  }
  if (metric.kind === 'ratio') {
    return compareRatios(
      summarizeRatio(control.values, control.denominators ?? []),
      summarizeRatio(treatment.values, treatment.denominators ?? []),
      opts,
    );
  }
  return compareMeans(control.values, treatment.values, opts);
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
