/**
 * What the analysis accepts from stored data it did not write: times that
 * are finite, not in the future and inside the analysis bounds, and event
 * values that are absent (an event without a value counts 1) or finite
 * numbers of a sane magnitude. Anything else is counted and left out, never
 * coerced: a `value` of 1e200 would overflow the variance, and an exposure
 * dated in the year 3000 would stretch the enrollment window by a millennium.
 */
import type { InvalidData } from './types.js';
import { MAX_ABS_VALUE } from '../events/limits.js';

/**
 * Largest |value| of a metric event the analysis uses. Beyond it, sums of
 * squares over millions of units risk overflowing to Infinity; real revenue,
 * latencies and counts are far below it (1e15 is a quadrillion). The protocol's own limit, so what a
 * collector accepts is what the analysis uses.
 */
export const MAX_EVENT_VALUE = MAX_ABS_VALUE;

/** How far in the future (ms) a time may lie, for clocks that run a little fast. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** The time bounds an exposure or event must meet. */
export interface TimeBounds {
  from: number | undefined;
  to: number | undefined;
  now: number;
}

/** Zeroed counters. */
export function emptyInvalidData(): InvalidData {
  return {
    events: { badTime: 0, futureTime: 0, outsideWindow: 0, nonNumberValue: 0, nonFiniteValue: 0, outOfRangeValue: 0 },
    exposures: { badTime: 0, futureTime: 0, outsideWindow: 0 },
  };
}

/** Why a time is unusable, or undefined when it is fine. */
export function timeProblem(time: unknown, bounds: TimeBounds): 'badTime' | 'futureTime' | 'outsideWindow' | undefined {
  if (typeof time !== 'number' || !Number.isFinite(time)) return 'badTime';
  if (time > bounds.now + CLOCK_SKEW_MS) return 'futureTime';
  if ((bounds.from !== undefined && time < bounds.from) || (bounds.to !== undefined && time > bounds.to))
    return 'outsideWindow';
  return undefined;
}

/** Why an event's value is unusable, or undefined when it is fine (absent counts as 1). */
export function valueProblem(value: unknown): 'nonNumberValue' | 'nonFiniteValue' | 'outOfRangeValue' | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number') return 'nonNumberValue';
  if (!Number.isFinite(value)) return 'nonFiniteValue';
  return Math.abs(value) > MAX_EVENT_VALUE ? 'outOfRangeValue' : undefined;
}
