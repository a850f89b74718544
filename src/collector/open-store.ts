/** Opening a store from one string, as the CLI takes it. */
import type { Logger } from '../io/logger.js';
import { createNdjsonStore } from './ndjson-store.js';
import { createPostgresStore } from './postgres-store.js';
import type { EventStore } from '../events/store.js';

/** True when `location` is a PostgreSQL connection URL rather than a file path. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * Opens the store at `location`: a `postgres://` / `postgresql://` URL opens
 * the PostgreSQL store, anything else is the path of an NDJSON log.
 * `readOnly` and `dedupeWindow` (undefined: the default) apply to NDJSON logs
 * (PostgreSQL readers need no lock, and its unique index has no window).
 */
export function openEventStore(
  location: string,
  options: { readOnly?: boolean; logger?: Logger; dedupeWindow?: number | undefined } = {},
): Promise<EventStore> {
  const { dedupeWindow, ...rest } = options;
  if (isPostgresUrl(location)) {
    return createPostgresStore({ connectionString: location, ...(options.logger ? { logger: options.logger } : {}) });
  }
  return createNdjsonStore({ path: location, ...rest, ...(dedupeWindow === undefined ? {} : { dedupeWindow }) });
}
