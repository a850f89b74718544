/**
 * Quantiles of events clustered in units, with the interval of Deng, Knoblich
 * and Yu (2018), "Applying the Delta Method in Metric Analytics: A Practical
 * Guide with Novel Ideas", section on quantile metrics. Events of one unit
 * are correlated (one slow device has many slow page loads), so the usual
 * i.i.d. interval of a quantile is too narrow; the delta method over units
 * gives the variance of the share of values below the quantile, which is
 * turned into two ranks of the sorted sample (docs/statistics.md).
 */
import { AnalysisError } from '../../errors/index.js';
import { normalIsf, normalSf } from './distributions/normal.js';
import { relativeLift } from './relative.js';
import type { Comparison } from './types.js';
import { requireOpenUnit } from './validate.js';

/**
 * A group's sample: every value with the index (0 … units − 1) of the unit it
 * belongs to. `units` counts every unit of the group, those without values too.
 */
export interface ClusteredSample {
  values: ArrayLike<number>;
  unit: ArrayLike<number>;
  units: number;
}

/** A group's quantile, its interval and what they were computed from. */
export interface QuantileEstimate {
  /** Type-1 quantile: the ⌈q·n⌉-th smallest value. */
  value: number;
  /** Values in the sample. */
  n: number;
  /** Units in the group (k), with or without values. */
  units: number;
  /** Units with at least one value. */
  unitsWithValues: number;
  /** Delta-method standard deviation σ of the share of values at or below the quantile. */
  sigma: number;
  /** 1-based ranks L and U of the interval's ends in the sorted sample. */
  ranks: [number, number];
  /** [X_(L), X_(U)]. */
  ci: [number, number];
  /** (X_(U) − X_(L)) / (2 z). */
  standardError: number;
}

/**
 * The type-1 quantile (inverse empirical CDF, SQL `percentile_disc`) of a
 * sorted sample: its ⌈q·n⌉-th smallest value.
 */
export function sortedType1Quantile(sorted: ArrayLike<number>, q: number): number {
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1] as number;
}

/**
 * What the interval of a group's quantile is computed from, whichever engine
 * counted it: per unit i, N_i values and S_i of them at or below the quantile
 * Q. Every sum is of whole numbers, so it is exact (below 2^53) in every engine
 * and the interval's ranks come out the same. Σ N_i is `n`.
 */
export interface QuantileStatistics {
  /** Q, the type-1 quantile. */
  value: number;
  /** Values in the sample (Σ N_i). */
  n: number;
  /** Units in the group (k), with or without values. */
  units: number;
  /** Units with at least one value. */
  unitsWithValues: number;
  /** Σ S_i: values at or below Q. */
  sumBelow: number;
  /** Σ S_i². */
  sumBelowSquares: number;
  /** Σ N_i². */
  sumCountSquares: number;
  /** Σ S_i N_i. */
  sumBelowCount: number;
}

/** The delta-method σ and the 1-based ranks L and U of the interval's ends. */
export interface QuantileInterval {
  sigma: number;
  ranks: [number, number];
}

/**
 * The Deng–Knoblich–Yu σ and ranks of `stats` at `confidence`:
 *
 * - p = ΣS / ΣN; σ² = (Var S − 2p Cov(S, N) + p² Var N) / (k N̄²), sample (k − 1) moments;
 * - L = max(1, ⌊n (q − zσ)⌋), U = min(n, ⌈n (q + zσ)⌉).
 *
 * σ² is computed exactly from the integer sums, as
 * (A n² − 2 B ΣS n + C ΣS²) / ((k − 1) n⁴) with A = kΣS² − (ΣS)², B = kΣSN − ΣS n,
 * C = kΣN² − n², in big integers: no cancellation, and one rounding at the end.
 *
 * @throws AnalysisError when fewer than 2 units have values, or the confidence or q is not in (0, 1).
 */
export function quantileInterval(stats: QuantileStatistics, q: number, confidence: number): QuantileInterval {
  requireOpenUnit(q, 'q');
  requireOpenUnit(confidence, 'confidence');
  if (stats.unitsWithValues < 2) {
    throw new AnalysisError(`${stats.unitsWithValues} unit(s) with values (the method needs at least 2 per group)`);
  }
  const k = BigInt(stats.units);
  const n = BigInt(stats.n);
  const s = BigInt(stats.sumBelow);
  const a = k * BigInt(stats.sumBelowSquares) - s * s;
  const b = k * BigInt(stats.sumBelowCount) - s * n;
  const c = k * BigInt(stats.sumCountSquares) - n * n;
  const numerator = a * n * n - 2n * b * s * n + c * s * s;
  const denominator = (k - 1n) * n * n * n * n;
  const sigma = Math.sqrt(Math.max(0, Number(numerator) / Number(denominator)));
  const z = normalIsf((1 - confidence) / 2);
  const low = Math.max(1, Math.floor(stats.n * (q - z * sigma)));
  const high = Math.min(stats.n, Math.ceil(stats.n * (q + z * sigma)));
  return { sigma, ranks: [low, high] };
}

/**
 * Why a group's quantile interval cannot be trusted, or undefined when it can.
 * The Deng–Knoblich–Yu interval inverts a normal interval of the share of
 * values at or below the quantile, so it needs that share to vary (σ > 0; with
 * σ = 0 the width would come from rounding the ranks alone, as when a P99 is
 * the largest of a few values) and both unclipped ranks n(q ∓ zσ) inside the
 * sample (an end beyond it lies past the smallest or largest value, so
 * clipping it there would print a narrower interval than the data support).
 */
export function quantileIntervalProblem(estimate: QuantileEstimate, q: number, confidence: number): string | undefined {
  const { n, sigma } = estimate;
  // An interval of no width is refused by the comparison, with its own reason.
  if (estimate.standardError === 0) return undefined;
  if (!(sigma > 0)) {
    return `the share of its ${n} value(s) at or below the quantile does not vary between units, so the interval has nothing to go on`;
  }
  const z = normalIsf((1 - confidence) / 2);
  const low = Math.floor(n * (q - z * sigma));
  const high = Math.ceil(n * (q + z * sigma));
  if (low >= 1 && high <= n) return undefined;
  const end = low < 1 ? `lower end at rank ${low}` : `upper end at rank ${high}`;
  return `${n} value(s) are too few for this quantile's interval (its ${end} of ${n} lies beyond the sample)`;
}

/** The estimate of `stats` with its interval, given the values X_(L) and X_(U) at the interval's ranks. */
export function quantileEstimateOf(
  stats: QuantileStatistics,
  interval: QuantileInterval,
  ci: [number, number],
  confidence: number,
): QuantileEstimate {
  const z = normalIsf((1 - confidence) / 2);
  return {
    value: stats.value,
    n: stats.n,
    units: stats.units,
    unitsWithValues: stats.unitsWithValues,
    sigma: interval.sigma,
    ranks: interval.ranks,
    ci,
    standardError: (ci[1] - ci[0]) / (2 * z),
  };
}

/**
 * Quantile `q` of a clustered sample with its Deng–Knoblich–Yu interval at
 * `confidence` (see {@link quantileInterval}): Q = X_(⌈q·n⌉), interval
 * [X_(L), X_(U)], standard error (X_(U) − X_(L)) / (2z).
 *
 * @throws AnalysisError when fewer than 2 units have values, or the confidence or q is not in (0, 1).
 */
export function quantileEstimate(sample: ClusteredSample, q: number, confidence: number): QuantileEstimate {
  requireOpenUnit(q, 'q');
  requireOpenUnit(confidence, 'confidence');
  const n = sample.values.length;
  const k = sample.units;
  const perUnit = new Float64Array(k);
  for (let j = 0; j < n; j++) {
    const i = sample.unit[j] as number;
    perUnit[i] = (perUnit[i] as number) + 1;
  }
  let unitsWithValues = 0;
  for (let i = 0; i < k; i++) if ((perUnit[i] as number) > 0) unitsWithValues++;
  if (unitsWithValues < 2) {
    throw new AnalysisError(`${unitsWithValues} unit(s) with values (the method needs at least 2 per group)`);
  }
  const sorted = Float64Array.from(sample.values).sort();
  const value = sortedType1Quantile(sorted, q);
  const below = new Float64Array(k);
  for (let j = 0; j < n; j++) {
    const i = sample.unit[j] as number;
    if ((sample.values[j] as number) <= value) below[i] = (below[i] as number) + 1;
  }
  const stats: QuantileStatistics = {
    value,
    n,
    units: k,
    unitsWithValues,
    sumBelow: 0,
    sumBelowSquares: 0,
    sumCountSquares: 0,
    sumBelowCount: 0,
  };
  for (let i = 0; i < k; i++) {
    const s = below[i] as number;
    const c = perUnit[i] as number;
    stats.sumBelow += s;
    stats.sumBelowSquares += s * s;
    stats.sumCountSquares += c * c;
    stats.sumBelowCount += s * c;
  }
  const interval = quantileInterval(stats, q, confidence);
  const [low, high] = interval.ranks;
  return quantileEstimateOf(stats, interval, [sorted[low - 1] as number, sorted[high - 1] as number], confidence);
}

/**
 * Compares two groups' quantile estimates: difference Q_T − Q_C with
 * se = √(se_C² + se_T²), a normal p-value and interval, and the relative lift
 * with the Fieller interval of the other comparisons (independent groups).
 *
 * @throws AnalysisError when a group's standard error is 0 (its interval has
 *   no width), or the control quantile is 0.
 */
export function compareQuantileEstimates(
  control: QuantileEstimate,
  treatment: QuantileEstimate,
  confidence: number,
  nonNegative: boolean,
): Comparison {
  for (const [name, g] of [
    ['control', control],
    ['treatment', treatment],
  ] as const) {
    if (!(g.standardError > 0)) {
      throw new AnalysisError(
        `${name}: the quantile's interval has no width (ranks ${g.ranks[0]} and ${g.ranks[1]} hold the same value), so it has no standard error`,
      );
    }
  }
  const z = normalIsf((1 - confidence) / 2);
  const difference = treatment.value - control.value;
  const a = control.standardError ** 2;
  const b = treatment.standardError ** 2;
  const se = Math.sqrt(a + b);
  const relative = relativeLift(
    { value: control.value, variance: a },
    { value: treatment.value, variance: b },
    z,
    nonNegative,
  );
  return {
    difference,
    ci: [difference - z * se, difference + z * se],
    pValue: 2 * normalSf(Math.abs(difference) / se),
    ...relative,
  };
}
