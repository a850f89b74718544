/** OpenFeature's `track()` as a splitkit custom event. */
import type { TrackingEventDetails } from '@openfeature/core';
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
  const metadata: { [key: string]: Json } = {};
  let value: number | undefined;
  if (details !== null && typeof details === 'object') {
    for (const key of Object.keys(details)) {
      if (key === 'value') {
        if (typeof details.value === 'number') value = details.value;
        continue;
      }
      const json = toJson(details[key]);
      if (json !== undefined) metadata[key] = json;
    }
  }
  const options: { value?: number; metadata?: { [key: string]: Json }; user?: User } = {};
  if (value !== undefined) options.value = value;
  if (Object.keys(metadata).length > 0) options.metadata = metadata;
  if (user !== undefined) options.user = user;
  client.track(name, options);
}
