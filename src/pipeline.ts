/**
 * `splitkit/pipeline`: the event pipeline on its own, for events the client
 * does not produce (batching, retries, persistence, the page-unload hand-off),
 * and the exposure deduper the client uses. A client with a `collector` or
 * `transport` option builds all of this itself.
 * @packageDocumentation
 */
export { createEventPipeline, createExposureDeduper } from './events/index.js';
export type {
  EventPipeline,
  EventPipelineOptions,
  PipelineStats,
  ShutdownReport,
  ExposureDeduper,
  ExposureDeduperOptions,
} from './events/index.js';
export { createBeaconSender, attachPageLifecycle } from './adapters/index.js';
