/**
 * The sentences both reports print: the sample ratio test, each metric's
 * definition and caps, guardrail states, the power hint, verdict reasons,
 * correction methods and the invalid stored data left out.
 */
import type { CorrectionMethod, GuardrailCheck } from '../analysis/comparison-result.js';
import type {
  EventCounts,
  ExperimentReport,
  InvalidData,
  PowerHint,
  SkippedLineReason,
  SkippedLines,
  VerdictReason,
} from '../analysis/types.js';
import type { MetricKind, ResolvedMetric } from '../analysis/metric-definition.js';
import type { MetricMeasurement } from '../analysis/metric-result.js';
import { MAX_EVENT_VALUE } from '../analysis/validity.js';
import { P_VALUE_ADJUSTMENT_NAMES } from '../analysis/stats/multiple-comparisons.js';
import { kindDefinition } from './kind-definitions.js';
import { liftUndefined } from './comparison-cells.js';
import { shownComparison } from './methods-text.js';
import {
  formatCount,
  formatDays,
  formatDifference,
  formatInterval,
  formatLevel,
  formatLift,
  formatNumber,
  formatPercent,
  formatTime,
  pText,
} from './numbers.js';

/**
 * The sample ratio test in words: `χ² = 18.18, p < 0.0001`, or, where a variant expects fewer than 5 units,
 * `χ² = 16.16; a variant expects 1 unit, too few for the chi-square test: exact binomial p = 0.0034`.
 */
export function srmTestText(srm: { chiSquare: number; pValue: number; exact?: { minExpected: number } }): string {
  // An infinite χ² (null once written as JSON): units in a variant whose planned share is 0.
  if (srm.chiSquare === Infinity || (srm.chiSquare === null && srm.pValue === 0))
    return `units in a variant planned to get none (weight 0), ${pText(srm.pValue)}`;
  const chi = `χ² = ${formatNumber(srm.chiSquare)}`;
  if (srm.exact === undefined) return `${chi}, ${pText(srm.pValue)}`;
  const expected = formatNumber(srm.exact.minExpected);
  return `${chi}; a variant expects ${expected} unit${expected === '1' ? '' : 's'}, too few for the chi-square test: exact binomial ${pText(srm.pValue)}`;
}

/** How the metric is computed per unit and which events count, in one sentence. */
export function definitionText(metric: ResolvedMetric, measurement: MetricMeasurement | undefined): string {
  const part = (p: ResolvedMetric['numerator']) =>
    p?.aggregate === 'count' ? `number of "${p.event}" events` : `sum of "${p?.event ?? ''}" values`;
  const per =
    kindDefinition(metric) ??
    (metric.kind === 'conversion'
      ? `share of units that tracked "${metric.event}" at least once`
      : metric.kind === 'count'
        ? `mean per unit of the number of "${metric.event}" events`
        : metric.kind === 'sum'
          ? `mean per unit of the sum of "${metric.event}" values (an event without a value counts 1)`
          : `${part(metric.numerator)} ÷ ${part(metric.denominator)}, summed over units`);
  const window = measurement?.window ?? {};
  const end = window.to !== undefined ? ` to ${formatTime(window.to)}` : ' to the last event stored';
  const start = window.from !== undefined ? ` (exposures from ${formatTime(window.from)})` : '';
  return `${per}; events from each unit's first exposure${end}${start}`;
}

/** The caps applied to a metric and what the comparison reads without them; empty when not capped. */
export function capsText(kind: MetricKind, measurement: MetricMeasurement | undefined): string {
  const caps = measurement?.caps;
  if (caps === undefined) return '';
  const side = (name: string, cap: { quantile: number; value: number; units: number } | undefined) =>
    cap === undefined
      ? []
      : [
          `${name} at the ${formatPercent(cap.quantile, 1)} quantile = ${formatNumber(cap.value)} (${formatCount(cap.units)} unit${cap.units === 1 ? '' : 's'})`,
        ];
  const applied = [...side('raised', caps.lower), ...side('capped', caps.upper)].join(', ');
  const uncapped = caps.uncapped
    .map(
      (u) => `${u.variant} ${formatDifference(kind, u.difference)} (${formatLift(u.relativeLift)}, ${pText(u.pValue)})`,
    )
    .join(', ');
  return `per-unit values winsorized: ${applied}${uncapped ? `; without the caps: ${uncapped}` : ''}`;
}

/** A guardrail's state in words, with what its interval rules out. */
export function guardrailText(check: GuardrailCheck, confidence: number): string {
  const level = formatLevel(confidence);
  const rulesOut =
    check.harmBound <= 0
      ? `the ${level} interval rules out any harm`
      : Number.isFinite(check.harmBound)
        ? `no harm larger than ${formatLift(check.harmBound)} at ${level}`
        : `the data rule out no amount of harm at ${level}`;
  const margin = check.margin === undefined ? 'no margin set' : `margin ${formatLift(check.margin)}`;
  const state = { hurt: 'HURT', pass: 'PASS', fail: 'FAIL', 'no significant harm': 'no significant harm' }[
    check.status
  ];
  return `${state}: ${rulesOut} (${margin})`;
}

/** The power hint as one sentence. */
export function powerSentence(hint: PowerHint): string {
  if (hint.status !== 'ok') return `${hint.metric}: no power estimate (${hint.reason}).`;
  const level = hint.adjustedFor
    ? ` at a ${Number((hint.adjustedFor.alpha * 100).toPrecision(2))}% level (${formatLevel(hint.adjustedFor.alpha * hint.adjustedFor.comparisons)} over ${formatCount(hint.adjustedFor.comparisons)} corrected primary comparisons)`
    : '';
  const effect = `a ${formatPercent(hint.minDetectableEffect, 1)} relative change with ${formatLevel(hint.power)} power${level}`;
  const need = `${formatCount(hint.requiredPerGroup)} units per group are needed to detect ${effect}`;
  const counted = hint.countedUnits;
  const which = counted
    ? `counting only units whose days are complete: ${formatCount(counted.eligible)} of ${formatCount(counted.enrolled)} enrolled`
    : '';
  if (hint.additionalPerGroup === 0)
    return `${hint.metric}: ${need}; every group has enough (${formatCount(hint.currentPerGroup)} in the smallest${which ? `, ${which}` : ''}).`;
  const more = `${formatCount(hint.additionalPerGroup)} more in the smallest group${which ? ` (${which})` : ''}`;
  if (hint.additionalDays === undefined || hint.unitsPerDay === undefined)
    return `${hint.metric}: ${need}; ${more} (enrollment rate unknown).`;
  const days = formatDays(hint.additionalDays);
  const wait = counted ? `, including ${formatDays(counted.waitDays)} for a new unit's days to complete` : '';
  return `${hint.metric}: ${need}; ${more}, roughly ${days} more at ${formatCount(hint.unitsPerDay)} new units per day${wait}.`;
}

/** A verdict reason in plain words. */
export function reasonText(reason: VerdictReason): string {
  return reasonWords(reason);
}

/**
 * A verdict reason as the reports print it: a significant change whose relative interval is everything
 * ((−∞, +∞): control indistinguishable from 0, docs/statistics.md "The one exception") is quoted as its
 * absolute difference and interval, since such a lift has no meaning.
 */
export function reportReasonText(reason: VerdictReason, report: ExperimentReport): string {
  return reasonWords(reason, report);
}

function reasonWords(reason: VerdictReason, report?: ExperimentReport): string {
  switch (reason.kind) {
    case 'sample ratio mismatch': {
      const p = reason.pValue === undefined ? 'p = ?' : pText(reason.pValue);
      return `sample ratio mismatch (${p} < ${reason.threshold}): units are not split as the weights say, so no comparison can be trusted`;
    }
    case 'significantly worse':
    case 'significantly better': {
      const adjusted = reason.adjustedPValue !== reason.pValue ? `, ${pText(reason.adjustedPValue, 'adjusted p')}` : '';
      const numbers = `${effectText(reason, report)}, ${pText(reason.pValue)}${adjusted}`;
      return `${reason.role} metric ${reason.metric} is ${reason.kind} in ${reason.variant} (${numbers})`;
    }
    case 'guardrail margin not met':
      return `guardrail ${reason.metric} in ${reason.variant}: ${harmText(reason.harmBound)}, which does not meet its margin of ${formatLift(reason.margin)}`;
    case 'not enough data':
      return `${reason.role} metric ${reason.metric} has not enough data in ${reason.variant}: ${reason.reason}`;
    case 'no primary metric':
      return 'no primary metric was defined';
    case 'no significant change':
      return `no primary metric moved significantly in ${reason.variant}`;
  }
}

// The relative lift, or the absolute difference when the relative interval is unbounded on both sides.
function effectText(reason: { metric: string; variant: string; relativeLift: number }, report?: ExperimentReport) {
  const result = report?.metrics.find((m) => m.metric.key === reason.metric);
  const c = result?.variants.find((v) => v.variant === reason.variant)?.comparison;
  if (result === undefined || c?.status !== 'ok') return formatLift(reason.relativeLift);
  const { relativeCi, ci } = shownComparison(c);
  if (!liftUndefined(relativeCi)) return formatLift(reason.relativeLift);
  const kind = result.metric.kind;
  return `${formatDifference(kind, c.difference)} ${formatInterval(ci, (x) => formatDifference(kind, x))}; relative lift undefined, control is indistinguishable from 0`;
}

/** What a failed guardrail leaves open, e.g. `harm up to +4.1% is not ruled out`. */
export function harmText(harmBound: number): string {
  if (!Number.isFinite(harmBound)) return 'no amount of harm is ruled out';
  return `harm up to ${formatLift(harmBound)} is not ruled out`;
}

/** A correction method's name in words. */
export function methodName(method: CorrectionMethod): string {
  return P_VALUE_ADJUSTMENT_NAMES[method];
}

/** Invalid stored data left out, e.g. `1 exposure dated in the future · 2 events with a non-number value`; '' when none. */
export function invalidText(invalid: InvalidData): string {
  const words: Record<string, string> = {
    badTime: 'with no valid time',
    futureTime: 'dated in the future',
    outsideWindow: 'outside the analysis bounds',
    nonNumberValue: 'with a non-number value',
    nonFiniteValue: 'with a NaN or infinite value',
    outOfRangeValue: `with a value beyond ±${formatCount(MAX_EVENT_VALUE)}`,
  };
  const part = (counts: Record<string, number>, noun: string) =>
    Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([problem, n]) => `${formatCount(n)} ${noun}${n === 1 ? '' : 's'} ${words[problem] ?? problem}`);
  return [...part(invalid.exposures, 'exposure'), ...part(invalid.events, 'event')].join(' · ');
}

/**
 * Lines of the log that are not events, skipped: `2 lines of the log are not events and were skipped
 * (1 not JSON, 1 without an event id), first at lines 2 and 9`; '' when none (or not checked).
 */
export function skippedLinesText(skipped: SkippedLines | undefined): string {
  if (skipped === undefined || skipped.count === 0) return '';
  const words: Record<SkippedLineReason, string> = {
    notJson: 'not JSON',
    notObject: 'JSON but not an object',
    noId: 'without an event id',
  };
  const reasons = (Object.keys(words) as SkippedLineReason[])
    .filter((reason) => skipped.reasons[reason] > 0)
    .map((reason) => `${formatCount(skipped.reasons[reason])} ${words[reason]}`);
  const lines = skipped.first.map((f) => formatCount(f.line));
  const where =
    lines.length === 0
      ? ''
      : `, first at line${lines.length === 1 ? '' : 's'} ${
          lines.length === 1 ? lines[0] : `${lines.slice(0, -1).join(', ')} and ${lines[lines.length - 1]}`
        }`;
  const one = skipped.count === 1;
  return `${formatCount(skipped.count)} line${one ? '' : 's'} of the log ${one ? 'is' : 'are'} not ${one ? 'an event' : 'events'} and ${one ? 'was' : 'were'} skipped (${reasons.join(', ')})${where}`;
}

/**
 * Events before exposure, with where they fell when there are any: `100 before exposure (control 0, green 100)`.
 * Piled up in one arm they are events that arm lost (clock skew, a late exposure), which reads as an effect.
 */
export function beforeExposureText(events: EventCounts, variants: readonly { key: string }[]): string {
  const total = `${formatCount(events.beforeExposure)} before exposure`;
  const byVariant = events.beforeExposureByVariant;
  if (events.beforeExposure === 0 || byVariant === undefined) return total;
  return `${total} (${variants.map((v, i) => `${v.key} ${formatCount(byVariant[i] ?? 0)}`).join(', ')})`;
}
