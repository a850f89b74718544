/**
 * The queue-wide pause after a retryable failure: until it ends nothing new
 * is sent (if one batch cannot get through, the ones behind it would not
 * either), and one timer wakes the delivery loop when it ends.
 */
import type { Scheduler } from '../io/scheduler.js';

/** Holds the end of the current backoff and the timer that ends it. */
export interface BackoffGate {
  /** Pauses sending for `delayMs` from now (a longer pause already running wins). */
  block(delayMs: number): void;
  /** Whether a backoff is running at `now`. */
  isBlocked(now: number): boolean;
  /** Makes sure `wake` runs when the backoff running at `now` ends. */
  wakeWhenOpen(now: number): void;
  /** Cancels the wake-up timer. */
  stop(): void;
}

/** Creates a gate; `wake` is called when a backoff that held batches back ends. */
export function createBackoffGate(scheduler: Scheduler, wake: () => void): BackoffGate {
  let blockedUntil = 0;
  let timer: unknown;
  let wakeAt = Infinity;
  return {
    block(delayMs) {
      blockedUntil = Math.max(blockedUntil, scheduler.now() + delayMs);
    },
    isBlocked: (now) => now < blockedUntil,
    wakeWhenOpen(now) {
      if (wakeAt <= blockedUntil && wakeAt > now) return;
      scheduler.clearTimeout(timer);
      wakeAt = blockedUntil;
      timer = scheduler.setTimeout(() => {
        wakeAt = Infinity;
        wake();
      }, blockedUntil - now);
    },
    stop() {
      scheduler.clearTimeout(timer);
      wakeAt = Infinity;
    },
  };
}
