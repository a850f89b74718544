/**
 * How a batch reaches its destination, whatever a batch is: the I/O layer
 * knows nothing of the event model. The event pipeline's `Transport`
 * (events/transport.ts) is this shape for an `EventBatch`.
 *
 * Resolve with the HTTP-like status for the retry policy to act on
 * (2xx delivered; 408/429/5xx retried; 413 split; other 4xx dropped), or
 * throw: a thrown error is treated as a network failure and retried.
 */

/** What a transport answers for one batch. */
export interface TransportResponse {
  /** The HTTP status, or the status a transport of another kind means (see above). */
  status: number;
  /** Milliseconds to wait before the next attempt, from `Retry-After`. */
  retryAfterMs?: number;
  /**
   * The answer's parsed JSON body, when the transport read one. The pipeline reads it on a refusal (400,
   * 422, another 4xx) to find the events the collector named (docs/protocol.md#a-batch-with-invalid-events).
   */
  body?: unknown;
}

/** How the pipeline asks for one batch to be sent. */
export interface TransportRequest {
  /** Aborted when the per-request timeout passes. */
  signal?: AbortSignal;
  /** The page is being hidden/unloaded: use a beacon or `keepalive`. */
  unloading?: boolean;
}

/** Sends one `batch`; see above for what to resolve with. */
export type BatchTransport<Batch> = (batch: Batch, request: TransportRequest) => Promise<TransportResponse>;
