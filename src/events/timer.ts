/**
 * A one-shot timer that can be started again: the pipeline's flush
 * interval, its wake-up after a backoff and its throttled storage writes
 * all follow this pattern.
 */
import type { Scheduler } from '../io/scheduler.js';

/**
 * A timer that calls its function once per arming, unless disarmed first.
 * (Not start/stop/pending: platform names, which the build cannot shorten.)
 */
export interface Timer {
  /** Armed and not yet fired or disarmed. */
  readonly armed: boolean;
  /** Fires in `ms`; an armed timer is disarmed first. */
  arm(ms: number): void;
  /** Cancels the coming firing, if any. */
  disarm(): void;
}

/** Creates a disarmed timer that calls `fire`. */
export function createTimer(scheduler: Scheduler, fire: () => void): Timer {
  let handle: unknown;
  let armed = false;
  const disarm = (): void => {
    if (armed) scheduler.clearTimeout(handle);
    armed = false;
  };
  return {
    get armed() {
      return armed;
    },
    arm(ms) {
      disarm();
      armed = true;
      handle = scheduler.setTimeout(() => {
        armed = false;
        fire();
      }, ms);
    },
    disarm,
  };
}
