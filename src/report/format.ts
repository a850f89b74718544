/**
 * Number and text formatting shared by the terminal and HTML reports.
 * Deterministic (no locale): the same report renders the same everywhere.
 */
import type { ComparisonResult, MetricKind, Outcome, PowerHint, ResolvedMetric } from '../analysis/types.js';

/** Shown where a number does not exist (no units, no comparison). */
export const NONE = '–';

/** `12345` → `12,345`. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return NONE;
  const sign = n < 0 ? '-' : '';
  const digits = String(Math.round(Math.abs(n)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A share or rate as a percentage: `0.0412` → `4.12%`. */
export function formatPercent(x: number, decimals = 1): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(decimals)}%` : NONE;
}

/** A relative change with its sign: `0.119` → `+11.9%`. */
export function formatLift(x: number): string {
  if (!Number.isFinite(x)) return NONE;
  return `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x * 100).toFixed(1)}%`;
}

/** A number with 4 significant digits, no exponent for everyday magnitudes. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return NONE;
  const abs = Math.abs(x);
  if (abs !== 0 && (abs >= 1e9 || abs < 1e-4)) return x.toExponential(2);
  if (abs >= 1000) return formatCount(x);
  return String(Number(x.toPrecision(4)));
}

/** A metric's per-variant value: a rate for conversions, a mean or ratio otherwise. */
export function formatValue(kind: MetricKind, x: number): string {
  return kind === 'conversion' ? formatPercent(x, 2) : formatNumber(x);
}

/** A signed difference in the metric's units (percentage points for conversions). */
export function formatDifference(kind: MetricKind, x: number): string {
  if (!Number.isFinite(x)) return NONE;
  const sign = x > 0 ? '+' : x < 0 ? '−' : '±';
  return kind === 'conversion' ? `${sign}${Math.abs(x * 100).toFixed(2)} pp` : `${sign}${formatNumber(Math.abs(x))}`;
}

/** An interval: `[−0.12, +0.86]` using `format` for both ends. */
export function formatInterval(ci: readonly [number, number], format: (x: number) => string): string {
  return `[${format(ci[0])}, ${format(ci[1])}]`;
}

/** A p-value: `0.049`, `0.0093`, and scientific below 0.001 (`3.1e-6`). */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return NONE;
  if (p >= 0.01) return p.toFixed(3);
  if (p >= 0.001) return p.toFixed(4).replace(/0$/, '');
  return p < 1e-300 ? '<1e-300' : p.toExponential(1);
}

/** Words for an outcome or a missing comparison. */
export function outcomeLabel(outcome: Outcome): string {
  return outcome === 'better' ? '▲ better' : outcome === 'worse' ? '▼ worse' : 'not significant';
}

/** Interval of the difference in the metric's units. */
export function formatDifferenceCi(kind: MetricKind, c: ComparisonResult): string {
  return formatInterval(c.ci, (x) => formatDifference(kind, x));
}

/** The power hint as one sentence. */
export function powerSentence(hint: PowerHint): string {
  if (hint.status !== 'ok') return `${hint.metric}: no power estimate (${hint.reason}).`;
  const effect = `a ${formatPercent(hint.minDetectableEffect, 1)} relative change with ${formatPercent(hint.power, 0)} power`;
  const need = `${formatCount(hint.requiredPerGroup)} units per group are needed to detect ${effect}`;
  if (hint.additionalPerGroup === 0) return `${hint.metric}: ${need}; every group has enough (${formatCount(hint.currentPerGroup)} in the smallest).`;
  const more = `${formatCount(hint.additionalPerGroup)} more in the smallest group`;
  if (hint.additionalDays === undefined || hint.unitsPerDay === undefined) return `${hint.metric}: ${need}; ${more} (enrollment rate unknown).`;
  const days = formatDays(hint.additionalDays);
  return `${hint.metric}: ${need}; ${more}, roughly ${days} more at ${formatCount(hint.unitsPerDay)} new units per day.`;
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
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}
