/**
 * Where a collector keeps events. One small interface with an embedded
 * default (append-only NDJSON log) and PostgreSQL for real deployments, both
 * in src/collector. The interface is part of the event model, not of the
 * collector, because the analysis reads stores too and must not depend on
 * the collector's server code.
 */
import type { SplitkitEvent } from './types.js';

/** Which events to read back. */
export interface EventQuery {
  /** Only events whose `type` is one of these. */
  types?: SplitkitEvent['type'][];
  /** Only events whose `name` is one of these. */
  names?: string[];
  /** Epoch-ms bounds on `time`, inclusive. */
  from?: number;
  /** Upper epoch-ms bound on `time`, inclusive. */
  to?: number;
}

/**
 * Where a collector appends events and analysis reads them back. Built-in:
 * `createNdjsonStore` and `createPostgresStore`; any object of this shape
 * works (see docs/collector.md, "Writing your own store").
 */
export interface EventStore {
  /**
   * Stores the events whose ids were never stored before and drops the rest.
   * Resolves only once the stored events are durable (a 2xx may follow).
   */
  append(events: readonly SplitkitEvent[]): Promise<{ stored: number; duplicates: number }>;
  /** Every stored event matching the query, in the order stored. */
  read(query?: EventQuery): AsyncIterable<SplitkitEvent>;
  /** Waits for appends in progress, then releases files, locks or connections. */
  close(): Promise<void>;
}
