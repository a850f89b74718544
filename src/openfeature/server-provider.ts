/**
 * splitkit behind OpenFeature's server SDK (`@openfeature/server-sdk`): each
 * resolution evaluates locally for the context of that call, as splitkit's
 * server-style reads do (`checkGate(name, user)`).
 */
import type { EvaluationContext, JsonValue, ResolutionDetails, TrackingEventDetails } from '@openfeature/core';
import { contextToUser } from './context.js';
import { SplitkitProviderBase } from './provider-base.js';
import type { FlagType } from './resolve.js';
import { trackEvent } from './tracking.js';

/** An OpenFeature server provider over a splitkit client: `OpenFeature.setProvider(new SplitkitServerProvider(client))`. */
export class SplitkitServerProvider extends SplitkitProviderBase {
  /** OpenFeature checks this against the SDK it is given to. */
  readonly runsOn = 'server' as const;

  /** Waits for the client's first ruleset when it has a source; rejects (ERROR) when none could be had. */
  async initialize(): Promise<void> {
    await this.waitForRuleset();
  }

  /** A gate (or a boolean parameter) for the call's context. */
  resolveBooleanEvaluation(
    flagKey: string,
    defaultValue: boolean,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<boolean>> {
    return this.resolve('boolean', flagKey, defaultValue, context);
  }

  /** An experiment's variant key (or a string parameter) for the call's context. */
  resolveStringEvaluation(
    flagKey: string,
    defaultValue: string,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<string>> {
    return this.resolve('string', flagKey, defaultValue, context);
  }

  /** A number parameter for the call's context. */
  resolveNumberEvaluation(
    flagKey: string,
    defaultValue: number,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<number>> {
    return this.resolve('number', flagKey, defaultValue, context);
  }

  /** An object or array parameter for the call's context. */
  resolveObjectEvaluation<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<T>> {
    return this.resolve('object', flagKey, defaultValue, context);
  }

  /** OpenFeature's `track()`: a splitkit custom event for the context's user, through the client's event pipeline. */
  track(trackingEventName: string, context: EvaluationContext, details: TrackingEventDetails): void {
    trackEvent(this.client, trackingEventName, contextToUser(context, this.targetingKeyAttribute), details);
  }

  private resolve<T extends JsonValue>(
    type: FlagType,
    key: string,
    defaultValue: T,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<T>> {
    return Promise.resolve(
      this.resolver.resolve(type, key, defaultValue, contextToUser(context, this.targetingKeyAttribute)),
    );
  }
}
