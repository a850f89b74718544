/**
 * A batch on its way to the collector: its events, its id (kept across
 * retries so the collector can recognise it), how often it failed, and who
 * waits for its next outcome (a `flush()`).
 */
import type { EventBatch, SplitkitEvent } from './types.js';

/** A batch waiting to be sent, being sent, or waiting to be retried. */
export interface OutboundBatch {
  id: string;
  events: SplitkitEvent[];
  /**
   * Position in the queue: how many events the pipeline had put in batches
   * before this batch's first one. Batches are sent (and re-queued after
   * failures) in this order; the parts of a split batch sort in its place.
   */
  _queueOrder: number;
  /** Retryable failures so far; drives the backoff. */
  _failedAttempts: number;
  /** A flush asked for one attempt now, backoff or not. */
  _flushRequested: boolean;
  /** Called once when the next attempt ends, whatever its outcome. */
  _waiters: (() => void)[];
}

/** A batch of `events` at its place in the queue. */
export function newBatch(
  id: string,
  events: SplitkitEvent[],
  queueOrder: number,
  flushRequested = false,
  failedAttempts = 0,
): OutboundBatch {
  return {
    id,
    events,
    _queueOrder: queueOrder,
    _failedAttempts: failedAttempts,
    _flushRequested: flushRequested,
    _waiters: [],
  };
}

/** The request body of `batch` (or of other `events` under its id), fields in protocol order. */
export function batchBody(
  batch: OutboundBatch,
  sdk: EventBatch['sdk'],
  sentAt: string,
  events = batch.events,
): EventBatch {
  return { batchId: batch.id, sentAt, sdk, events };
}

/** Puts `batch` in its place in `batches` (sorted by order). */
export function addInOrder(batches: OutboundBatch[], batch: OutboundBatch): void {
  let index = batches.length;
  while (index > 0 && (batches[index - 1] as OutboundBatch)._queueOrder > batch._queueOrder) index--;
  batches.splice(index, 0, batch);
}

/**
 * Replaces `batch` with batches of the consecutive event `groups` (fresh ids,
 * with the failures so far) that take its place in the order and carry its waiters.
 */
export function divideBatch(
  batch: OutboundBatch,
  groups: SplitkitEvent[][],
  uuid: () => string,
  failedAttempts: number,
): OutboundBatch[] {
  let order = batch._queueOrder;
  const parts = groups.map((events) => {
    const part = newBatch(uuid(), events, order, batch._flushRequested, failedAttempts);
    order += events.length;
    return part;
  });
  passWaiters(batch, parts);
  return parts;
}

/** The waiters of `from` are called once every one of `to` has had its next outcome (at once when `to` is empty). */
function passWaiters(from: OutboundBatch, to: readonly OutboundBatch[]): void {
  const waiters = from._waiters;
  from._waiters = [];
  let left = to.length;
  const done = (): void => {
    if (--left <= 0) for (const waiter of waiters) waiter();
  };
  if (left === 0) done();
  for (const batch of to) batch._waiters.push(done);
}

/** Calls and clears the batch's waiters. */
export function settleWaiters(batch: OutboundBatch): void {
  passWaiters(batch, []);
}
