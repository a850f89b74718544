/**
 * A treatment compared with control on one metric: the frequentist test, the
 * multiplicity correction, the guardrail check, the sequential and Bayesian
 * readouts, or why there is no comparison.
 */
import type { PValueAdjustment } from './stats/index.js';
import type { AdjustedIntervalRule } from './stats/multiple-comparisons.js';

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
  /**
   * In a family corrected by Holm or Benjamini–Hochberg (more than one comparison): the intervals of the
   * difference and of the lift at the level the correction used for this comparison (`confidence`, set
   * by `rule`; docs/statistics.md, "Intervals at the corrected level"), so they exclude no change exactly
   * when `adjustedPValue` < 1 − confidence: what the reports print. With `sequential` they are the
   * always-valid intervals at that level. `ci`, `relativeCi` (and `sequential`) stay the per-comparison
   * intervals. Absent for guardrails and in a family of one.
   */
  adjusted?: {
    ci: [number, number];
    relativeCi: [number, number];
    confidence: number;
    rule: AdjustedIntervalRule;
  };
  /** Guardrail metrics only. */
  guardrail?: GuardrailCheck;
  /**
   * Set when the sample ratio check flagged a mismatch (the verdict is then `invalid`): the numbers,
   * `significant`, `outcome` and the guardrail check are what the data would say if the split were right,
   * and none of them can be trusted. The reports print "untrusted" in place of the ▲/▼ marks and
   * guardrail states (docs/analysis.md, "Sample ratio mismatch").
   */
  untrusted?: 'sample ratio mismatch';
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

/** A comparison the stats engine had no answer for (too few units, no variance, zero control). */
export interface MissingComparison {
  status: 'not enough data';
  reason: string;
}
