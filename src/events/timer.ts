/**
 * A one-shot timer that can be started again: the pipeline's flush
 * interval, its wake-up after a backoff and its throttled storage writes
 * all follow this pattern.
 */
import type { Scheduler } from '../io/scheduler.js';

/** A timer that calls its function once per scheduling, unless cancelled first. */
export interface Timer {
  /** Scheduled and not yet fired or cancelled. */
  readonly _pending: boolean;
  /** Fires in `ms`; a pending firing is cancelled first. */
  _schedule(ms: number): void;
  /** Cancels the coming firing, if any. */
  _cancel(): void;
}

/** Creates an idle timer that calls `fire`. */
export function createTimer(scheduler: Scheduler, fire: () => void): Timer {
  let handle: unknown;
  let pending = false;
  const cancel = (): void => {
    if (pending) scheduler.clearTimeout(handle);
    pending = false;
  };
  return {
    get _pending() {
      return pending;
    },
    _schedule(ms) {
      cancel();
      pending = true;
      handle = scheduler.setTimeout(() => {
        pending = false;
        fire();
      }, ms);
    },
    _cancel: cancel,
  };
}
