/**
 * A synchronous sender for the moment the page hides: `navigator.sendBeacon`
 * (queued by the browser, delivered even after the page is gone), falling
 * back to a `keepalive` fetch where beacons are missing or throw.
 * Neither reports delivery, so the pipeline keeps the events in storage and
 * the collector drops the repeat when the next page load resends them.
 */
import type { EventBatch } from '../events/types.js';
import { quietly } from '../io/quietly.js';

/** Options of {@link createBeaconSender}. */
export interface BeaconSenderOptions {
  /** The collector endpoint. */
  url: string;
  /** Default: the global `navigator`. */
  navigator?: Navigator;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
}

/** Creates a sender that returns true when the browser took the batch for delivery. */
export function createBeaconSender(options: BeaconSenderOptions): (batch: EventBatch) => boolean {
  /** Bytes of this sender's `keepalive` fetches not yet settled: the browser refuses those past 64 KiB in all. */
  let inFlight = 0;
  // Whatever throws (a batch JSON cannot encode, no fetch at all) means the batch was not taken.
  return (batch) =>
    quietly(() => {
      const body = JSON.stringify(batch);
      const navigator = options.navigator ?? (globalThis as { navigator?: Navigator }).navigator;
      // A Blob carries the JSON content type (a cross-origin collector answers the CORS preflight).
      // Some browsers throw for some bodies: the fetch below is the fallback. A `false` is the browser's
      // quota for unload requests (64 KiB in all), which `keepalive` fetches share: they would fail too,
      // so the batch stays with the pipeline, queued and stored.
      const taken = quietly(() => navigator?.sendBeacon?.(options.url, new Blob([body], { type: 'application/json' })));
      if (taken !== undefined) return taken;
      // The browser would refuse this one (its promise rejects later, too late to say so): a `false` keeps the
      // batch queued, as for a beacon the browser refuses.
      const size = new Blob([body]).size;
      if (inFlight + size > 64 * 1024) return false;
      // The global fetch is looked up now, so interceptors installed after creation apply.
      (options.fetch ?? fetch)(options.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
        keepalive: true,
      })
        .catch(() => {
          // Nobody is left to tell; the events are still in storage.
        })
        .then(() => {
          inFlight -= size;
        });
      inFlight += size;
      return true;
    }, false);
}
