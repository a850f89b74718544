/**
 * Provider events from the client's ruleset delivery: READY once a ruleset
 * is in use, CONFIGURATION_CHANGED with the changed flag keys on every
 * accepted update. A client without a source (a ruleset given in code) is
 * ready at once.
 */
import type { SplitkitClient } from '../client/client.js';
import type { ProviderEvents } from './provider-events.js';

/** The provider's link to the client's delivery. */
export interface DeliveryLink {
  /** Resolves once a ruleset is in use; rejects when the client has none to serve (OpenFeature then reports ERROR). */
  ready(): Promise<void>;
  /** Stops listening. */
  close(): void;
}

/** Listens to `client`'s ruleset updates and forwards them as provider events. */
export function connectDelivery(
  client: SplitkitClient,
  events: ProviderEvents,
  timeoutMs: number | undefined,
): DeliveryLink {
  let unsubscribe: (() => void) | undefined = client.subscribe((change) => {
    // A new bound user (the web SDK's own context change) is not a configuration change.
    if (change.user) return;
    const flagsChanged = [...new Set([...change.gates, ...change.experiments, ...change.params])];
    events.emit('PROVIDER_CONFIGURATION_CHANGED' as never, { flagsChanged });
  });
  let readyOnce = false;
  return {
    async ready() {
      const origin = await client.ready(timeoutMs === undefined ? undefined : { timeoutMs });
      if (origin === 'none') {
        // A ruleset may still arrive from the source: tell OpenFeature when it does.
        const late = client.subscribe(() => {
          late();
          if (!readyOnce) events.emit('PROVIDER_READY' as never);
          readyOnce = true;
        });
        throw new Error('splitkit: no ruleset yet (the source did not answer in time and nothing was cached)');
      }
      readyOnce = true;
    },
    close() {
      unsubscribe?.();
      unsubscribe = undefined;
    },
  };
}
