/**
 * `splitkit/protocol`: the collector protocol, for a collector or a custom
 * transport of your own (any runtime: Node, edge, browser). The events a
 * client sends, as types and as zod schemas that validate a batch with every
 * problem named by its path.
 * @packageDocumentation
 */
export { eventBatchSchema, eventSchema, parseEventBatch } from './events/schema.js';
// The values an exposure's `reason` and `kind` and an event's `source` take, for collectors that check events
// without the schema.
export { ENTITY_KINDS, REASONS } from './eval/types.js';
export { EVENT_SOURCES } from './events/types.js';
export type {
  EventBatch,
  SplitkitEvent,
  ExposureEvent,
  CustomEvent,
  IdentifyEvent,
  EventSource,
  Units,
} from './events/types.js';
export {
  MAX_EVENT_ID_LENGTH,
  MAX_EVENT_NAME_LENGTH,
  MAX_JSON_DEPTH,
  MAX_EVENT_LENGTH,
  MAX_ABS_VALUE,
  MAX_EVENT_TIME,
  MAX_EVENT_AGE_MS,
  MAX_EVENT_AHEAD_MS,
  MAX_UNITS,
  MAX_UNIT_NAME_LENGTH,
} from './events/limits.js';
