/**
 * The queue-wide pause after a retryable failure: until it ends nothing new
 * is sent (if one batch cannot get through, the ones behind it would not
 * either), and one timer wakes the delivery loop when it ends.
 */
import type { Scheduler } from '../io/scheduler.js';
import { createTimer } from './timer.js';

/** Holds the end of the current backoff and the timer that ends it. */
export interface BackoffGate {
  /** Pauses sending for `delayMs` from now (a longer pause already running wins). */
  _blockFor(delayMs: number): void;
  /** Whether a backoff is running at `now`. */
  _isBlocked(now: number): boolean;
  /** Makes sure `wake` runs when the backoff running at `now` ends. */
  _wakeWhenOpen(now: number): void;
  /** Cancels the wake-up timer. */
  _cancel(): void;
}

/** Creates a gate; `wake` is called when a backoff that held batches back ends. */
export function createBackoffGate(scheduler: Scheduler, wake: () => void): BackoffGate {
  let blockedUntil = 0;
  /** The time the gate last saw. The wall clock can jump back (timers do not): a `now` before it says it did. */
  let seen = 0;
  const timer = createTimer(scheduler, wake);
  // After a jump back the backoff keeps what was left of it when the gate last looked, rather than growing by
  // the jump (an hour back would hold every batch back for an hour): it moves back as far as the clock did.
  const rebase = (now: number): void => {
    if (now < seen) blockedUntil -= seen - now;
    seen = now;
  };
  return {
    _blockFor(delayMs) {
      const now = scheduler.now();
      rebase(now);
      blockedUntil = Math.max(blockedUntil, now + delayMs);
    },
    _isBlocked(now) {
      rebase(now);
      return now < blockedUntil;
    },
    _wakeWhenOpen(now) {
      // A wake-up already pending will do: it is due by the end of this backoff, as backoffs only ever grow,
      // and the wake calls this again if a longer backoff is still running then.
      if (!timer._pending) timer._schedule(blockedUntil - now);
    },
    _cancel: timer._cancel,
  };
}
