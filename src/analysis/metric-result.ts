/**
 * A metric's results across variants: per-variant summaries and comparisons,
 * what was measured (window, caps), CUPED, funnel steps and the timeline.
 */
import type { ComparisonResult, MissingComparison } from './comparison-result.js';
import type { ResolvedMetric } from './metric-definition.js';
import type { TimelinePoint } from './timeline-result.js';

/** Per-variant summary of one metric. */
export interface MetricSummary {
  units: number;
  /** Conversion: the rate. Count and sum: the mean per unit. Ratio: sum of numerators / sum of denominators. */
  value: number;
  /** Conversion: converted units. Count and sum: the total (after winsorization). Ratio: sum of numerators. */
  total: number;
  /** Ratio metrics: sum of denominators. */
  denominatorTotal?: number;
  /** Sample variance of the per-unit values (count and sum metrics). */
  variance?: number;
  /**
   * Active-day and retention metrics: the units whose days are complete, the
   * only ones compared (`units` counts the same units).
   */
  eligibleUnits?: number;
  /** Active-day and retention metrics: every enrolled unit of the variant. */
  enrolledUnits?: number;
  /** Active-day metrics: counted events per eligible unit and day of the window. */
  eventsPerUnitDay?: number;
  /** Quantile metrics: the sample the quantile (`value`) was taken from, and its interval. */
  quantile?: QuantileSummary;
}

/**
 * A variant's quantile and its interval (Deng, Knoblich & Yu 2018; docs/statistics.md).
 * For quantile metrics `units` counts every enrolled unit and `total` the values.
 */
export interface QuantileSummary {
  /** Number of values (counted events). */
  values: number;
  /** Units with at least one value. */
  unitsWithValues: number;
  /** Interval of the quantile: two order statistics of the sample. */
  ci: [number, number];
  /** (ci[1] − ci[0]) / (2 z). */
  standardError: number;
}

/** One step of a funnel in one variant. */
export interface FunnelStepVariant {
  variant: string;
  /** Units that reached the step (in order, within the window). */
  reached: number;
  /** reached / all units of the variant. */
  share: number;
  /** Steps after the first: reached / units that reached the previous step (NaN when none did). */
  stepConversion?: number;
  /** Treatments: the share compared with control (as proportions). */
  comparison?: ComparisonResult | MissingComparison;
  /** Treatments, steps after the first: the step conversion compared with control (ratio, delta method). */
  stepComparison?: ComparisonResult | MissingComparison;
}

/** One step of a funnel across variants. */
export interface FunnelStepResult {
  /** 1-based position in the funnel. */
  step: number;
  event: string;
  variants: FunnelStepVariant[];
}

/**
 * CUPED as applied to one metric (option `cuped`, docs/analysis.md): the
 * comparison is of adjusted means Y − θ(X − X̄), X being the same metric over
 * the unit's events in the `lookback` ms before its first exposure.
 */
export type CupedResult =
  | {
      status: 'adjusted';
      /** cov(Y, X) / var(X) over all units of all variants. */
      theta: number;
      /** 1 − var(Y′) / var(Y) over all units. */
      varianceReduction: number;
      lookback: number;
      /** Units with at least one pre-exposure event of the metric in the lookback. */
      unitsWithPreExposureData: number;
    }
  | { status: 'not adjusted'; reason: string; lookback: number };

/** One variant under CUPED. */
export interface VariantCuped {
  /** 1 − var(Y′) / var(Y) within the variant. */
  varianceReduction: number;
  /** Mean of the adjusted values Y′ (what the comparison compares). */
  adjustedValue: number;
  /** Mean of the covariate X. */
  covariateMean: number;
}

/** One variant's row for one metric. The control has no comparison. */
export interface VariantMetricResult {
  variant: string;
  summary: MetricSummary;
  comparison?: ComparisonResult | MissingComparison;
  /** With the `cuped` option, on metrics it adjusted. */
  cuped?: VariantCuped;
}

/** One winsorization threshold as applied: its quantile, the value it came to, and how many units were clipped to it. */
export interface CapApplied {
  quantile: number;
  value: number;
  units: number;
}

/** The treatment against control on the values before capping, so the effect of the cap can be seen. */
export interface UncappedComparison {
  variant: string;
  value: number;
  difference: number;
  relativeLift: number;
  pValue: number;
}

/**
 * What a metric measured, beyond its definition: the window its events were
 * counted in and the caps applied, with their values. The reports print it
 * next to the numbers.
 */
export interface MetricMeasurement {
  /** Events read: the metric's event, or a ratio's numerator and denominator events. */
  events: string[];
  /**
   * Events count from each unit's first exposure; `from` and `to` (epoch ms)
   * are the analysis bounds when it had any (`to` absent: up to the last event stored).
   */
  window: { from?: number; to?: number };
  /** Winsorization as applied over all units (count and sum metrics with `winsorize`). */
  caps?: {
    lower?: CapApplied;
    upper?: CapApplied;
    /** Each treatment against control without the caps (absent when that comparison has not enough data). */
    uncapped: UncappedComparison[];
  };
  /**
   * Active-day and retention metrics: epoch ms by which a unit's days must
   * have ended for it to count (the analysis `to`, else the latest time read).
   */
  eligibilityEnd?: number;
}

/** A metric across all variants. */
export interface MetricResult {
  metric: ResolvedMetric;
  /** Absent in segment breakdowns (it is the overall metric's). */
  measurement?: MetricMeasurement;
  /** With the `cuped` option: whether and how the metric was adjusted (absent in segment breakdowns). */
  cuped?: CupedResult;
  variants: VariantMetricResult[];
  /** With the `timeline` option, decision metrics only: the cumulative comparison at the end of each day. */
  timeline?: TimelinePoint[];
  /** Funnel metrics (absent in segment breakdowns): every step per variant. */
  steps?: FunnelStepResult[];
}
