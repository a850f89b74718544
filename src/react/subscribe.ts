/**
 * The client as an external store for `useSyncExternalStore`: one
 * subscription per component, to the client's `subscribe` (ruleset updates
 * and user changes). Each hook's snapshot is the value it shows, so React
 * re-renders only the components whose value changed.
 */
import type { SplitkitClient } from '../client/client.js';

type Listener = () => void;

/** What a client with delivery offers; a client without it never changes by itself, so nothing is subscribed. */
interface Subscribable {
  subscribe?(listener: () => void): () => void;
}

/** `subscribe` functions, one per client, so React sees a stable function and does not resubscribe each render. */
const subscribers = new WeakMap<SplitkitClient, (listener: Listener) => () => void>();

/** The subscribe function `useSyncExternalStore` takes, for `client`. */
export function subscriberFor(client: SplitkitClient): (listener: Listener) => () => void {
  let subscribe = subscribers.get(client);
  if (subscribe === undefined) {
    subscribe = (listener) => {
      const source = client as SplitkitClient & Subscribable;
      return typeof source.subscribe === 'function' ? source.subscribe(() => listener()) : () => {};
    };
    subscribers.set(client, subscribe);
  }
  return subscribe;
}
