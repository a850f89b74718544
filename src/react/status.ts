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

/** What {@link useSplitkitStatus} gives: `client.status()` and whether `client.ready()` has resolved. */
export interface SplitkitStatus extends DeliveryStatus {
  /**
   * The client's `ready()` has resolved in this browser: its source answered (or failed) the first time, or
   * `ready()`'s default timeout passed (1.5 s in a browser, from the first mount of a component using it); at
   * once for a client without a source. False on the server and while React hydrates, where `origin` is the
   * server client's at that render, and while hydrating the one the browser's client started from (`none` for
   * a browser's cache, which the server does not have), so a provider created from the same options on both
   * sides renders the same markup.
   */
  ready: boolean;
}

/**
 * Per client, `ready()` once it resolved (then true), or its promise while it has not: asked once per client,
 * so every component hears of it when it resolves, however late it subscribed.
 */
const readiness = new WeakMap<SplitkitClient, Promise<unknown> | true>();

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
    () => {
      const { origin, stale } = client.status();
      return statusOf(client, origin, stale, readiness.get(client) === true);
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
      let ready = readiness.get(client);
      if (ready === undefined) {
        const asked = client.ready().then(() => readiness.set(client, true));
        readiness.set(client, (ready = asked));
      }
      let live = true;
      if (ready !== true) void ready.then(() => live && listener());
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
