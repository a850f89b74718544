/**
 * Whether the source can still refresh the ruleset in use. An attempt that
 * fails (an error, a timeout, a refused ruleset, the stream down with polling
 * off) starts the clock; one that refreshes or confirms the ruleset (accepted,
 * a 304, a stream that opens) stops it. When the clock reaches `staleAfterMs`
 * the ruleset is stale, and subscribers hear that, and hear when it is fresh again.
 */
import { notifyListeners, type Delivery } from '../client/delivery.js';
import type { Reporter } from '../client/reporter.js';

/** The source's side of staleness. */
export interface Staleness {
  /** An attempt failed to refresh the ruleset in use. */
  missed(): void;
  /** The ruleset in use was refreshed or confirmed current. */
  refreshed(): void;
  /** Stops the clock (the source stopped). */
  stop(): void;
}

/** Tracks the staleness of `delivery`'s ruleset, telling its listeners of each change. */
export function trackStaleness(delivery: Delivery, reporter: Reporter, staleAfterMs: number): Staleness {
  const { scheduler } = delivery;
  let clock: unknown;
  let stopped = false;
  const set = (stale: boolean): void => {
    clock = undefined;
    if (stopped || !!delivery.stale === stale) return;
    delivery.stale = stale;
    notifyListeners(delivery, { gates: [], experiments: [], params: [], stale }, reporter);
  };
  return {
    missed() {
      if (clock === undefined && !stopped && !delivery.stale)
        clock = scheduler.setTimeout(() => set(true), staleAfterMs);
    },
    refreshed() {
      scheduler.clearTimeout(clock);
      set(false);
    },
    stop() {
      stopped = true;
      scheduler.clearTimeout(clock);
    },
  };
}
