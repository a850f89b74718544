/**
 * Plain types of the stats engine: its inputs (summaries of a group) and its
 * results. No runtime code.
 */

/** Size, mean and unbiased (n − 1) variance of a group's per-unit values. */
export interface SampleSummary {
  n: number;
  mean: number;
  /** Unbiased sample variance: Σ(x − mean)² / (n − 1). */
  variance: number;
}

/** A group for {@link compareMeans}: its per-unit values, or their summary. */
export type MeanSample = readonly number[] | SampleSummary;

/** Conversions of a group for {@link compareProportions}: `successes` out of `n` units. */
export interface ProportionSample {
  successes: number;
  n: number;
}

/**
 * Per-unit sample moments of a ratio metric Σ numerator / Σ denominator, as
 * {@link summarizeRatio} returns them. Variances and covariance are unbiased (n − 1).
 */
export interface RatioSummary {
  n: number;
  meanNumerator: number;
  meanDenominator: number;
  varianceNumerator: number;
  varianceDenominator: number;
  covariance: number;
}

/** Options of the two-group comparisons. */
export interface ComparisonOptions {
  /** Confidence level of the intervals, strictly between 0 and 1. Default 0.95. */
  confidence?: number;
  /**
   * The metric cannot be negative (counts, sums of non-negative values,
   * ratios of such sums): its relative interval is cut at −100%. Default
   * false; conversions are always non-negative.
   */
  nonNegative?: boolean;
}

/** Treatment compared with control. */
export interface Comparison {
  /** Treatment minus control (means, proportions or ratios). */
  difference: number;
  /** Confidence interval of `difference`, `[low, high]`. */
  ci: [number, number];
  /** Two-sided p-value of "no difference". */
  pValue: number;
  /** `difference` divided by |control value| (so it has the sign of `difference`). */
  relativeLift: number;
  /**
   * Fieller confidence interval of `relativeLift`, `[low, high]`, from the same
   * test as `pValue` and `ci`; an end the data do not bound is ±Infinity.
   */
  relativeCi: [number, number];
}

/** Result of Pearson's chi-square goodness-of-fit test. */
export interface ChiSquareTest {
  /** Σ (observed − expected)² / expected. */
  chiSquare: number;
  /** P(χ²ₖ₋₁ > chiSquare). */
  pValue: number;
}

/** Quantiles at which {@link winsorize} clips; an omitted side is not clipped. */
export interface WinsorizeLimits {
  /** Values below this quantile (in [0, 1]) are raised to it. */
  lower?: number;
  /** Values above this quantile (in [0, 1]) are lowered to it. */
  upper?: number;
}

/** Inputs of {@link requiredSampleSize}. */
export interface SampleSizeOptions {
  /** Conversion rate of control, strictly between 0 and 1. */
  baselineRate: number;
  /** Smallest relative change to detect: 0.1 means the rate moves by 10% of itself. */
  minDetectableEffect: number;
  /** Two-sided significance level. Default 0.05. */
  alpha?: number;
  /** Probability of detecting the effect when it is there. Default 0.8. */
  power?: number;
}
