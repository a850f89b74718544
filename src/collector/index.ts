/**
 * `splitkit/collector`: a Node event collector for `node:http` and the
 * stores it writes to (an embedded NDJSON log, or PostgreSQL).
 * @packageDocumentation
 */
export { createCollector } from './collector.js';
export type { CollectorHandler } from './collector.js';
export { DEFAULT_COLLECTOR_PATH, DEFAULT_MAX_BODY_BYTES } from './collector-options.js';
export type { CollectorOptions } from './collector-options.js';
export type { CorsOptions } from './cors.js';
export { createNdjsonStore } from './ndjson-store.js';
export type { NdjsonStore, NdjsonStoreOptions } from './ndjson-store.js';
export { createPostgresStore } from './postgres-store.js';
export type { PgClientLike, PgPoolLike, PgResultLike, PostgresStoreOptions } from './postgres-store.js';
export { DEFAULT_EVENTS_TABLE } from './postgres-sql.js';
export { isPostgresUrl, openEventStore } from './open-store.js';
export type { EventQuery, EventStore } from '../events/store.js';
