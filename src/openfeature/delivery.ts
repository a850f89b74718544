/**
 * Provider events from the client's ruleset delivery: READY once a ruleset
 * is in use, CONFIGURATION_CHANGED with the changed flag keys on every
 * accepted update. A client without a source (a ruleset given in code) is
 * ready at once.
 */
import type { SplitkitClient } from '../client/client.js';
import type { ProviderEvents } from './provider-events.js';

/** What the client's delivery API offers, read structurally so a client without a source works too. */
interface Delivery {
  ready?(options?: { timeoutMs?: number }): Promise<string>;
  subscribe?(listener: (change: unknown) => void): () => void;
}

/** The provider's link to the client's delivery. */
export interface DeliveryLink {
  /** Resolves once a ruleset is in use; rejects when the client has none to serve (OpenFeature then reports ERROR). */
  ready(): Promise<void>;
  /** Stops listening. */
  close(): void;
}

/** Listens to `client`'s ruleset updates and forwards them as provider events. */
export function connectDelivery(client: SplitkitClient, events: ProviderEvents, timeoutMs: number | undefined): DeliveryLink {
  const delivery = client as SplitkitClient & Delivery;
  let unsubscribe: (() => void) | undefined;
  if (typeof delivery.subscribe === 'function') {
    unsubscribe = delivery.subscribe((change) => {
      events.emit('PROVIDER_CONFIGURATION_CHANGED' as never, { flagsChanged: changedKeys(change) });
    });
  }
  return {
    async ready() {
      if (typeof delivery.ready !== 'function') return;
      const source = await delivery.ready(timeoutMs === undefined ? undefined : { timeoutMs });
      if (source === 'none') throw new Error('splitkit: no ruleset yet (the source did not answer in time and nothing was cached)');
    },
    close() {
      unsubscribe?.();
      unsubscribe = undefined;
    },
  };
}

/** The flag keys a change names, whichever entity lists it carries. */
function changedKeys(change: unknown): string[] {
  const keys = new Set<string>();
  if (change !== null && typeof change === 'object') {
    for (const value of Object.values(change)) {
      if (Array.isArray(value)) for (const key of value) if (typeof key === 'string') keys.add(key);
    }
  }
  return [...keys];
}
