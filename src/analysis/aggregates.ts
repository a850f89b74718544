/**
 * The boundary between reading events and the stats engine: per-variant
 * sufficient statistics of a metric. Every engine (in memory, DuckDB,
 * PostgreSQL) produces these and nothing else reaches the comparisons, so one
 * stats path serves them all. Moments are kept centred (mean and Σ(x − mean)²)
 * rather than as raw sums of squares, which lose the variance to rounding when
 * the mean is large; groups merge exactly by Chan's formula.
 */
import { CompensatedSum, accurateMean, sampleCovariance } from './stats/moments.js';
import type { QuantileEstimate } from './stats/quantile.js';
import type { RatioSummary, SampleSummary } from './stats/types.js';
import type { CupedOutcome } from './cuped-values.js';
import type { TimelineAggregates } from './timeline.js';
import type { CapApplied } from './metric-result.js';
import type { EventCounts, Exclusions, InvalidData, SkippedLines } from './types.js';

/** Sufficient statistics of one series of per-unit values. */
export interface Moments {
  /** Units. */
  n: number;
  /** Σ x. */
  sum: number;
  /** Σ x / n (NaN when n = 0). */
  mean: number;
  /** Σ (x − mean)² (0 when n < 2). */
  m2: number;
  /** Units with x ≠ 0. */
  nonZero: number;
  /** Units with x < 0. */
  negative: number;
}

/** One variant's sufficient statistics of a metric. */
export interface VariantAggregate extends Moments {
  key: string;
  /** Ratio metrics: the denominators' moments. */
  denominator?: Moments;
  /** Ratio metrics: Σ (x − mean x)(y − mean y). */
  coMoment?: number;
  /** Active days: the eligible units' counted events within their window (the n above are the eligible units). */
  events?: number;
  /** Quantile metrics: the sample's quantile and interval (a group's quantile cannot be merged from its parts). */
  quantile?: QuantileAggregate;
  /** Funnels: units reaching each step (the n above are all the variant's units, the last count their `sum`). */
  reached?: number[];
  /** With CUPED, on metrics it adjusted: the moments of the adjusted values Y − θ(X − X̄). */
  adjusted?: Moments;
}

/** A variant's quantile: what the report shows of it, whichever engine sorted the values. */
export interface QuantileAggregate {
  /** Values in the sample. */
  values: number;
  /** Values below zero (a relative interval needs every group non-negative). */
  negative: number;
  /** The type-1 quantile (NaN without values), also when there is no estimate. */
  value: number;
  /** The estimate and its interval, or why the group has none. */
  estimate: QuantileEstimate | string;
}

/** Moments of `values`, with compensated sums (the in-memory engine). */
export function momentsOf(values: readonly number[]): Moments {
  const n = values.length;
  const total = new CompensatedSum();
  let nonZero = 0;
  let negative = 0;
  for (const v of values) {
    total.add(v);
    if (v !== 0) nonZero++;
    if (v < 0) negative++;
  }
  const mean = n === 0 ? Number.NaN : accurateMean(values);
  const m2 = n < 2 ? 0 : Math.max(0, sampleCovariance(values, values, mean, mean) * (n - 1));
  return { n, sum: total.value(), mean, m2, nonZero, negative };
}

/** A variant's aggregate from its per-unit values (and denominators for ratios). */
export function aggregateValues(
  key: string,
  values: readonly number[],
  denominators?: readonly number[],
): VariantAggregate {
  const aggregate: VariantAggregate = { key, ...momentsOf(values) };
  if (denominators !== undefined) {
    const denominator = momentsOf(denominators);
    aggregate.denominator = denominator;
    aggregate.coMoment =
      values.length < 2
        ? 0
        : sampleCovariance(values, denominators, aggregate.mean, denominator.mean) * (values.length - 1);
  }
  return aggregate;
}

/**
 * A variant's aggregate of activeDays shares a/N, its sum and mean taken from the whole days a (Σa / N and
 * Σa / (N·n), each one rounding of an exact ratio) as the SQL engines take them: a sum of the rounded
 * shares (compensated or not) can land an ulp away, so two groups with the same share of active days
 * differed by 1e-16 instead of 0.
 */
export function sharesAggregate(key: string, shares: readonly number[], days: number): VariantAggregate {
  const aggregate = aggregateValues(key, shares);
  if (shares.length === 0) return aggregate;
  let whole = 0;
  for (const share of shares) whole += Math.round(share * days);
  aggregate.sum = whole / days;
  aggregate.mean = whole / (days * shares.length);
  return aggregate;
}

function mergeMoments(a: Moments, b: Moments): { moments: Moments; delta: number; weight: number } {
  const n = a.n + b.n;
  if (a.n === 0) return { moments: { ...b }, delta: 0, weight: 0 };
  if (b.n === 0) return { moments: { ...a }, delta: 0, weight: 0 };
  const delta = b.mean - a.mean;
  const weight = (a.n * b.n) / n;
  return {
    moments: {
      n,
      sum: a.sum + b.sum,
      mean: a.mean + (delta * b.n) / n,
      m2: a.m2 + b.m2 + delta * delta * weight,
      nonZero: a.nonZero + b.nonZero,
      negative: a.negative + b.negative,
    },
    delta,
    weight,
  };
}

/** The aggregate of the union of two disjoint groups of units (Chan, Golub and LeVeque's pairwise update). */
export function mergeAggregates(a: VariantAggregate, b: VariantAggregate): VariantAggregate {
  const x = mergeMoments(a, b);
  const merged: VariantAggregate = { key: a.key, ...x.moments };
  if (a.denominator !== undefined && b.denominator !== undefined) {
    const y = mergeMoments(a.denominator, b.denominator);
    merged.denominator = y.moments;
    merged.coMoment = (a.coMoment ?? 0) + (b.coMoment ?? 0) + x.delta * y.delta * x.weight;
  }
  if (a.events !== undefined || b.events !== undefined) merged.events = (a.events ?? 0) + (b.events ?? 0);
  if (a.reached !== undefined && b.reached !== undefined)
    merged.reached = a.reached.map((r, s) => r + (b.reached?.[s] ?? 0));
  if (a.adjusted !== undefined && b.adjusted !== undefined)
    merged.adjusted = mergeMoments(a.adjusted, b.adjusted).moments;
  return merged;
}

/** An empty aggregate (no units), for a ratio metric when `ratio`. */
export function emptyAggregate(key: string, ratio: boolean): VariantAggregate {
  const none = (): Moments => ({ n: 0, sum: 0, mean: Number.NaN, m2: 0, nonZero: 0, negative: 0 });
  return ratio ? { key, ...none(), denominator: none(), coMoment: 0 } : { key, ...none() };
}

/** `{ n, mean, variance }` for the stats engine (variance NaN below 2 units, which the engine rejects). */
export function sampleSummary(m: Moments): SampleSummary {
  return { n: m.n, mean: m.mean, variance: m.n < 2 ? Number.NaN : m.m2 / (m.n - 1) };
}

/** The ratio moments the stats engine's delta method takes. */
export function ratioMoments(a: VariantAggregate): RatioSummary {
  const d = a.denominator ?? emptyAggregate(a.key, false);
  const div = a.n - 1;
  return {
    n: a.n,
    meanNumerator: a.mean,
    meanDenominator: d.mean,
    varianceNumerator: a.n < 2 ? Number.NaN : a.m2 / div,
    varianceDenominator: a.n < 2 ? Number.NaN : d.m2 / div,
    covariance: a.n < 2 ? Number.NaN : (a.coMoment ?? 0) / div,
  };
}

/** One metric across the variants, in the order of the experiment's variants. */
export interface MetricAggregates {
  variants: VariantAggregate[];
  /** Winsorized metrics: the caps as applied and the aggregates before capping. */
  caps?: { lower?: CapApplied; upper?: CapApplied };
  uncapped?: VariantAggregate[];
}

/** The units with one value of a segment attribute. */
export interface SegmentValueAggregates {
  value: string;
  /** The SQL engines' keys of the labels this value covers, set on the values shown (segment-labels.ts). */
  labels?: readonly string[];
  /**
   * The `(other)` value pooled by the engine itself: the units of every value beyond the display limit, with
   * their statistics (quantiles included). Its attribute's other values are those shown.
   */
  pooled?: boolean;
  /** Units per variant. */
  units: number[];
  /** Per metric (in the order of the options' metrics), per variant. */
  metrics: VariantAggregate[][];
}

/**
 * Everything the report needs from the events, whichever engine read them:
 * counts, per-variant aggregates of every metric and of every segment value.
 */
export interface AnalysisAggregates {
  /** Enrolled units per variant. */
  units: number[];
  /** First and last entry among enrolled units (absent without units). */
  window?: { from: number; to: number };
  /** Active days and retention: the end their days must be complete by (absent without such metrics). */
  eligibilityEnd?: number;
  exclusions: Exclusions;
  events: EventCounts;
  invalid: InvalidData;
  /** In the order of the options' metrics. */
  metrics: MetricAggregates[];
  /**
   * Per segment attribute, every value seen (then pooled into `(other)` in Node), or the values shown and the
   * `(other)` the engine pooled (`pooled`), as the SQL engines hand them over.
   */
  segments: SegmentValueAggregates[][];
  /**
   * Per segment attribute whose values beyond the display limit are pooled
   * into `(other)` in Node: per metric, per variant, the pooled units' quantile
   * (quantile metrics only; a quantile cannot be merged from the values' own).
   */
  otherQuantiles?: (QuantileAggregate | undefined)[][][];
  /** With the `timeline` option: the per-day aggregates of its metrics. */
  timeline?: TimelineAggregates;
  /** With the `cuped` option: per metric (in order), what CUPED did. */
  cuped?: (CupedOutcome | undefined)[];
  /** The lines of the log that are not events, when the engine read a log and checked it. */
  skippedLines?: SkippedLines;
}
