/**
 * Words for the quantile, funnel, active-day and retention metric kinds, used
 * by format.ts (kept apart so it imports nothing from it).
 */
import type { MetricKind, ResolvedMetric } from '../analysis/metric-definition.js';
import { plainDecimal } from '../analysis/plain-number.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

/** Kinds whose per-variant value is a share of units or days, shown as a percentage (differences in pp). */
export function isRateKind(kind: MetricKind): boolean {
  return kind === 'conversion' || kind === 'funnel' || kind === 'retention' || kind === 'activeDays';
}

/** A window in the unit it was given in: `7 d`, `36 h`, `90 min`. */
export function formatDuration(ms: number): string {
  if (ms % DAY === 0) return `${ms / DAY} d`;
  if (ms % HOUR === 0) return `${ms / HOUR} h`;
  if (ms % MINUTE === 0) return `${ms / MINUTE} min`;
  return `${ms} ms`;
}

/** `P99`, `P99.9`, `P50`: the usual name of a quantile. */
export function quantileName(q: number): string {
  return `P${plainDecimal(q * 100, 6)}`;
}

/** How an added kind's per-unit value is computed, in one phrase; undefined for the other kinds. */
export function kindDefinition(metric: ResolvedMetric): string | undefined {
  switch (metric.kind) {
    case 'quantile': {
      const q = metric.quantile ?? 0;
      return (
        `${quantileName(q)} (type-1 quantile, q = ${plainDecimal(q, 15)}) of the values of every "${metric.event}" event of a variant's units ` +
        '(an event without a value counts 1), interval by the delta method over units (Deng, Knoblich & Yu 2018)'
      );
    }
    case 'funnel': {
      const steps = (metric.steps ?? []).map((s) => `"${s}"`).join(' → ');
      const window =
        metric.window === undefined
          ? 'with no time limit'
          : `within ${formatDuration(metric.window)} of first exposure`;
      return `share of units that tracked ${steps} in this order (each step at or after the one before) ${window}`;
    }
    case 'activeDays': {
      const days = Math.round((metric.window ?? 0) / DAY);
      return (
        `share of the first ${days} days after first exposure (day 0 = its first 24 h) with at least one "${metric.event}" event; ` +
        `only units whose ${days} days are complete are compared`
      );
    }
    case 'retention':
      return (
        `share of units that tracked "${metric.event}" on day ${metric.day} after first exposure (day 0 = its first 24 h); ` +
        `only units whose day ${metric.day} is complete are compared`
      );
    default:
      return undefined;
  }
}
