/**
 * splitkit behind OpenFeature's web SDK (`@openfeature/web-sdk`): the
 * context is static and bound to the client (`setUser`), so resolutions are
 * synchronous reads for the bound user, and a login is one
 * `OpenFeature.setContext(...)`, which arrives here as `onContextChange`.
 */
import type { EvaluationContext, JsonValue, ResolutionDetails, TrackingEventDetails } from '@openfeature/core';
import { contextToUser } from './context.js';
import { SplitkitProviderBase } from './provider-base.js';
import { trackEvent } from './tracking.js';
import { quietly } from '../io/quietly.js';

/** An OpenFeature web provider over a splitkit client: `OpenFeature.setProvider(new SplitkitWebProvider(client))`. */
export class SplitkitWebProvider extends SplitkitProviderBase {
  /** OpenFeature checks this against the SDK it is given to. */
  readonly runsOn = 'client' as const;
  /**
   * One domain per provider: the provider binds its domain's context to the client's one user, so a second
   * domain (with a context of its own) would change the first one's answers. OpenFeature refuses the binding.
   */
  readonly domainScoped = true;

  /**
   * Binds the initial context, then waits for the client's first ruleset when it has a source. An empty
   * context is the web SDK's default when the app set none: the user the client was created with (or its
   * bootstrap's) stays bound, or reads before the first `setContext` would be for nobody. So does a context
   * that is `null` or cannot be listed (a Proxy that throws).
   */
  async initialize(context?: EvaluationContext): Promise<void> {
    if (quietly(() => Object.keys(context!).length > 0, false))
      this.client.setUser(contextToUser(context, this.targetingKeyAttribute));
    await this.waitForRuleset();
  }

  /**
   * A login or logout: the client's bound user follows OpenFeature's context at once. Settles at once once
   * the provider has a ruleset; before that it settles when `initialize` does (OpenFeature says RECONCILING
   * meanwhile), and it rejects in ERROR (no ruleset), which keeps the provider in ERROR.
   */
  // biome-ignore lint/correctness/noUnusedFunctionParameters: OpenFeature's signature; only the new context matters.
  onContextChange(oldContext: EvaluationContext, newContext: EvaluationContext): Promise<void> | undefined {
    this.client.setUser(contextToUser(newContext, this.targetingKeyAttribute));
    return this.delivery?.contextChanged();
  }

  /** A gate (or a boolean parameter) for the bound user. */
  resolveBooleanEvaluation(flagKey: string, defaultValue: boolean): ResolutionDetails<boolean> {
    return this.resolver.resolve('boolean', flagKey, defaultValue, undefined);
  }

  /** An experiment's variant key (or a string parameter) for the bound user. */
  resolveStringEvaluation(flagKey: string, defaultValue: string): ResolutionDetails<string> {
    return this.resolver.resolve('string', flagKey, defaultValue, undefined);
  }

  /** A number parameter for the bound user. */
  resolveNumberEvaluation(flagKey: string, defaultValue: number): ResolutionDetails<number> {
    return this.resolver.resolve('number', flagKey, defaultValue, undefined);
  }

  /** An object or array parameter for the bound user. */
  resolveObjectEvaluation<T extends JsonValue>(flagKey: string, defaultValue: T): ResolutionDetails<T> {
    return this.resolver.resolve('object', flagKey, defaultValue, undefined);
  }

  /** OpenFeature's `track()`: a splitkit custom event for the bound user. */
  // biome-ignore lint/correctness/noUnusedFunctionParameters: OpenFeature's signature; the web SDK's context is the bound user.
  track(trackingEventName: string, context: EvaluationContext, details: TrackingEventDetails): void {
    trackEvent(this.client, trackingEventName, undefined, details);
  }
}
