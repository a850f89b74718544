/** OpenFeature's `track()` as a splitkit custom event. */
import type { EvaluationContextValue, TrackingEventDetails } from '@openfeature/core';
import type { SplitkitClient } from '../client/client.js';
import type { User } from '../eval/types.js';
import type { Json } from '../ruleset/types.js';
import { toJson } from './context.js';

/** Sends a tracking event through the client's event pipeline; the client reports what it cannot send. */
export function trackEvent(
  client: SplitkitClient,
  name: string,
  user: User | undefined,
  details: TrackingEventDetails | undefined,
): void {
  // One bounded, never-throwing copy of all the details, as a context is copied.
  const copy = toJson(details as EvaluationContextValue | undefined, -1);
  const { value: given, ...metadata } = copy !== null && typeof copy === 'object' && !Array.isArray(copy) ? copy : {};
  const value = typeof given === 'number' ? given : undefined;
  const options: { value?: number; metadata?: { [key: string]: Json }; user?: User } = {};
  if (value !== undefined) options.value = value;
  if (Object.keys(metadata).length > 0) options.metadata = metadata;
  if (user !== undefined) options.user = user;
  client.track(name, options);
}
