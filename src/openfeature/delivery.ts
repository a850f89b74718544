/**
 * Provider events from the client's ruleset delivery: READY once a ruleset
 * is in use, CONFIGURATION_CHANGED with the changed flag keys on every
 * accepted update, STALE while the client's source cannot refresh the
 * ruleset in use (`client.status().stale`) and READY again once it does. A
 * client without a source (a ruleset given in code) is ready at once.
 */
import type { SplitkitClient } from '../client/client.js';
import { ENTITY_KINDS } from '../eval/types.js';
import type { ProviderEvents } from './provider-events.js';
import { read } from './resolve.js';

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
 * What the provider last told OpenFeature: nothing yet (`initialize` pending), ERROR (no ruleset; or
 * `mismatch`: a values bootstrap made for another visitor than the one bound), or READY / STALE. Health changes are announced only once `initialize` settled: before that, the SDK
 * sets the status itself when `initialize` resolves or rejects.
 */
type Announced = 'pending' | 'error' | 'mismatch' | 'ready' | 'stale';

/**
 * Listens to `client`'s ruleset updates and source health and forwards them as provider events. `bound`: reads
 * are for the client's bound user (the web provider), so a values bootstrap made for another visitor cannot
 * answer them.
 */
export function connectDelivery(
  client: SplitkitClient,
  events: ProviderEvents,
  timeoutMs: number | undefined,
  bound: boolean,
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
    if (announced === 'error' || announced === 'mismatch') {
      // The ruleset `initialize` (or a login) lacked has arrived from the source.
      announced = 'ready';
      events.emit('PROVIDER_READY' as never);
    }
    // A replaced values bootstrap's names are in the change too (the client adds them).
    const flagsChanged = [...new Set([...change.gates, ...change.experiments, ...change.params])];
    events.emit('PROVIDER_CONFIGURATION_CHANGED' as never, { flagsChanged });
  });
  /** Whether the client can answer reads now, noting what OpenFeature is told next (ERROR when it cannot). */
  const check = (): boolean => {
    const { origin, stale } = client.status();
    announced =
      origin === 'none' ? 'error' : bound && !answersBoundUser(client) ? 'mismatch' : stale ? 'stale' : 'ready';
    return announced === 'ready' || announced === 'stale';
  };
  // OpenFeature marks the provider READY when this resolves (a source already stale says so right after), and
  // ERROR when it throws.
  const settle = (): void => {
    if (check()) return restateStale();
    throw new Error(
      `splitkit: no ruleset yet${announced === 'error' ? '' : ' (the values bootstrap is for another visitor)'}`,
    );
  };
  const wait = (): Promise<void> => client.ready(timeoutMs === undefined ? undefined : { timeoutMs }).then(settle);
  let readiness: Promise<void> | undefined;
  return {
    ready() {
      readiness = wait();
      return readiness;
    },
    contextChanged() {
      if (announced === 'pending') return readiness;
      if (check()) {
        restateStale();
        return undefined;
      }
      // The source's first answer may still be on its way: wait for it as `initialize` does (the ruleset it brings
      // is then no configuration change to announce: OpenFeature announces the context change).
      announced = 'pending';
      readiness = wait();
      return readiness;
    },
    close() {
      unsubscribe?.();
      unsubscribe = undefined;
    },
  };
}

/**
 * Whether the client answers reads for its bound user. Only a values bootstrap (a server-rendered page's) does
 * not: it answers for the visitor it was made for, and until a source brings a ruleset, nothing answers for
 * anyone else. One of its entries, read for the bound user without an exposure, tells.
 */
export function answersBoundUser(client: SplitkitClient): boolean {
  for (const kind of ENTITY_KINDS) {
    const name = client._bootstrapNames?.(kind)[0];
    if (name !== undefined)
      return read(client, kind, name, null, undefined, { exposure: false }).errorCode !== 'FLAG_NOT_FOUND';
  }
  return true;
}
