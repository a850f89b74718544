/**
 * The event pipeline (batching, retries, persistence, page-unload hand-off)
 * and exposure dedupe. The protocol types and schema live in types.ts and
 * schema.ts.
 */
export { createEventPipeline, MAX_IN_FLIGHT } from './pipeline.js';
export { DEFAULT_SHUTDOWN_TIMEOUT_MS } from './shutdown.js';
export type { EventPipeline, EventPipelineOptions, PipelineStats, ShutdownReport } from './pipeline.js';
export { createExposureDeduper, DEFAULT_DEDUPE_ENTRIES } from './exposure-dedupe.js';
export type { ExposureDeduper, ExposureDeduperOptions } from './exposure-dedupe.js';
export { DEFAULT_PERSISTENCE_KEY, DEFAULT_PERSISTED_EVENTS } from './persistence.js';
export { MAX_UNLOAD_BODY_BYTES } from './unload-chunks.js';
export { classifyStatus, backoffDelay, MAX_RETRY_AFTER_MS } from './retry-policy.js';
export type { Verdict, RetryPolicy } from './retry-policy.js';
export { randomUuid } from '../io/uuid.js';
export {
  eventProblem,
  MAX_ABS_VALUE,
  MAX_EVENT_AGE_MS,
  MAX_EVENT_AHEAD_MS,
  MAX_EVENT_ID_LENGTH,
  MAX_EVENT_LENGTH,
  MAX_EVENT_NAME_LENGTH,
  MAX_EVENT_TIME,
  MAX_JSON_DEPTH,
} from './limits.js';
