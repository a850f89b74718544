/**
 * Provider events from the client's ruleset delivery: READY once a ruleset
 * is in use, CONFIGURATION_CHANGED with the changed flag keys on every
 * accepted update, STALE while the client's source cannot refresh the
 * ruleset in use (`client.status().stale`) and READY again once it does. A
 * client without a source (a ruleset given in code) is ready at once.
 */
import type { SplitkitClient } from '../client/client.js';
import type { ProviderEvents } from './provider-events.js';

/** The provider's link to the client's delivery. */
export interface DeliveryLink {
  /** Resolves once a ruleset is in use; rejects when the client has none to serve (OpenFeature then reports ERROR). */
  ready(): Promise<void>;
  /**
   * The web SDK marks the provider READY after every context change (a login); a source that is still
   * stale says STALE again right after.
   */
  contextChanged(): void;
  /** Stops listening. */
  close(): void;
}

/**
 * What the provider last told OpenFeature: nothing yet (`initialize` pending), ERROR (no ruleset), or
 * READY / STALE. Health changes are announced only once `initialize` settled: before that, the SDK
 * sets the status itself when `initialize` resolves or rejects.
 */
type Announced = 'pending' | 'error' | 'ready' | 'stale';

/** Listens to `client`'s ruleset updates and source health and forwards them as provider events. */
export function connectDelivery(
  client: SplitkitClient,
  events: ProviderEvents,
  timeoutMs: number | undefined,
): DeliveryLink {
  let announced: Announced = 'pending';
  // Runs after the SDK has set its own status (it does so right after the call that changed it).
  const restateStale = (): void => {
    if (announced === 'stale') setTimeout(() => announced === 'stale' && events.emit('PROVIDER_STALE' as never), 0);
  };
  const announceHealth = (): void => {
    if (announced !== 'ready' && announced !== 'stale') return;
    const now = client.status().stale ? 'stale' : 'ready';
    if (now === announced) return;
    announced = now;
    events.emit((now === 'stale' ? 'PROVIDER_STALE' : 'PROVIDER_READY') as never);
  };
  let unsubscribe: (() => void) | undefined = client.subscribe((change) => {
    if (change.stale !== undefined) return announceHealth();
    // The first ruleset (while `initialize` waits) is no change to announce, and a new bound user (the web
    // SDK's own context change) is not a configuration change.
    if (change.user || announced === 'pending') return;
    if (announced === 'error') {
      // The ruleset `initialize` lacked has arrived from the source.
      announced = 'ready';
      events.emit('PROVIDER_READY' as never);
    }
    const flagsChanged = [...new Set([...change.gates, ...change.experiments, ...change.params])];
    events.emit('PROVIDER_CONFIGURATION_CHANGED' as never, { flagsChanged });
  });
  return {
    async ready() {
      const origin = await client.ready(timeoutMs === undefined ? undefined : { timeoutMs });
      if (origin === 'none') {
        announced = 'error';
        throw new Error('splitkit: no ruleset yet (the source did not answer in time and nothing was cached)');
      }
      // OpenFeature marks the provider READY when this resolves: a source already stale says so right after.
      announced = client.status().stale ? 'stale' : 'ready';
      restateStale();
    },
    contextChanged: restateStale,
    close() {
      unsubscribe?.();
      unsubscribe = undefined;
    },
  };
}
