/**
 * The options of an analysis: as a caller gives them, and as the analysis
 * reads them with every default filled (resolve-options.ts turns one into
 * the other).
 */
import type { AnalysisVariant, ExperimentDesign } from './experiment-design.js';
import type { MetricDefinition, ResolvedMetric } from './metric-definition.js';
import type { CorrectionOptions } from './corrections.js';

/** Priors of the Bayesian readout; see docs/statistics.md. */
export interface BayesianPriors {
  /** Beta prior of every conversion rate. Default `{ alpha: 1, beta: 1 }` (uniform). */
  conversion?: { alpha: number; beta: number };
  /** Normal prior of the difference of means and ratios, in the metric's units. Default: none (flat). */
  difference?: { mean: number; sd: number };
}

/** What to analyze and how; the events come separately (see `analyzeExperiment`, `analyzeFromStore`). */
export interface AnalysisOptions {
  experiment: ExperimentDesign;
  metrics: readonly MetricDefinition[];
  /** Confidence level of every interval; significance means p < 1 - confidence. Default 0.95. */
  confidence?: number;
  /** Attributes recorded on exposures (`event.attributes[name]`) to break results down by, e.g. `country`. */
  segments?: readonly (string | { attribute: string })[];
  /** Power the sample-size hint aims for. Default 0.8. */
  power?: number;
  /** Segment values shown per attribute, largest first; the rest are pooled as `(other)`. Default 20. */
  maxSegmentValues?: number;
  /** Caveats to print with the report (e.g. "weights assumed equal"). */
  notes?: readonly string[];
  /**
   * Multiple-comparison correction per family (docs/analysis.md): default
   * `holm` for primary metrics, `benjamini-hochberg` for secondary metrics and
   * for segments. Guardrails are never corrected.
   */
  corrections?: Partial<CorrectionOptions>;
  /**
   * Epoch-ms bounds (inclusive) of the analysis: exposures and custom events
   * outside them are not analyzed (a store is asked only for what lies
   * inside; events handed to `analyzeExperiment` outside them are counted as
   * outside the window).
   */
  from?: number;
  to?: number;
  /**
   * The current time in epoch ms (default: the clock's). Exposures and events
   * stamped later than this (beyond a few minutes of clock skew) are invalid:
   * they are counted, reported and left out.
   */
  now?: number;
  /** Priors of the Bayesian readout (`chanceToBeat`, `expectedLoss`, `credibleInterval`); see docs/statistics.md. */
  priors?: BayesianPriors;
  /**
   * CUPED variance reduction of conversion, count and sum metrics, with each
   * unit's same metric over the `lookback` ms before its first exposure as
   * the covariate (default 14 days). `analyzeFromStore` then reads metric
   * events from `from - lookback`. See docs/analysis.md, "CUPED".
   */
  cuped?: boolean | { lookback?: number };
  /**
   * Always-valid confidence sequences (safe to look at every day); the
   * verdict then follows them. `tuning`: units at which the sequence is
   * tightest (default 5000). See docs/analysis.md, "Sequential testing".
   */
  sequential?: boolean | { tuning?: number };
  /**
   * Effects over time: the cumulative comparison of each primary and guardrail
   * metric at the end of every day since the first exposure (docs/analysis.md).
   * `true` or `{ maxDays }` (default 90 days). Default off.
   */
  timeline?: boolean | { maxDays?: number };
}

/** {@link AnalysisOptions} with defaults filled; internal to the analysis. */
export interface ResolvedOptions {
  key: string;
  unit: string;
  variants: AnalysisVariant[];
  /** The weights are a guess: the sample ratio is not checked. */
  weightsAssumed: boolean;
  control: number;
  metrics: ResolvedMetric[];
  confidence: number;
  power: number;
  segments: string[];
  maxSegmentValues: number;
  notes: string[];
  corrections: CorrectionOptions;
  from: number | undefined;
  to: number | undefined;
  now: number;
  priors: BayesianPriors;
  /** Off when undefined. */
  cuped: { lookback: number } | undefined;
  /** Off when undefined. */
  sequential: { tuning: number } | undefined;
  /** Absent when the timeline is off (optional, so options built by hand need not name it). */
  timeline?: { maxDays: number } | undefined;
}
