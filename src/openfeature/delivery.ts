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
   * The web SDK marks the provider READY after every context change (a login) that settles at once; a source
   * that is still stale says STALE again right after. Without a ruleset the change does not settle at once:
   * while `initialize` waits it settles with it (the SDK says RECONCILING meanwhile), and in ERROR it fails,
   * so the SDK keeps the provider in ERROR rather than calling it READY.
   */
  contextChanged(): Promise<void> | undefined;
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
  let readiness: Promise<void> | undefined;
  return {
    ready() {
      readiness ??= client.ready(timeoutMs === undefined ? undefined : { timeoutMs }).then((origin) => {
        if (origin === 'none') {
          announced = 'error';
          throw noRuleset('the source did not answer in time and nothing was cached');
        }
        // OpenFeature marks the provider READY when this resolves: a source already stale says so right after.
        announced = client.status().stale ? 'stale' : 'ready';
        restateStale();
      });
      return readiness;
    },
    contextChanged() {
      if (announced === 'pending') return readiness;
      if (announced === 'error') return Promise.reject(noRuleset('the source has not delivered one yet'));
      restateStale();
      return undefined;
    },
    close() {
      unsubscribe?.();
      unsubscribe = undefined;
    },
  };
}

/** Why the provider cannot evaluate yet (OpenFeature's ERROR status and event carry the message). */
const noRuleset = (why: string): Error => new Error(`splitkit: no ruleset yet (${why})`);
