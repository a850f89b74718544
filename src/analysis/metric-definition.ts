/**
 * What a metric is: its definition as a caller writes it, and the resolved
 * form with every default filled that the engines compute from.
 */
import type { WinsorizeLimits } from './stats/index.js';

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
