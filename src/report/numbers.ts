/**
 * Numbers as the reports print them: counts, percentages, lifts, values,
 * differences, intervals, p-values, chances, days and times. Never an
 * exponent, and deterministic (no locale): the same report renders the same
 * everywhere.
 */
import type { MetricKind } from '../analysis/metric-definition.js';
import { plainDecimal } from '../analysis/plain-number.js';
import { isRateKind } from './kind-definitions.js';

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
export function sideDigits(abs: number, decimals: number): string {
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

/**
 * Thousands separators in the whole part of a percentage from five digits on: `+78,124,999,999,998.4%`
 * (`+1300` stays as it is).
 */
export function groupDigits(text: string): string {
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

/** Significance levels a p-value is read against (1 − confidence for the usual confidences). */
const P_LEVELS = [0.2, 0.1, 0.05, 0.01, 0.001, 0.0001];

/**
 * `text` for the p-value `p`, or more digits when `text` only rounds to a significance level (0.0499 or
 * 0.0501 as "0.050" would hide which side of it lies).
 */
export function clearOfLevels(p: number, text: string): string {
  let shown = text;
  for (let digits = 2; P_LEVELS.includes(Number(shown)) && Number(shown) !== p && digits <= 17; digits++)
    shown = String(Number(p.toPrecision(digits)));
  return shown;
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
