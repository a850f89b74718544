/**
 * A batch on its way to the collector: its events, its id (kept across
 * retries so the collector can recognise it), how often it failed, and who
 * waits for its next outcome (a `flush()`).
 */
import type { SplitkitEvent } from './types.js';

/** A batch waiting to be sent, being sent, or waiting to be retried. */
export interface OutboundBatch {
  id: string;
  events: SplitkitEvent[];
  /** Position in the queue: batches are sent (and re-queued after failures) in this order. */
  order: number;
  /** Room in `order` below the next batch, shared by the halves when a 413 splits this one. */
  span: number;
  /** Retryable failures so far; drives the backoff. */
  attempt: number;
  /** A flush asked for one attempt now, backoff or not. */
  forced: boolean;
  /** Called once when the next attempt ends, whatever its outcome. */
  waiters: (() => void)[];
  /** Aborts the attempt in flight. */
  abort?: () => void;
  /** Given up by shutdown while in flight: its late outcome is ignored. */
  abandoned?: boolean;
}

// Orders are spaced so that halves of halves of a batch still sort between it and the next one.
const SPAN = 2 ** 20;

/** Numbers batches in creation order. */
export class BatchNumbering {
  private next = 0;

  /** A new batch of `events` that sorts after every batch made before. */
  create(id: string, events: SplitkitEvent[]): OutboundBatch {
    const order = this.next++ * SPAN;
    return { id, events, order, span: SPAN, attempt: 0, forced: false, waiters: [] };
  }
}

/** Splits a batch in two halves with fresh ids that take its place in the order (a 413 answer). */
export function splitBatch(batch: OutboundBatch, uuid: () => string): [OutboundBatch, OutboundBatch] {
  const middle = Math.ceil(batch.events.length / 2);
  const span = batch.span / 2;
  const first: OutboundBatch = {
    id: uuid(), events: batch.events.slice(0, middle), order: batch.order, span,
    attempt: 0, forced: batch.forced, waiters: [],
  };
  const second: OutboundBatch = {
    id: uuid(), events: batch.events.slice(middle), order: batch.order + span, span,
    attempt: 0, forced: batch.forced, waiters: [],
  };
  passWaiters(batch, [first, second]);
  return [first, second];
}

/** The waiters of `from` are called once every one of `to` has had its next outcome. */
export function passWaiters(from: OutboundBatch, to: readonly OutboundBatch[]): void {
  const waiters = from.waiters;
  from.waiters = [];
  if (waiters.length === 0) return;
  let left = to.length;
  const done = (): void => {
    if (--left === 0) for (const waiter of waiters) waiter();
  };
  for (const batch of to) batch.waiters.push(done);
}

/** Calls and clears the batch's waiters. */
export function settleWaiters(batch: OutboundBatch): void {
  const waiters = batch.waiters;
  batch.waiters = [];
  for (const waiter of waiters) waiter();
}
