/**
 * `useSplitkitStatus()`: where the ruleset in use came from and whether the
 * client has heard from its source, so a page can show a loading state
 * instead of the defaults a first visit would flash before its ruleset
 * arrives, and stop showing it when the source is slow or down.
 */
import { useSyncExternalStore } from 'react';
import type { SplitkitClient } from '../client/client.js';
import type { DeliveryStatus, RulesetOrigin } from '../client/delivery.js';
import { useReadClient } from './context.js';
import { subscriberFor } from './subscribe.js';
import { asServer, startOrigin } from './server-users.js';

/** What {@link useSplitkitStatus} gives: `client.status()`, with `ready` as the browser's client has it. */
export interface SplitkitStatus extends DeliveryStatus {
  /**
   * A `client.ready()` has resolved in this browser (`client.status().ready`): its source answered (or failed)
   * the first time, or a `ready()` call's timeout passed: the app's own (a page rendered after `await
   * client.ready()` is ready from its first render), or the one made with the default timeout (1.5 s in a
   * browser) at the first mount of a component using it; at once for a client without a source. False on the
   * server and while React hydrates, where `origin` is the server client's at that render, and while
   * hydrating the one the browser's client started from (`none` for a browser's cache, which the server does
   * not have), so a provider created from the same options on both sides renders the same markup.
   */
  ready: boolean;
}

/**
 * Per client, the `ready()` asked when a component using it first subscribed: once per client, so its
 * default timeout counts from the first mount, and every component hears of it however late it subscribed.
 */
const asked = new WeakMap<SplitkitClient, Promise<unknown>>();

/** Statuses last given per client: React needs the same object while nothing changed. */
const last = new WeakMap<SplitkitClient, SplitkitStatus>();

/** Subscribe functions per client, so React sees a stable one: the client's changes, and `ready()` resolving. */
const subscribers = new WeakMap<SplitkitClient, (listener: () => void) => () => void>();

/**
 * The provider's client's delivery status; re-renders when it changes. A first visit without a bootstrap has
 * no ruleset (`origin: 'none'`) until its source answers: show a loading state while `!ready && origin ===
 * 'none'`, and the flags' values after, the ruleset's or, if the source is down, their defaults.
 */
export function useSplitkitStatus(): SplitkitStatus {
  const client = useReadClient('useSplitkitStatus', '');
  return useSyncExternalStore(
    subscriberOf(client),
    // Ready on the first render when a `ready()` resolved before it (`await client.ready()`, then render).
    () => {
      const { origin, stale, ready } = client.status();
      return statusOf(client, origin, stale, ready);
    },
    // Not ready, not stale, and the origin: on the server, the one in use now (a process-wide client's source
    // answers after its first render); while the browser hydrates, the one the client started from, which is
    // what a server without the browser's cache rendered.
    () =>
      statusOf(
        client,
        typeof document === 'undefined' ? asServer(client.status().origin) : startOrigin(client),
        false,
        false,
      ),
  );
}

/** The status with these fields, the same object as last time when none changed. */
function statusOf(client: SplitkitClient, origin: RulesetOrigin, stale: boolean, ready: boolean): SplitkitStatus {
  const kept = last.get(client);
  if (kept?.origin === origin && kept.stale === stale && kept.ready === ready) return kept;
  const status = { origin, stale, ready };
  last.set(client, status);
  return status;
}

function subscriberOf(client: SplitkitClient): (listener: () => void) => () => void {
  let subscribe = subscribers.get(client);
  if (subscribe === undefined) {
    const changes = subscriberFor(client);
    subscribe = (listener) => {
      // Asked only here: subscriptions happen in the browser, never during a server render, which must not
      // start a timer for a client that lives one request.
      let live = true;
      if (!client.status().ready) {
        let ready = asked.get(client);
        if (ready === undefined) asked.set(client, (ready = client.ready()));
        // The status says ready by the time this runs: the client notes it before the promise resolves.
        void ready.then(() => live && listener());
      }
      const stop = changes(listener);
      return () => {
        live = false;
        stop();
      };
    };
    subscribers.set(client, subscribe);
  }
  return subscribe;
}
