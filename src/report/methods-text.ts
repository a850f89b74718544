/**
 * What the reports say about CUPED and sequential testing: which interval is
 * shown (the always-valid one when the analysis computed it, so no printed
 * interval contradicts the label or the verdict), and one sentence per metric
 * on its CUPED adjustment.
 */
import type { ComparisonResult } from '../analysis/comparison-result.js';
import type { ExperimentReport } from '../analysis/types.js';
import type { MetricResult } from '../analysis/metric-result.js';
import { formatDays, formatLevel, formatNumber, formatPercent } from './numbers.js';

/**
 * The comparison as the reports print it: with sequential testing, `ci`,
 * `relativeCi` and `pValue` are the always-valid ones (the verdict follows them);
 * in a corrected family the intervals are the ones at the corrected level
 * (`adjusted`, always-valid ones with sequential testing), which exclude no
 * change exactly when the label says significant.
 */
export function shownComparison(c: ComparisonResult): ComparisonResult {
  const s = c.sequential;
  const shown = s === undefined ? c : { ...c, ci: s.ci, relativeCi: s.relativeCi, pValue: s.pValue };
  return c.adjusted === undefined ? shown : { ...shown, ci: c.adjusted.ci, relativeCi: c.adjusted.relativeCi };
}

/** True when some comparison of the report prints an interval at a corrected level (`adjusted`). */
export function hasAdjustedIntervals(report: ExperimentReport): boolean {
  const rows = [...report.metrics, ...report.segments.flatMap((b) => b.values.flatMap((v) => v.metrics))].flatMap(
    (m) => [
      ...m.variants.map((v) => v.comparison),
      ...(m.steps ?? []).flatMap((s) => s.variants.flatMap((v) => [v.comparison, v.stepComparison])),
    ],
  );
  return rows.some((c) => c?.status === 'ok' && c.adjusted !== undefined);
}

/** The interval column's level: the report's, or `CI` alone when corrected rows print theirs (see {@link adjustedLegend}). */
export function intervalHeading(report: ExperimentReport, level: string): string {
  return hasAdjustedIntervals(report) ? 'CI' : `${level} CI`;
}

/**
 * The level of a row's corrected interval, for a cell: ` (98.33%)`, cut (not rounded) to hundredths of a
 * percent so it never claims more than the interval has; '' for a row at the report's level.
 */
export function adjustedLevelText(c: ComparisonResult): string {
  if (c.adjusted === undefined) return '';
  return ` (${formatLevel(Math.floor(c.adjusted.confidence * 10_000) / 10_000)})`;
}

/** What the `CI` heading of the terminal tables means, or undefined when they print the report's level. */
export function adjustedLegend(report: ExperimentReport): string | undefined {
  if (!hasAdjustedIntervals(report)) return undefined;
  return (
    `[CI]: each interval is at the level its row's correction used (see the notes; ${formatLevel(report.confidence)} ` +
    'where nothing was corrected; in the JSON adjusted.confidence), so it excludes no change exactly when the ' +
    `adjusted p-value is significant.${bayesHiddenText(report) === undefined ? ` ${UNADJUSTED_BAYES_TEXT}` : ''}`
  );
}

/**
 * Said wherever corrected intervals are printed beside the Bayesian readout: a credible interval that
 * excludes 0 beside `n.s. adj.` is no contradiction, it answers another question, one comparison at a time.
 */
export const UNADJUSTED_BAYES_TEXT =
  'The Bayesian readout (chance to beat, expected loss, credible interval) is never adjusted for multiple ' +
  'comparisons: read it one comparison at a time.';

/** True when the analysis computed always-valid intervals (the `sequential` option). */
export function isSequential(report: ExperimentReport): boolean {
  return report.metrics.some((m) => m.variants.some((v) => v.comparison?.status === 'ok' && v.comparison.sequential));
}

/**
 * Why the reports leave the Bayesian readout out with sequential testing: it is a fixed-horizon answer,
 * right for one look at a planned size, and beside an always-valid interval it would read as a contradiction
 * (a 99% chance to beat next to "n.s.").
 */
export const SEQUENTIAL_BAYES_TEXT =
  'The Bayesian readout (chance to beat, expected loss, credible interval) is for a single look at a planned sample size, so with sequential testing it is not shown; it is in the JSON report.';

/** Why the reports leave the Bayesian readout out under a sample ratio mismatch. */
export const SRM_BAYES_TEXT =
  'The Bayesian readout is not shown: with a sample ratio mismatch no comparison can be trusted (it is in the JSON report).';

/** Why the reports leave the Bayesian readout out, or undefined when they print it. */
export function bayesHiddenText(report: ExperimentReport): string | undefined {
  if (report.srm.mismatch) return SRM_BAYES_TEXT;
  if (isSequential(report)) return SEQUENTIAL_BAYES_TEXT;
  return undefined;
}

/** The sentence that says the intervals are always-valid; empty when they are fixed-horizon. */
export function sequentialText(report: ExperimentReport): string {
  for (const m of report.metrics) {
    for (const v of m.variants) {
      const s = v.comparison?.status === 'ok' ? v.comparison.sequential : undefined;
      if (s !== undefined) {
        return (
          `Sequential testing: intervals and p-values are always-valid (${s.method}, tightest at ` +
          `${formatNumber(s.tuning)} units), so the results may be looked at every day; the fixed-horizon ones are in the JSON report.`
        );
      }
    }
  }
  return '';
}

/** One sentence on the metric's CUPED adjustment; empty when the analysis did not use CUPED. */
export function cupedText(result: MetricResult): string {
  const cuped = result.cuped;
  if (cuped === undefined) return '';
  const lookback = lookbackText(cuped.lookback);
  if (cuped.status === 'not adjusted') return `Not CUPED-adjusted: ${cuped.reason}.`;
  const perVariant = result.variants
    .map((row) => (row.cuped ? `${row.variant} ${formatPercent(row.cuped.varianceReduction, 1)}` : ''))
    .filter((s) => s !== '')
    .join(', ');
  return (
    `CUPED-adjusted: covariate = this metric over the ${lookback} before each unit's first exposure ` +
    `(${formatNumber(cuped.unitsWithPreExposureData)} units had such events), θ = ${formatNumber(cuped.theta)}; ` +
    `variance reduced by ${formatPercent(cuped.varianceReduction, 1)}${perVariant ? ` (${perVariant})` : ''}. ` +
    'Differences, intervals and p-values compare the adjusted means; values are unadjusted.'
  );
}

function lookbackText(ms: number): string {
  const day = 86_400_000;
  if (ms % day === 0) return formatDays(ms / day);
  const hour = 3_600_000;
  if (ms % hour === 0) return `${formatNumber(ms / hour)} hours`;
  return `${formatNumber(ms / 60_000)} minutes`;
}
