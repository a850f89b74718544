/**
 * Checks the `cuped`, `sequential` and `timeline` analysis options and fills
 * their defaults (docs/analysis.md, "CUPED", "Sequential testing" and
 * "Effects over time").
 */
import type { AnalysisOptions } from './options.js';
import { DEFAULT_SEQUENTIAL_TUNING } from './stats/sequential.js';

/** Default CUPED lookback: 14 days before each unit's first exposure. */
export const DEFAULT_CUPED_LOOKBACK = 14 * 86_400_000;

type Fail = (path: string, message: string) => void;

/** `cuped: true | { lookback }` → `{ lookback }`; undefined when off. */
export function resolveCuped(value: unknown, fail: Fail): { lookback: number } | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return { lookback: DEFAULT_CUPED_LOOKBACK };
  if (typeof value !== 'object' || value === null) {
    fail('cuped', 'expected true, false or { lookback }');
    return undefined;
  }
  const lookback = (value as { lookback?: unknown }).lookback ?? DEFAULT_CUPED_LOOKBACK;
  if (!(typeof lookback === 'number' && Number.isSafeInteger(lookback) && lookback > 0)) {
    fail('cuped.lookback', 'expected a positive whole number of milliseconds');
    return undefined;
  }
  return { lookback };
}

/** `sequential: true | { tuning }` → `{ tuning }`; undefined when off. */
export function resolveSequential(value: unknown, fail: Fail): { tuning: number } | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return { tuning: DEFAULT_SEQUENTIAL_TUNING };
  if (typeof value !== 'object' || value === null) {
    fail('sequential', 'expected true, false or { tuning }');
    return undefined;
  }
  const tuning = (value as { tuning?: unknown }).tuning ?? DEFAULT_SEQUENTIAL_TUNING;
  if (!(typeof tuning === 'number' && Number.isFinite(tuning) && tuning >= 2)) {
    fail('sequential.tuning', 'expected a number of units, at least 2');
    return undefined;
  }
  return { tuning };
}

/** Days a timeline holds by default (docs/analysis.md, "Effects over time"). */
export const DEFAULT_TIMELINE_DAYS = 90;

/** `timeline: true | { maxDays }` → `{ maxDays }`; undefined when off. */
export function resolveTimeline(value: AnalysisOptions['timeline'], fail: Fail): { maxDays: number } | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return { maxDays: DEFAULT_TIMELINE_DAYS };
  const maxDays = typeof value === 'object' && value !== null ? (value.maxDays ?? DEFAULT_TIMELINE_DAYS) : undefined;
  if (!(Number.isInteger(maxDays) && (maxDays as number) >= 1 && (maxDays as number) <= 366)) {
    fail(typeof value === 'object' ? 'timeline.maxDays' : 'timeline', 'expected true, false or { maxDays: 1 to 366 }');
    return undefined;
  }
  return { maxDays: maxDays as number };
}
