/**
 * Effects over time (option `timeline`): a metric's cumulative comparison at
 * the end of each day, and what the timeline covers.
 */

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
