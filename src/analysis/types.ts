/**
 * The shapes of an experiment analysis: what goes in (the experiment's
 * design, metric definitions) and what comes out (an {@link ExperimentReport}
 * that the terminal and HTML reports render). Plain types, no runtime code.
 */
import type { PValueAdjustment, WinsorizeLimits } from './stats/index.js';

/** A variant as the analysis needs it. A ruleset `Variant` fits as is. */
export interface AnalysisVariant {
  key: string;
  /** Planned share of units; only the ratios between weights matter (percent in a ruleset). */
  weight: number;
}

/**
 * The experiment being analyzed. A ruleset experiment works as is once its key
 * is added: `{ key, ...ruleset.experiments[key] }`.
 */
export interface ExperimentDesign {
  key: string;
  /** Unit attribute the experiment randomizes on, e.g. `deviceID` or `userID`. */
  unit: string;
  /** Variant every other one is compared with. Default: the first variant. */
  control?: string;
  variants: readonly AnalysisVariant[];
  /**
   * The weights are a guess (`inferDesign` assumes them equal), not the plan:
   * the sample ratio is then not checked (`srm.status` is `not checked`), since
   * a split that differs from a guessed one is no evidence of a broken split.
   */
  weightsAssumed?: boolean;
}

/** How per-unit values of a metric are computed (docs/analysis.md, "Metric kinds"). */
export type MetricKind = 'conversion' | 'count' | 'sum' | 'ratio' | 'quantile' | 'funnel' | 'activeDays' | 'retention';

/** What a metric is for; see docs/analysis.md for how roles drive the verdict. */
export type MetricRole = 'primary' | 'secondary' | 'guardrail';

/** The direction in which a metric moving is good news. */
export type MetricDirection = 'increase' | 'decrease';

/**
 * One side of a ratio metric: the sum of an event's values per unit, or the
 * number of such events. A plain string means `{ event, aggregate: 'sum' }`.
 */
export type RatioPart = string | { event: string; aggregate?: 'sum' | 'count' };

/** Quantiles (in [0, 1]) at which per-unit values are clipped before comparison (the stats engine's limits). */
export type WinsorizeOptions = WinsorizeLimits;

/**
 * A metric computed per unit from custom events.
 *
 * - `conversion`: 1 if the unit tracked `event` at least once, else 0 (compared as proportions).
 * - `count`: number of `event` events of the unit (0 when none).
 * - `sum`: sum of the values of the unit's `event` events (0 when none).
 * - `ratio`: sum over units of `numerator` / sum over units of `denominator` (delta method).
 * - `quantile`: the `quantile` (e.g. 0.99) of the values of every `event` event of a variant's units.
 * - `funnel`: the share of units that went through `steps` in order within `window` after exposure.
 * - `activeDays`: the share of the first `window` days (default 7) after exposure on which the unit tracked `event`.
 * - `retention`: 1 if the unit tracked `event` on day `day` after exposure (day 0 = the first 24 h), else 0.
 *
 * Active days and retention count only units whose days are complete (docs/analysis.md).
 * The value of an event is its `value`, or 1 when it has none.
 */
export interface MetricDefinition {
  /** Unique name of the metric in the report. */
  key: string;
  kind: MetricKind;
  /** Event name for conversion, count and sum metrics. Default: `key`. */
  event?: string;
  /** Default `secondary`. */
  role?: MetricRole;
  /** Default `increase`. */
  direction?: MetricDirection;
  /** Count and sum metrics only: clip per-unit values at these quantiles, computed over all units. */
  winsorize?: WinsorizeOptions;
  /** Ratio metrics only. */
  numerator?: RatioPart;
  /** Ratio metrics only. */
  denominator?: RatioPart;
  /** Smallest relative change worth detecting, for the power hint. Default 0.05 (5%). */
  minDetectableEffect?: number;
  /**
   * Guardrails only: the largest relative harm that is acceptable (0.02 = 2%).
   * The guardrail passes when the interval rules out any larger harm, and
   * fails (the variant cannot ship) when it does not.
   */
  nonInferiorityMargin?: number;
  /** Quantile metrics only: the quantile, strictly between 0 and 1 (0.99 = P99). */
  quantile?: number;
  /** Funnel metrics only: two or more event names, in order. */
  steps?: readonly string[];
  /**
   * Funnel metrics: how long after exposure (ms) the steps count (default: no limit).
   * Active-day metrics: the days counted, in ms, a whole number of days (default 7 days).
   */
  window?: number;
  /** Retention metrics only: the day after exposure (1 or more) on which the unit must be active. */
  day?: number;
}

/** A metric definition with every default filled. */
export interface ResolvedMetric {
  key: string;
  kind: MetricKind;
  role: MetricRole;
  direction: MetricDirection;
  /** Event of conversion, count and sum metrics; for ratios, the numerator's event. */
  event: string;
  winsorize: WinsorizeOptions | undefined;
  numerator: { event: string; aggregate: 'sum' | 'count' } | undefined;
  denominator: { event: string; aggregate: 'sum' | 'count' } | undefined;
  minDetectableEffect: number;
  nonInferiorityMargin: number | undefined;
  /** Quantile metrics. */
  quantile?: number;
  /** Funnel metrics (`event` is the first step). */
  steps?: string[];
  /** Funnel metrics with a window, and active-day metrics (always set), in ms. */
  window?: number;
  /** Retention metrics. */
  day?: number;
  /**
   * The largest value a unit can have, set on the `sum` an active-day metric is compared as (a share of days,
   * at most 1): the comparison then needs room below it as well as above 0.
   */
  ceiling?: number;
}

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

/** How a significant change reads, given the metric's desired direction. */
export type Outcome = 'better' | 'worse' | 'neutral';

/**
 * How p-values of a family of comparisons are adjusted for multiplicity:
 * Benjamini–Hochberg (false discovery rate), Holm–Bonferroni (family-wise
 * error rate), or not at all. See docs/statistics.md.
 */
export type CorrectionMethod = PValueAdjustment;

/** The family a comparison's p-value was adjusted in, and how. */
export interface CorrectionInfo {
  /** `primary`, `secondary`, `guardrail`, or `segments:<attribute>`. */
  family: string;
  method: CorrectionMethod;
  /** Comparisons with a p-value in the family (those with not enough data do not count). */
  size: number;
}

/**
 * What a guardrail comparison rules out. Harm is the relative change in the
 * unwanted direction (an increase for a `decrease` metric), so a positive
 * `harmBound` of 0.05 reads "no harm larger than +5% at this confidence".
 */
export interface GuardrailCheck {
  /**
   * The largest harm the relative interval does not rule out: its end in the
   * unwanted direction, as a positive share. 0 or less: the interval rules out
   * any harm. `Infinity` when the interval is unbounded on that side.
   */
  harmBound: number;
  /** The metric's non-inferiority margin (relative), when it has one. */
  margin?: number;
  /**
   * - `hurt`: significantly worse;
   * - `pass`: with a margin, harm larger than the margin is ruled out (harmBound < margin);
   * - `fail`: with a margin, harm larger than the margin is not ruled out;
   * - `no significant harm`: no margin, and not significantly worse.
   */
  status: 'hurt' | 'pass' | 'fail' | 'no significant harm';
}

/**
 * A treatment compared with control on one metric. The p-value, `ci` and
 * `relativeCi` come from one test, so `significant` is true exactly when both
 * intervals exclude no change (docs/statistics.md).
 */
export interface ComparisonResult {
  status: 'ok';
  /** Treatment minus control, in the metric's own units (a rate difference for conversions). */
  difference: number;
  ci: [number, number];
  pValue: number;
  /** pValue adjusted for the other comparisons of its family (`correction`); equal to pValue in a family of one. */
  adjustedPValue: number;
  correction: CorrectionInfo;
  /** difference / |control value| (so it has the sign of the difference). */
  relativeLift: number;
  /**
   * Fieller interval of the relative lift, cut to the metric's range (a
   * non-negative metric cannot fall below −100%). An end is ±Infinity (JSON
   * `null`) when the data do not bound it.
   */
  relativeCi: [number, number];
  /**
   * pValue < 1 - confidence: both intervals exclude no change. With the
   * `sequential` option: sequential.pValue < 1 - confidence instead.
   */
  significant: boolean;
  /** Secondary metrics and segments: for exploring, never part of the verdict. */
  exploratory: boolean;
  /**
   * `better`/`worse` when the adjusted p-value is below 1 - confidence in the
   * desired/undesired direction, else `neutral`. Drives the verdict and the labels.
   */
  outcome: Outcome;
  /** Guardrail metrics only. */
  guardrail?: GuardrailCheck;
  /**
   * With the `sequential` option: the always-valid confidence sequence of the
   * difference at this look (docs/statistics.md). `significant`, `outcome`,
   * `adjustedPValue`, the guardrail check and the verdict then follow it, not
   * the fixed-horizon `pValue` and `ci` (which stay in the report for reference).
   */
  sequential?: SequentialResult;
  /**
   * Bayesian readout (docs/statistics.md): the posterior probability that
   * treatment is better than control in the metric's desired direction.
   */
  chanceToBeat: number;
  /** Expected cost of choosing treatment if it is in fact worse, in the metric's units (≥ 0). */
  expectedLoss: number;
  /** Equal-tailed credible interval of `difference` at the report's confidence level. */
  credibleInterval: [number, number];
}

/** An always-valid comparison (option `sequential`), see docs/statistics.md. */
export interface SequentialResult {
  /** Confidence sequence of `difference` at the report's confidence: it holds at every look at once. */
  ci: [number, number];
  /** Fieller interval of the relative lift with the sequence's critical value (±Infinity: JSON `null`). */
  relativeCi: [number, number];
  /** Always-valid p-value: below 1 − confidence exactly when `ci` excludes 0. */
  pValue: number;
  /** The method, with its reference. */
  method: string;
  /** Units (all variants of the comparison) at which the sequence is tightest. */
  tuning: number;
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

/** Priors of the Bayesian readout; see docs/statistics.md. */
export interface BayesianPriors {
  /** Beta prior of every conversion rate. Default `{ alpha: 1, beta: 1 }` (uniform). */
  conversion?: { alpha: number; beta: number };
  /** Normal prior of the difference of means and ratios, in the metric's units. Default: none (flat). */
  difference?: { mean: number; sd: number };
}

/** A comparison the stats engine had no answer for (too few units, no variance, zero control). */
export interface MissingComparison {
  status: 'not enough data';
  reason: string;
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

/**
 * A treatment against control at the end of one day of the timeline: the
 * same comparison as the final one, on the data up to that moment. The
 * p-value is not adjusted for multiplicity (the timeline is for watching an
 * effect settle; the verdict reads the final comparison). Fixed-horizon
 * numbers unless the `sequential` option is on (`alwaysValid`).
 */
export type TimelineComparison =
  | {
      variant: string;
      status: 'ok';
      difference: number;
      ci: [number, number];
      relativeLift: number;
      relativeCi: [number, number];
      pValue: number;
      /** True with the `sequential` option: `ci`, `relativeCi` and `pValue` are the always-valid ones. */
      alwaysValid: boolean;
    }
  | { variant: string; status: 'not enough data'; reason: string };

/** One day of a metric's timeline (docs/analysis.md, "Effects over time"). */
export interface TimelinePoint {
  /** 1 for the first 24 hours after the experiment's first exposure, 2 for the next 24, and so on. */
  day: number;
  /** Epoch ms of the day's end (inclusive): the first exposure + day × 24 h. */
  end: number;
  /** `end` as a UTC date, `YYYY-MM-DD`. */
  date: string;
  /** Per variant: units enrolled by `end` and the metric's value over them. */
  variants: { variant: string; units: number; value: number }[];
  comparisons: TimelineComparison[];
}

/** What the timeline covers (docs/analysis.md, "Effects over time"). */
export interface TimelineSpan {
  /** Epoch ms of the experiment's first valid exposure: the start of day 1. */
  start: number;
  /** Days in the timeline. */
  days: number;
  /** The most days a timeline holds (option `timeline.maxDays`, default 90). */
  maxDays: number;
  /** True when the data run past `maxDays`: the timeline stops there, the final comparison does not. */
  truncated: boolean;
  /** Keys of the metrics that have a timeline. */
  metrics: string[];
  /** Decision metrics without a timeline, and why. */
  skipped: { metric: string; reason: string }[];
}

/** Units per variant, planned and observed. */
export interface VariantCount {
  key: string;
  weight: number;
  units: number;
  /** weight / sum of weights. */
  expectedShare: number;
  /** units / all units (0 when there are none). */
  observedShare: number;
}

/** Sample ratio mismatch check of unit counts against the planned weights. */
export type SrmResult =
  | { status: 'ok'; chiSquare: number; pValue: number; threshold: number; mismatch: boolean }
  | { status: 'not enough data'; reason: string; threshold: number; mismatch: false }
  /**
   * The weights were assumed (`ExperimentDesign.weightsAssumed`), so there is no plan to test against.
   * `assumed` is the test against the assumed weights, shown for reading (a 50/50 experiment's real check).
   */
  | {
      status: 'not checked';
      reason: string;
      threshold: number;
      mismatch: false;
      assumed?: { chiSquare: number; pValue: number };
    };

/** Exposures and units left out of the analysis, with why. */
export interface Exclusions {
  /** Units whose exposures name more than one variant. */
  multipleVariants: number;
  /** Exposures of this experiment without the experiment's unit id. */
  missingUnit: number;
  /** Exposures naming a variant the experiment does not have. */
  unknownVariant: number;
  /** Exposures not randomized (reasons OVERRIDE, TARGETING_MATCH, STATIC). */
  notRandomized: number;
}

/** What happened to the metric events read. */
export interface EventCounts {
  /** Events counted for an enrolled unit. */
  counted: number;
  /** Of those, events attributed through identity links (they lacked the experiment's unit). */
  stitched: number;
  /** Events of an enrolled unit that happened before its first exposure (not counted). */
  beforeExposure: number;
  /** Metric events that belong to no enrolled unit. */
  unattributed: number;
}

/**
 * Stored data the analysis could not use, counted and left out rather than
 * coerced (docs/analysis.md, "Invalid stored data").
 */
export interface InvalidData {
  /** Metric events, by problem. An event with several problems counts once, under the first listed. */
  events: {
    /** `time` is not a finite number. */
    badTime: number;
    /** `time` is later than now (beyond the allowed clock skew). */
    futureTime: number;
    /** `time` is outside the analysis bounds `from`…`to`. */
    outsideWindow: number;
    /** `value` is present but not a number (a string, null, an object…). */
    nonNumberValue: number;
    /** `value` is NaN or ±Infinity. */
    nonFiniteValue: number;
    /** `value` is finite but its magnitude exceeds {@link MAX_EVENT_VALUE}. */
    outOfRangeValue: number;
  };
  /** Exposures of this experiment, by problem. */
  exposures: {
    badTime: number;
    futureTime: number;
    outsideWindow: number;
  };
}

/** The overall decision, see docs/analysis.md. */
export type Decision = 'ship' | 'do not ship' | 'inconclusive' | 'invalid';

/**
 * Why a verdict was reached, as data: the reports turn each reason into words,
 * so the analysis never formats numbers (it does not depend on the reports).
 */
export type VerdictReason =
  /** The sample ratio check flagged the split: nothing else can be trusted. */
  | { kind: 'sample ratio mismatch'; pValue: number | undefined; threshold: number }
  /** A primary or guardrail metric moved significantly the wrong way. */
  | {
      kind: 'significantly worse';
      metric: string;
      role: MetricRole;
      variant: string;
      relativeLift: number;
      pValue: number;
      adjustedPValue: number;
    }
  /** A primary metric moved significantly the right way. */
  | {
      kind: 'significantly better';
      metric: string;
      role: MetricRole;
      variant: string;
      relativeLift: number;
      pValue: number;
      adjustedPValue: number;
    }
  /** A guardrail with a non-inferiority margin could not rule out harm beyond the margin. */
  | { kind: 'guardrail margin not met'; metric: string; variant: string; harmBound: number; margin: number }
  /** A primary or guardrail metric had too little data for its method. */
  | { kind: 'not enough data'; metric: string; role: MetricRole; variant: string; reason: string }
  /** No metric has the role `primary`. */
  | { kind: 'no primary metric' }
  /** Nothing decisive happened in this variant. */
  | { kind: 'no significant change'; variant: string };

/** A decision and the reasons that led to it. */
export interface Verdict {
  decision: Decision;
  /** For `ship`: the variant(s) to ship. */
  variants: string[];
  reasons: VerdictReason[];
}

/** A treatment variant's own verdict against control. */
export interface VariantVerdict extends Verdict {
  variant: string;
}

/** The comparisons of one segment value (e.g. country = DE). */
export interface SegmentResult {
  value: string;
  variants: { key: string; units: number }[];
  metrics: MetricResult[];
}

/** The breakdown by one attribute recorded on exposures. */
export interface SegmentBreakdown {
  attribute: string;
  /** Largest values first; values beyond the limit are pooled as `(other)`. */
  values: SegmentResult[];
}

/** How many more units the primary metric needs, and roughly how long that takes. */
export type PowerHint =
  | {
      status: 'ok';
      metric: string;
      minDetectableEffect: number;
      power: number;
      /** Units needed in every group to detect the effect. */
      requiredPerGroup: number;
      /** Units the smallest group currently has. */
      currentPerGroup: number;
      /** Units still missing in the group furthest from `requiredPerGroup` (0 when enough). */
      additionalPerGroup: number;
      /** New units entering the experiment per day, if it could be estimated. */
      unitsPerDay?: number;
      /** Days until every group has `requiredPerGroup` units at that rate. */
      additionalDays?: number;
    }
  | { status: 'not enough data'; metric: string; reason: string };

/** Everything the analysis found, ready to render. */
export interface ExperimentReport {
  experiment: { key: string; unit: string; control: string };
  confidence: number;
  variants: VariantCount[];
  /** Units in the analysis, all variants. */
  units: number;
  exclusions: Exclusions;
  events: EventCounts;
  /** Stored exposures and events left out because they are invalid. */
  invalid: InvalidData;
  /** Epoch-ms span of the counted units' first exposures. */
  window?: { from: number; to: number };
  srm: SrmResult;
  metrics: MetricResult[];
  verdict: Verdict;
  variantVerdicts: VariantVerdict[];
  segments: SegmentBreakdown[];
  power: PowerHint[];
  /** Caveats worth reading next to the numbers. */
  notes: string[];
  /** With the `timeline` option: what the per-metric timelines (`metrics[i].timeline`) cover. */
  timeline?: TimelineSpan;
}
