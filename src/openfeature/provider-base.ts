/**
 * What the server and the web provider share: OpenFeature's name for them,
 * their event emitter, the resolver over the client, and the link to the
 * client's ruleset delivery. They differ in how a read finds its user (the
 * call's context, or the client's bound user) and in being async or not.
 */
import type { SplitkitClient } from '../client/client.js';
import { connectDelivery, type DeliveryLink } from './delivery.js';
import type { ProviderOptions } from './options.js';
import { ProviderEvents } from './provider-events.js';
import { createResolver, type Resolver } from './resolve.js';
import { quietly } from '../io/quietly.js';

/** The parts both providers have. */
export abstract class SplitkitProviderBase {
  /** The provider's name in OpenFeature's events and logs. */
  readonly metadata = { name: 'splitkit' } as const;
  /** READY, ERROR, STALE and CONFIGURATION_CHANGED (with the changed flag keys), from the client's ruleset delivery. */
  readonly events: ProviderEvents;
  /** Reads a flag key of a type against the client. */
  protected readonly resolver: Resolver;
  /** The user attribute OpenFeature's `targetingKey` fills. */
  protected readonly targetingKeyAttribute: string;
  /**
   * The client's ruleset delivery, as provider events: connected by `initialize` (OpenFeature calls it when
   * the provider is set, and nothing is announced before it), so a provider never set holds no listener on
   * the client. Undefined again once closed.
   */
  protected delivery: DeliveryLink | undefined;
  private readonly readyTimeoutMs: number | undefined;
  /** `client` (the web SDK: reads are for the client's bound user) or `server` (reads are for each call's context). */
  abstract readonly runsOn: 'client' | 'server';

  /**
   * Wraps `client`; the client stays the app's (closing the provider flushes events, it does not shut the client
   * down). Options that are `null` or throw when read (untyped code) mean the defaults.
   */
  constructor(
    protected readonly client: SplitkitClient,
    options?: ProviderOptions,
  ) {
    this.targetingKeyAttribute = quietly(() => options?.targetingKeyAttribute) ?? 'userID';
    this.resolver = createResolver(client);
    this.events = new ProviderEvents(this.metadata.name);
    this.readyTimeoutMs = quietly(() => options?.readyTimeoutMs);
  }

  /**
   * Starts listening to the client and waits for its first ruleset. A provider closed and then set again
   * (OpenFeature initializes it anew) listens again, or it would stay READY and announce no change for good.
   */
  protected waitForRuleset(): Promise<void> {
    this.delivery ??= connectDelivery(this.client, this.events, this.readyTimeoutMs, this.runsOn === 'client');
    return this.delivery.ready();
  }

  /**
   * Delivers queued events and stops listening to the client. The SDK's handlers go too: it leaves them on a
   * provider it closes and adds new ones when the provider is set again, which would hear every event twice.
   */
  async onClose(): Promise<void> {
    this.delivery?.close();
    this.delivery = undefined;
    this.events.removeAllHandlers();
    await this.client.flush();
  }
}
