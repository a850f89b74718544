/**
 * The event emitter OpenFeature's SDKs read from a provider (`provider.events`).
 * Written here, a few lines, so that `splitkit/openfeature` loads none of
 * OpenFeature's runtime code and works with the server and the web SDK alike:
 * the SDKs only add and remove handlers and let the provider emit.
 */
import type { EventContext, EventHandler, Logger, ProviderEventEmitter, ServerProviderEvents } from '@openfeature/core';

type AnyEvent = Parameters<ProviderEventEmitter<ServerProviderEvents>['addHandler']>[0];

/** A minimal {@link ProviderEventEmitter}: handlers per event type, each call guarded. */
export class ProviderEvents implements ProviderEventEmitter<ServerProviderEvents> {
  private readonly handlers = new Map<AnyEvent, Set<EventHandler>>();
  private logger: Logger | undefined;

  constructor(private readonly providerName: string) {}

  emit(eventType: AnyEvent, context?: EventContext): void {
    const handlers = this.handlers.get(eventType);
    if (handlers === undefined) return;
    const details = { ...context, providerName: this.providerName };
    for (const handler of [...handlers]) {
      // A throwing handler belongs to the app; it must not stop the others or reach the client.
      try {
        const result = (handler as (details: unknown) => unknown)(details);
        if (result instanceof Promise) result.catch((error: unknown) => this.logger?.error(error));
      } catch (error) {
        this.logger?.error(error);
      }
    }
  }

  addHandler(eventType: AnyEvent, handler: EventHandler): void {
    let handlers = this.handlers.get(eventType);
    if (handlers === undefined) this.handlers.set(eventType, (handlers = new Set()));
    handlers.add(handler);
  }

  removeHandler(eventType: AnyEvent, handler: EventHandler): void {
    this.handlers.get(eventType)?.delete(handler);
  }

  removeAllHandlers(eventType?: AnyEvent): void {
    if (eventType === undefined) this.handlers.clear();
    else this.handlers.delete(eventType);
  }

  getHandlers(eventType: AnyEvent): EventHandler[] {
    return [...(this.handlers.get(eventType) ?? [])];
  }

  setLogger(logger: Logger): this {
    this.logger = logger;
    return this;
  }
}
