/**
 * Comparisons of the quantile, funnel, active-day and retention metrics,
 * through the machinery of the other kinds: funnels and retention compare as
 * proportions (Beta–Binomial readout), active days as means (Welch, normal
 * readout) and funnel step conversions as ratios (delta method); quantiles
 * have their own comparison (quantile.ts).
 */
import type { EnrolledUnit } from '../assignments.js';
import { attachAdjustedIntervals } from '../adjusted-intervals.js';
import { compareMetric, outcomeOf } from '../compare.js';
import type { VariantValues } from '../compare.js';
import type { Moments, VariantAggregate } from '../aggregates.js';
import type { UnitMetricValues } from '../metric-values.js';
import { adjustPValues } from '../stats/index.js';
import type { BayesianPriors } from '../options.js';
import type { ComparisonResult, CorrectionMethod } from '../comparison-result.js';
import type { FunnelStepResult, MetricResult } from '../metric-result.js';
import type { ResolvedMetric } from '../metric-definition.js';
import { sharesAggregate } from '../aggregates.js';
import { DAY_MS } from './definitions.js';
import { compareQuantileMetric, quantileAggregateResult } from './quantile.js';
import { eachMember } from './unit-values.js';
import type { KindUnitValues } from './unit-values.js';

/** What a comparison of an added kind needs. */
export interface KindComparisonInput {
  metric: ResolvedMetric;
  variantKeys: readonly string[];
  units: readonly EnrolledUnit[];
  values: UnitMetricValues;
  /** The units of a segment (all units when omitted). */
  indices?: readonly number[];
  control: number;
  confidence: number;
  priors: BayesianPriors;
  /** With the `sequential` option: every comparison, funnel step rows too, uses the always-valid interval. */
  sequential?: { tuning: number };
}

/**
 * The kind the other machinery compares a metric as: funnels and retention
 * as conversions, active days as a mean (sum) of shares at most 1, funnel step conversions as ratios;
 * undefined for quantiles, which have their own comparison.
 */
export function comparableMetric(metric: ResolvedMetric): ResolvedMetric | undefined {
  if (metric.kind === 'funnel' || metric.kind === 'retention') return { ...metric, kind: 'conversion' };
  if (metric.kind === 'activeDays') return { ...metric, kind: 'sum', ceiling: 1 };
  return undefined;
}

/**
 * The per-variant groups the comparisons use (eligible units only for active
 * days and retention), for the power hint. Quantiles: undefined.
 */
export function kindGroups(
  input: Omit<KindComparisonInput, 'control' | 'confidence' | 'priors' | 'sequential'>,
): VariantValues[] {
  const groups: VariantValues[] = input.variantKeys.map((key) => ({ key, values: [] }));
  const eligible = input.values.kind?.eligible;
  eachMember(input.units, input.indices, (i, v) => {
    if (eligible !== undefined && eligible[i] !== 1) return;
    groups[v]?.values.push(input.values.values[i] ?? 0);
  });
  return groups;
}

/** Compares an added kind's metric across variants (steps of a funnel only when `withSteps`). */
export function compareKindMetric(input: KindComparisonInput, withSteps = false): MetricResult {
  const { metric } = input;
  if (metric.kind === 'quantile') return compareQuantileMetric(input);
  const shadow = comparableMetric(metric) ?? metric;
  const days = Math.round((metric.window ?? 0) / DAY_MS);
  const groups = kindGroups(input);
  const result = compareMetric(
    shadow,
    metric.kind === 'activeDays' ? groups.map((g) => sharesAggregate(g.key, g.values, days)) : groups,
    input.control,
    input.confidence,
    input.priors,
    input.sequential,
  );
  result.metric = metric;
  const kind = input.values.kind ?? {};
  if (metric.kind === 'activeDays' || metric.kind === 'retention') addEligibility(result, input, kind);
  if (metric.kind === 'funnel' && withSteps) result.steps = funnelSteps(input, kind);
  return result;
}

function addEligibility(result: MetricResult, input: KindComparisonInput, kind: KindUnitValues): void {
  const enrolled = input.variantKeys.map(() => 0);
  const events = input.variantKeys.map(() => 0);
  eachMember(input.units, input.indices, (i, v) => {
    enrolled[v] = (enrolled[v] ?? 0) + 1;
    if (kind.eligible?.[i] === 1) events[v] = (events[v] ?? 0) + (kind.events?.[i] ?? 0);
  });
  applyEligibility(result, input.metric, enrolled, events);
}

/**
 * A metric from a SQL engine's aggregates: the same result as
 * {@link compareKindMetric}. Active days and retention count eligible units
 * only (with their events); funnels compare reaching the last step, with the
 * step rows when `withSteps`; quantiles take each group's estimate. Other
 * metrics are compared as they are.
 */
export function compareAggregateMetric(
  metric: ResolvedMetric,
  groups: readonly VariantAggregate[],
  enrolled: readonly number[],
  control: number,
  confidence: number,
  priors: BayesianPriors,
  sequential: { tuning: number } | undefined,
  withSteps = false,
): MetricResult {
  if (metric.kind === 'quantile') {
    return quantileAggregateResult(
      { metric, variantKeys: groups.map((g) => g.key), control, confidence, priors, sequential },
      groups,
    );
  }
  const comparable = comparableMetric(metric);
  if (comparable === undefined) return compareMetric(metric, groups, control, confidence, priors, sequential);
  const result = compareMetric(comparable, groups, control, confidence, priors, sequential);
  result.metric = metric;
  if (metric.kind === 'funnel') {
    if (withSteps) {
      const counts = groups.map((g) => ({ key: g.key, units: g.n, reached: g.reached ?? [] }));
      result.steps = funnelStepRows(metric, counts, control, confidence, priors, sequential);
    }
    return result;
  }
  applyEligibility(
    result,
    metric,
    enrolled,
    groups.map((g) => g.events ?? 0),
  );
  return result;
}

function applyEligibility(
  result: MetricResult,
  metric: ResolvedMetric,
  enrolled: readonly number[],
  events: readonly number[],
): void {
  const days = Math.round((metric.window ?? 0) / DAY_MS);
  result.variants.forEach((row, v) => {
    row.summary.eligibleUnits = row.summary.units;
    row.summary.enrolledUnits = enrolled[v] ?? 0;
    if (metric.kind === 'activeDays') row.summary.eventsPerUnitDay = (events[v] ?? 0) / (row.summary.units * days);
    // The counts in the reason are of eligible units only: say so, or "0 of 0" reads like a bug.
    if (row.comparison?.status === 'not enough data')
      row.comparison.reason += ' (counting only units whose days are complete)';
  });
}

function funnelSteps(input: KindComparisonInput, kind: KindUnitValues): FunnelStepResult[] {
  const reached = kind.reached ?? [];
  const counts = input.variantKeys.map((key) => ({ key, units: 0, reached: reached.map(() => 0) }));
  eachMember(input.units, input.indices, (i, v) => {
    const group = counts[v];
    if (group === undefined) return;
    group.units++;
    reached.forEach((r, s) => {
      if (r[i] === 1) group.reached[s] = (group.reached[s] ?? 0) + 1;
    });
  });
  return funnelStepRows(input.metric, counts, input.control, input.confidence, input.priors, input.sequential);
}

// Moments of c ones among n zero-or-one values: Σ (x − c/n)² = c (n − c) / n.
function binaryMoments(n: number, c: number): Moments {
  return {
    n,
    sum: c,
    mean: n === 0 ? Number.NaN : c / n,
    m2: n === 0 ? 0 : (c * (n - c)) / n,
    nonZero: c,
    negative: 0,
  };
}

/**
 * A funnel's step rows from the sufficient statistics every engine counts:
 * per variant, its units and the units reaching each step. Each step's share
 * of the units compares as a proportion; its conversion from the step before
 * as a ratio (delta method), where a unit reaching step k has reached k − 1,
 * so Σ x y = reached_k. With `sequential`, every row has its always-valid
 * interval and p-value and its label follows them, as the overall row's does
 * (reaching the last step is the overall conversion, with the same numbers).
 */
function funnelStepRows(
  metric: ResolvedMetric,
  groups: readonly { key: string; units: number; reached: readonly number[] }[],
  control: number,
  confidence: number,
  priors: BayesianPriors,
  sequential: { tuning: number } | undefined,
): FunnelStepResult[] {
  const asConversion: ResolvedMetric = { ...metric, kind: 'conversion' };
  const asRatio: ResolvedMetric = { ...metric, kind: 'ratio' };
  return (metric.steps ?? []).map((event, s) => {
    const shares = groups.map((g): VariantAggregate => ({ key: g.key, ...binaryMoments(g.units, g.reached[s] ?? 0) }));
    const share = compareMetric(asConversion, shares, control, confidence, priors, sequential);
    const step =
      s === 0
        ? undefined
        : compareMetric(
            asRatio,
            groups.map((g, v): VariantAggregate => {
              const current = g.reached[s] ?? 0;
              const previous = g.reached[s - 1] ?? 0;
              return {
                ...(shares[v] as VariantAggregate),
                denominator: binaryMoments(g.units, previous),
                coMoment: g.units === 0 ? 0 : (current * (g.units - previous)) / g.units,
              };
            }),
            control,
            confidence,
            priors,
            sequential,
          );
    return {
      step: s + 1,
      event,
      variants: share.variants.map((row, v) => {
        const out: FunnelStepResult['variants'][number] = {
          variant: row.variant,
          reached: row.summary.total,
          share: row.summary.value,
        };
        const ratio = step?.variants[v];
        if (ratio !== undefined) out.stepConversion = ratio.summary.value;
        if (row.comparison !== undefined) out.comparison = row.comparison;
        if (ratio?.comparison !== undefined) out.stepComparison = ratio.comparison;
        return out;
      }),
    };
  });
}

/**
 * Adjusts the p-values of every funnel's step rows, one family per funnel
 * (`steps:<metric>`), by `method`. Step rows are exploratory: the verdict
 * reads only the funnel's overall conversion.
 */
export function adjustFunnelSteps(
  metrics: readonly MetricResult[],
  method: CorrectionMethod,
  confidence: number,
): void {
  for (const result of metrics) {
    if (result.steps === undefined) continue;
    const family = result.steps.flatMap((step) =>
      step.variants.flatMap((row) =>
        [row.comparison, row.stepComparison].filter((c): c is ComparisonResult => c?.status === 'ok'),
      ),
    );
    // With sequential testing the always-valid p-values are the ones adjusted (and labelled), as in corrections.ts.
    const adjusted = adjustPValues(
      family.map((c) => c.sequential?.pValue ?? c.pValue),
      method,
    );
    family.forEach((c, i) => {
      c.adjustedPValue = adjusted[i] ?? c.sequential?.pValue ?? c.pValue;
      c.correction = { family: `steps:${result.metric.key}`, method, size: family.length };
      c.exploratory = true;
      c.outcome = outcomeOf(result.metric, c.difference, c.adjustedPValue < 1 - confidence);
    });
    attachAdjustedIntervals(family, method, confidence);
  }
}
