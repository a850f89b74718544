/**
 * `splitkit/collector`: a Node event collector for `node:http` and the
 * stores it writes to (an embedded NDJSON log, or PostgreSQL).
 * @packageDocumentation
 */
export { createCollector } from './collector.js';
export type { CollectorHandler } from './collector.js';
export {
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_COLLECTOR_PATH,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_EVENT_AGE_MS,
  DEFAULT_MAX_EVENT_AHEAD_MS,
  DEFAULT_MAX_EVENTS,
  DEFAULT_MAX_IN_FLIGHT_BYTES,
  DEFAULT_MAX_JSON_VALUES,
  MAX_EVENT_DEPTH,
  MAX_ISSUES,
} from './collector-options.js';
export {
  createCollectorServer,
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from './collector-server.js';
export type { CollectorServerOptions } from './collector-server.js';
export { MAX_ECHOED_ID_LENGTH } from './batch-issues.js';
export type { BatchIssue, IssuesBody } from './batch-issues.js';
export { redactCredentials } from './redact.js';
export type { CollectorOptions } from './collector-options.js';
export type { CorsOptions } from './cors.js';
export { createNdjsonStore, DEFAULT_DEDUPE_WINDOW } from './ndjson-store.js';
export type { NdjsonStore, NdjsonStoreOptions } from './ndjson-store.js';
export type { StoredLineCheck } from './skipped-lines.js';
export type { StoredLineProblem } from './event-query.js';
export { createPostgresStore, DEFAULT_QUERY_TIMEOUT_MS } from './postgres-store.js';
export type { PgClientLike, PgPoolLike, PgResultLike, PostgresStore, PostgresStoreOptions } from './postgres-store.js';
export { DEFAULT_EVENTS_TABLE } from './postgres-sql.js';
export { isPostgresUrl, openEventStore } from './open-store.js';
export type { EventQuery, EventStore } from '../events/store.js';
