/**
 * A comparison as the cells of a metric row show it, in both reports: the
 * difference and lift with their intervals, the p-value with the adjusted
 * one, the result label (or `untrusted` under a sample ratio mismatch) and
 * the Bayesian readout.
 */
import type { ComparisonResult, Outcome } from '../analysis/comparison-result.js';
import type { MetricKind } from '../analysis/metric-definition.js';
import { isRateKind } from './kind-definitions.js';
import {
  clearOfLevels,
  formatChance,
  formatDifference,
  formatInterval,
  formatLevel,
  formatLift,
  formatLoss,
  formatP,
  groupDigits,
  sideDigits,
} from './numbers.js';

/** The result label of a comparison under a sample ratio mismatch, in place of ▲/▼ and n.s. */
export const UNTRUSTED_LABEL = 'untrusted';

/** What the reports say under a sample ratio mismatch, in place of the legend of ▲/▼. */
export const UNTRUSTED_TEXT =
  'untrusted: sample ratio mismatch, so no row is marked significant or not; the numbers are what the data would say if the split were right.';

/** A guardrail's state under a sample ratio mismatch, in place of HURT, PASS or FAIL. */
export const UNTRUSTED_GUARDRAIL = 'untrusted (sample ratio mismatch)';

/** The outcome the reports colour a comparison by: none (`neutral`) when it cannot be trusted. */
export function shownOutcome(c: ComparisonResult): Outcome {
  return c.untrusted !== undefined ? 'neutral' : c.outcome;
}

/** Words for an outcome or a missing comparison. */
export function outcomeLabel(outcome: Outcome): string {
  return outcome === 'better' ? '▲ better' : outcome === 'worse' ? '▼ worse' : 'not significant';
}

/** Interval of the difference in the metric's units. */
export function formatDifferenceCi(kind: MetricKind, c: ComparisonResult): string {
  return formatInterval(c.ci, (x) => formatDifference(kind, x));
}

/** The difference and its interval in one cell, the unit once and the ends to 3 digits: `+2.79 pp [−0.26, +5.84]`. */
export function formatDifferenceWithCi(kind: MetricKind, c: ComparisonResult): string {
  const short = (x: number) =>
    isRateKind(kind) || !Number.isFinite(x) || Math.abs(x) >= 1000 ? x : Number(x.toPrecision(3));
  const end = (x: number) => formatDifference(kind, short(x)).replace(/ pp$/, '');
  return `${formatDifference(kind, c.difference)} ${formatInterval(c.ci, end)}`;
}

/** What the lift cells say when the relative interval is unbounded on both sides. */
export const UNDEFINED_LIFT = 'undefined (control ≈ 0)';

/**
 * The point lift, or `UNDEFINED_LIFT` when its interval is unbounded on both sides: the control is
 * indistinguishable from 0, and a relative change from such a base means nothing (docs/statistics.md), so
 * printing one (+2300.0%) would show a number the report cannot stand behind.
 */
export function formatShownLift(lift: number, relativeCi: readonly [number, number]): string {
  return liftUndefined(relativeCi) ? UNDEFINED_LIFT : formatLift(lift);
}

/** Whether a relative interval is unbounded on both sides: the lift beside it is undefined (no point to print or plot). */
export function liftUndefined(relativeCi: readonly [number, number]): boolean {
  return !Number.isFinite(relativeCi[0]) && !Number.isFinite(relativeCi[1]);
}

/**
 * The lift and its interval in one cell: `+29.5% [−4.5, +63.5]`; ends beyond ±100% without decimals, rounded
 * outward (a lower end down, an upper end up) so the printed interval is never narrower than the computed one.
 */
export function formatLiftWithCi(c: ComparisonResult): string {
  const end = (x: number, side: 'low' | 'high') => {
    if (!(Math.abs(x) >= 1 && Number.isFinite(x))) return formatLift(x).replace(/%$/, '');
    const percent = side === 'low' ? Math.floor(x * 100) : Math.ceil(x * 100);
    return `${percent > 0 ? '+' : '−'}${groupDigits(sideDigits(Math.abs(percent), 0))}`;
  };
  return `${formatShownLift(c.relativeLift, c.relativeCi)} [${end(c.relativeCi[0], 'low')}, ${end(c.relativeCi[1], 'high')}]`;
}

/** The p-value, with the adjusted one in brackets when a correction changed it: `0.0087 (0.21)`. */
export function formatPAdjusted(c: ComparisonResult): string {
  if (c.adjustedPValue === c.pValue) return formatP(c.pValue);
  // Two digits are enough for the adjusted value and keep the column narrow.
  const adjusted =
    c.adjustedPValue >= 0.001
      ? clearOfLevels(c.adjustedPValue, String(Number(c.adjustedPValue.toPrecision(2))))
      : formatP(c.adjustedPValue);
  return `${formatP(c.pValue)} (${adjusted})`;
}

/**
 * Short result label: `▲ better`, `▼ worse`, `n.s.`, or `n.s. adj.` when only the unadjusted p-value was
 * significant; `untrusted` under a sample ratio mismatch, whatever the p-value.
 */
export function resultLabel(c: ComparisonResult): string {
  if (c.untrusted !== undefined) return UNTRUSTED_LABEL;
  if (c.outcome !== 'neutral') return outcomeLabel(c.outcome);
  return c.significant ? 'n.s. adj.' : 'n.s.';
}

/** The Bayesian readout in one phrase: `96.4% chance to beat control · expected loss 0.02 pp · 95% credible [−0.2 pp, +5.8 pp]`. */
export function bayesText(kind: MetricKind, c: ComparisonResult, control: string, confidence: number): string {
  const loss = formatLoss(kind, c.expectedLoss);
  const interval = formatInterval(c.credibleInterval, (x) => formatDifference(kind, x));
  return `${formatChance(c.chanceToBeat)} chance to beat ${control} · expected loss ${loss} · ${formatLevel(confidence)} credible ${interval}`;
}
