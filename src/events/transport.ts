/**
 * How a batch of events reaches the collector. The default posts JSON with
 * `fetch`; any function with this shape replaces it (a message queue, an
 * analytics API).
 *
 * Resolve with the HTTP-like status for the retry policy to act on
 * (2xx delivered; 408/429/5xx retried; 413 split; other 4xx dropped), or
 * throw: a thrown error is treated as a network failure and retried.
 */
import type { BatchTransport } from '../io/transport.js';
import type { EventBatch } from './types.js';

export type { TransportRequest, TransportResponse } from '../io/transport.js';

/** Sends one event batch to the collector (see above). */
export type Transport = BatchTransport<EventBatch>;
