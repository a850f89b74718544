/**
 * Number and text formatting shared by the terminal and HTML reports.
 * Deterministic (no locale): the same report renders the same everywhere.
 */
import type { ComparisonResult, CorrectionMethod, GuardrailCheck, Outcome } from '../analysis/comparison-result.js';
import type { ExperimentReport, InvalidData, PowerHint, VerdictReason } from '../analysis/types.js';
import type { MetricKind, ResolvedMetric } from '../analysis/metric-definition.js';
import type { MetricMeasurement } from '../analysis/metric-result.js';
import { MAX_EVENT_VALUE } from '../analysis/validity.js';
import { plainDecimal } from '../analysis/plain-number.js';
import { P_VALUE_ADJUSTMENT_NAMES } from '../analysis/stats/multiple-comparisons.js';
import { isRateKind, kindDefinition } from './kind-definitions.js';

/** Shown where a number does not exist (no units, no comparison). */
export const NONE = '–';

/** `12345` → `12,345`; never an exponent (`1.2e21` → `1,200,000,000,000,000,000,000`). */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return NONE;
  const abs = Math.round(Math.abs(n));
  // Past 10¹⁵ a double's digits run out (and from 10²¹ String writes an exponent): 15 significant digits.
  const digits = abs < 1e15 ? String(abs) : plainDecimal(abs, 15);
  // U+2212, the minus sign every signed field uses (a negative that rounds to 0 has no sign).
  const sign = n < 0 && digits !== '0' ? '−' : '';
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A share or rate as a percentage: `0.0412` → `4.12%`; a negative one (a CUPED reduction) with `−`. */
export function formatPercent(x: number, decimals = 1): string {
  if (!Number.isFinite(x)) return NONE;
  return `${x < 0 ? '−' : ''}${groupDigits(sideDigits(Math.abs(x * 100), decimals))}%`;
}

/**
 * A confidence level (or power) exactly as given: `0.95` → `95%`, `0.999` → `99.9%`, `0.975` → `97.5%`, never
 * rounded to a whole percent (a 99.9% interval labelled "100%" would claim certainty).
 */
export function formatLevel(x: number): string {
  if (!Number.isFinite(x)) return NONE;
  // 12 significant digits drop the binary noise of x·100 (0.999 · 100 = 99.89999999999999) and keep any real digit.
  return `${x < 0 ? '−' : ''}${plainDecimal(Math.abs(x * 100), 12)}%`;
}

/**
 * `abs` with `decimals` digits, or more when that many would print a nonzero number as zero: an interval end
 * of +0.03% reads "+0.03%", not "+0.0%" (up to three more digits; past them the sign alone shows the side).
 */
function sideDigits(abs: number, decimals: number): string {
  // toFixed writes an exponent from 10²¹ on; there the decimals mean nothing anyway.
  if (abs >= 1e15) return plainDecimal(abs, 15);
  const text = abs.toFixed(decimals);
  for (let more = decimals + 1; abs > 0 && Number(text) === 0 && more <= decimals + 3; more++) {
    const longer = abs.toFixed(more);
    if (Number(longer) !== 0) return longer;
  }
  return text;
}

/** A relative change with its sign: `0.119` → `+11.9%`; an unbounded end is `+∞` or `−∞`. */
export function formatLift(x: number): string {
  if (x === Infinity) return '+∞';
  if (x === -Infinity) return '−∞';
  if (!Number.isFinite(x)) return NONE;
  return `${x > 0 ? '+' : x < 0 ? '−' : '±'}${groupDigits(sideDigits(Math.abs(x * 100), 1))}%`;
}

// Thousands separators in the whole part of a percentage from five digits on: `+78,124,999,999,998.4%`
// (`+1300` stays as it is).
function groupDigits(text: string): string {
  const [whole = '', fraction] = text.split('.');
  if (whole.length < 5) return text;
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** The smallest magnitude printed in digits; below it the bound `<0.000000000000001` (with the sign). */
const FLOOR = 1e-15;

/**
 * A number with 4 significant digits, never an exponent: `0.0000019`, `123.5`, `1,670,000,000,000` (whole
 * numbers from 1000 on); below 10⁻¹⁵ the bound `<0.000000000000001` (`−<0.000000000000001` for a negative);
 * negatives with `−` (U+2212).
 */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return NONE;
  const abs = Math.abs(x);
  if (abs === 0) return '0';
  if (abs < FLOOR) return `${x < 0 ? '−' : ''}<${plainDecimal(FLOOR, 1)}`;
  if (abs >= 1000) return formatCount(x);
  const text = plainDecimal(abs, 4);
  return x < 0 && text !== '0' ? `−${text}` : text;
}

/** A metric's per-variant value: a rate for conversions, a mean or ratio otherwise. */
export function formatValue(kind: MetricKind, x: number): string {
  return isRateKind(kind) ? formatPercent(x, 2) : formatNumber(x);
}

/** A signed difference in the metric's units (percentage points for conversions). */
export function formatDifference(kind: MetricKind, x: number): string {
  if (!Number.isFinite(x)) return NONE;
  const sign = x > 0 ? '+' : x < 0 ? '−' : '±';
  if (isRateKind(kind)) return `${sign}${sideDigits(Math.abs(x * 100), 2)} pp`;
  return `${sign}${formatNumber(Math.abs(x))}`;
}

/** An interval: `[−0.12, +0.86]` using `format` for both ends. */
export function formatInterval(ci: readonly [number, number], format: (x: number) => string): string {
  return `[${format(ci[0])}, ${format(ci[1])}]`;
}

/** The smallest p-value printed as a number; below it the reports print the bound `<0.0001`. */
export const P_FLOOR = 0.0001;

/**
 * A p-value: `0.049`, `0.0093`, `0.00034`, and `<0.0001` below that (never an exponent: the digits of a
 * p-value that small depend on the tails of an approximation, not on the data).
 */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return NONE;
  if (p >= 0.01) return clearOfLevels(p, p.toFixed(3));
  if (p >= 0.001) return clearOfLevels(p, p.toFixed(4).replace(/0$/, ''));
  if (p >= P_FLOOR) return clearOfLevels(p, String(Number(p.toPrecision(2))));
  return `<${P_FLOOR.toFixed(4)}`;
}

/** `p = 0.012`, or `p < 0.0001` for a p-value below `P_FLOOR`. */
export function pText(p: number, name = 'p'): string {
  const text = formatP(p);
  return text.startsWith('<') ? `${name} < ${text.slice(1)}` : `${name} = ${text}`;
}

/**
 * The sample ratio test in words: `χ² = 18.18, p < 0.0001`, or, where a variant expects fewer than 5 units,
 * `χ² = 16.16; a variant expects 1 unit, too few for the chi-square test: exact binomial p = 0.0034`.
 */
export function srmTestText(srm: { chiSquare: number; pValue: number; exact?: { minExpected: number } }): string {
  const chi = `χ² = ${formatNumber(srm.chiSquare)}`;
  if (srm.exact === undefined) return `${chi}, ${pText(srm.pValue)}`;
  const expected = formatNumber(srm.exact.minExpected);
  return `${chi}; a variant expects ${expected} unit${expected === '1' ? '' : 's'}, too few for the chi-square test: exact binomial ${pText(srm.pValue)}`;
}

/** Significance levels a p-value is read against (1 − confidence for the usual confidences). */
const P_LEVELS = [0.2, 0.1, 0.05, 0.01, 0.001, 0.0001];

// A p-value that only rounds to a level (0.0499 or 0.0501 as "0.050") would hide which side of it lies:
// such a value gets the digits that show it.
function clearOfLevels(p: number, text: string): string {
  let shown = text;
  for (let digits = 2; P_LEVELS.includes(Number(shown)) && Number(shown) !== p && digits <= 17; digits++)
    shown = String(Number(p.toPrecision(digits)));
  return shown;
}

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
  return `${formatLift(c.relativeLift)} [${end(c.relativeCi[0], 'low')}, ${end(c.relativeCi[1], 'high')}]`;
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
  const effect = `a ${formatPercent(hint.minDetectableEffect, 1)} relative change with ${formatLevel(hint.power)} power`;
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

/** Whole days, rounded up, or "less than a day". */
export function formatDays(days: number): string {
  if (!Number.isFinite(days)) return 'an unknown number of days';
  if (days < 1) return 'less than a day';
  const whole = Math.ceil(days);
  return `${formatCount(whole)} day${whole === 1 ? '' : 's'}`;
}

/** An epoch-ms time as `YYYY-MM-DD HH:MM` UTC. */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
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
  const relativeCi = c.sequential?.relativeCi ?? c.relativeCi;
  if (Number.isFinite(relativeCi[0]) || Number.isFinite(relativeCi[1])) return formatLift(reason.relativeLift);
  const kind = result.metric.kind;
  const ci = c.sequential?.ci ?? c.ci;
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

/** The Bayesian readout in one phrase: `96.4% chance to beat control · expected loss 0.02 pp · 95% credible [−0.2 pp, +5.8 pp]`. */
export function bayesText(kind: MetricKind, c: ComparisonResult, control: string, confidence: number): string {
  const loss = formatLoss(kind, c.expectedLoss);
  const interval = formatInterval(c.credibleInterval, (x) => formatDifference(kind, x));
  return `${formatChance(c.chanceToBeat)} chance to beat ${control} · expected loss ${loss} · ${formatLevel(confidence)} credible ${interval}`;
}

/**
 * A chance to beat, never rounded into certainty: `0.99997` reads `>99.9%`, not `100.0%` (and `0.00003`
 * reads `<0.1%`); a posterior from finite data is never certain.
 */
export function formatChance(x: number): string {
  if (!Number.isFinite(x)) return NONE;
  if (x >= 0.9995) return '>99.9%';
  if (x <= 0.0005) return '<0.1%';
  return formatPercent(x, 1);
}

/** An expected loss: percentage points with 3 decimals for rates (`<0.001 pp` rather than a rounded 0), else the number. */
export function formatLoss(kind: MetricKind, loss: number): string {
  if (!isRateKind(kind)) return formatNumber(loss);
  if (loss > 0 && loss * 100 < 0.0005) return '<0.001 pp';
  return `${(loss * 100).toFixed(3)} pp`;
}
