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

/** A fresh batch (no attempt yet) of `events` at `order`, owning `span` of the order below the next batch. */
export function newBatch(id: string, events: SplitkitEvent[], order: number, span = SPAN, forced = false): OutboundBatch {
  return { id, events, order, span, attempt: 0, forced, waiters: [] };
}

/** The `index`-th batch a pipeline creates: it sorts after every batch made before. */
export function numberedBatch(id: string, events: SplitkitEvent[], index: number): OutboundBatch {
  return newBatch(id, events, index * SPAN);
}

/** Splits a batch in two halves with fresh ids that take its place in the order (a 413 answer). */
export function splitBatch(batch: OutboundBatch, uuid: () => string): [OutboundBatch, OutboundBatch] {
  const middle = Math.ceil(batch.events.length / 2);
  const span = batch.span / 2;
  const halves: [OutboundBatch, OutboundBatch] = [
    newBatch(uuid(), batch.events.slice(0, middle), batch.order, span, batch.forced),
    newBatch(uuid(), batch.events.slice(middle), batch.order + span, span, batch.forced),
  ];
  passWaiters(batch, halves);
  return halves;
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
