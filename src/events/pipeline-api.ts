/**
 * The public shape of the event pipeline: what the client calls and what
 * `stats()` and `shutdown()` report. Implemented in pipeline.ts.
 */
import type { SplitkitEvent } from './types.js';

/** Counters of a pipeline; all counts are events except `retried` and `failedBatches`. */
export interface PipelineStats {
  /** Events waiting to be sent (including those waiting for a retry). */
  queued: number;
  /** Events in requests that have not answered yet. */
  inFlight: number;
  /** Events the collector accepted (or a beacon took). */
  sent: number;
  /** Events given up: pushed out of a full queue, rejected by the collector, too large, or left at shutdown without persistence. */
  dropped: number;
  /** Failed attempts that were scheduled for a retry. */
  retried: number;
  /** Batches given up because the collector rejected them (4xx other than 408/429, or a single event still too large). */
  failedBatches: number;
}

/** What {@link EventPipeline.shutdown} leaves behind. */
export interface ShutdownReport {
  /** True when every event was delivered. */
  delivered: boolean;
  /** Events not delivered by the deadline (kept in storage when persistence is on, dropped otherwise). */
  undelivered: number;
  /**
   * Events given up since the pipeline started, each reported through `onError` when it was: invalid when
   * recorded or refused by the collector, pushed out of a full queue, and the undelivered ones above when
   * they were dropped (no persistence). The same as `stats.dropped`.
   */
  dropped: number;
  /** Counters when the shutdown finished. */
  stats: PipelineStats;
}

/** Batches events and delivers them to the collector. */
export interface EventPipeline {
  /** Queues an event. O(1); never throws, never waits. */
  enqueue(event: SplitkitEvent): void;
  /**
   * Sends everything queued now, backoff or not; resolves when each of those
   * events was delivered, given up (rejected), or failed retryably (it stays
   * queued). Never rejects. Serverless: `await` it before returning a response.
   */
  flush(): Promise<void>;
  /**
   * The page is hiding: hand the queue to `unloadTransport` (a beacon) synchronously; events stay persisted.
   * Events enqueued later in the same task (the app's own listeners of the hide) follow in a microtask.
   */
  flushOnUnload(): void;
  /** Stops the timers and delivers with retries until done or `timeoutMs` (default 10,000) passes. */
  shutdown(options?: { timeoutMs?: number }): Promise<ShutdownReport>;
  /** Current counters. */
  stats(): PipelineStats;
}
