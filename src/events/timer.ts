/**
 * A one-shot timer that can be started again: the pipeline's flush
 * interval, its wake-up after a backoff and its throttled storage writes
 * all follow this pattern.
 */
import type { Scheduler } from '../io/scheduler.js';

/** A timer that calls its function once per start, unless stopped first. */
export interface Timer {
  /** Started and not yet fired or stopped. */
  readonly pending: boolean;
  /** Fires in `ms`; a pending timer is stopped first. */
  start(ms: number): void;
  /** Cancels the pending firing, if any. */
  stop(): void;
}

/** Creates a stopped timer that calls `fire`. */
export function createTimer(scheduler: Scheduler, fire: () => void): Timer {
  let handle: unknown;
  let pending = false;
  const stop = (): void => {
    if (pending) scheduler.clearTimeout(handle);
    pending = false;
  };
  return {
    get pending() {
      return pending;
    },
    start(ms) {
      stop();
      pending = true;
      handle = scheduler.setTimeout(() => {
        pending = false;
        fire();
      }, ms);
    },
    stop,
  };
}
