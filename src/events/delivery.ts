/**
 * The delivery loop: batches wait in `ready` (oldest first), at most
 * `maxInFlight` are sent at once, and each attempt's outcome decides what
 * happens next: delivered, rejected (dropped and reported), split in halves
 * (413), or put back in its place in the queue to be retried after a backoff
 * (backoff-gate.ts). While a backoff runs nothing new is sent, except batches
 * a flush asked for.
 */
import { TransportError } from '../errors/index.js';
import type { Scheduler } from '../io/scheduler.js';
import type { Transport, TransportResponse } from '../io/transport.js';
import { isoNow, startAttempt, type AttemptResult } from './attempt.js';
import { createBackoffGate } from './backoff-gate.js';
import { settleWaiters, splitBatch, type OutboundBatch } from './outbound-batch.js';
import type { PipelineReporter } from './reporting.js';
import { classifyStatus, retryDelay, type RetryPolicy } from './retry-policy.js';
import type { SplitkitEvent } from './types.js';

/** Counters the delivery loop updates (a subset of PipelineStats). */
export interface DeliveryCounters {
  sent: number;
  dropped: number;
  retried: number;
  failedBatches: number;
}

/** What the delivery loop needs from the pipeline. */
export interface DeliveryOptions {
  transport: Transport;
  sdk: { name: string; version: string };
  scheduler: Scheduler;
  random: () => number;
  uuid: () => string;
  requestTimeoutMs: number;
  retry: RetryPolicy;
  maxInFlight: number;
  reporter: PipelineReporter;
  counters: DeliveryCounters;
  /** Called before sending, to turn queued events into batches. */
  refill: () => void;
  /** Called after every outcome (events left the queue or came back to it). */
  onChange: () => void;
}

/** Sends batches and acts on the answers. */
export interface Delivery {
  /** Events waiting for their (next) attempt. */
  readonly readyEvents: number;
  /** Events in requests that have not answered yet. */
  readonly inFlightEvents: number;
  /** True when no batch waits and none is being sent. */
  idle(): boolean;
  /** Every event in flight or waiting, in queue order. */
  events(): SplitkitEvent[];
  /** Queues a new batch after every other. */
  add(batch: OutboundBatch): void;
  /** Starts as many attempts as the limits allow. */
  pump(): void;
  /** Sends `batch` now, outside the in-flight limit when `unloading` (the page is going away). */
  send(batch: OutboundBatch, unloading: boolean): void;
  /** Asks for one attempt of every batch now, backoff or not; resolves when each has had it. */
  force(): Promise<void>;
  /** Drops up to `count` of the oldest waiting events; returns how many were dropped. */
  dropOldest(count: number): number;
  /** Removes and returns every waiting batch (the page is unloading). */
  takeReady(): OutboundBatch[];
  /** Puts batches back in their places in the queue. */
  putBack(batches: readonly OutboundBatch[]): void;
  /**
   * Stops for good: no new attempts, attempts in flight are aborted and their
   * batches put back (counted as not delivered), and every flush waiting is released.
   */
  stop(): void;
  /** Forgets every waiting batch (shutdown without persistence: they are counted as dropped). */
  clearReady(): void;
}

/** Creates the delivery loop of one pipeline. */
export function createDelivery(options: DeliveryOptions): Delivery {
  const { transport, scheduler, sdk, requestTimeoutMs, counters, reporter } = options;
  /** Batches waiting for their (next) attempt, in queue order. */
  const ready: OutboundBatch[] = [];
  /** Batches being sent. */
  const inFlight = new Set<OutboundBatch>();
  let readyCount = 0;
  let inFlightCount = 0;
  let stopped = false;
  const gate = createBackoffGate(scheduler, pump);

  function pump(): void {
    if (stopped) return;
    try {
      options.refill();
      const now = scheduler.now();
      const blocked = gate.isBlocked(now);
      while (inFlight.size < options.maxInFlight && ready.length > 0) {
        // During a backoff only batches a flush asked for may go.
        const index = blocked ? ready.findIndex((batch) => batch.forced) : 0;
        if (index < 0) break;
        const [batch] = ready.splice(index, 1) as [OutboundBatch];
        readyCount -= batch.events.length;
        send(batch, false);
      }
      if (blocked && ready.length > 0) gate.wakeWhenOpen(now);
    } catch (error) {
      // Only an injected function (uuid, scheduler) can throw here; pump runs from timers, where a throw would crash Node.
      reporter.internal(error);
    }
  }

  function send(batch: OutboundBatch, unloading: boolean): void {
    const body = { batchId: batch.id, sentAt: isoNow(scheduler), sdk, events: batch.events };
    inFlight.add(batch);
    inFlightCount += batch.events.length;
    const attempt = startAttempt(transport, body, { timeoutMs: requestTimeoutMs, scheduler, unloading });
    batch.abort = attempt.abort;
    void attempt.result.then((result) => settle(batch, result));
  }

  function insert(batch: OutboundBatch): void {
    let index = 0;
    while (index < ready.length && (ready[index] as OutboundBatch).order <= batch.order) index++;
    ready.splice(index, 0, batch);
    readyCount += batch.events.length;
  }

  function settle(batch: OutboundBatch, result: AttemptResult): void {
    // Shutdown already accounted for it and put its events back.
    if (batch.abandoned) return;
    inFlight.delete(batch);
    inFlightCount -= batch.events.length;
    batch.abort = undefined;
    if (result.kind === 'answered') answered(batch, result.response);
    else if (result.kind === 'failed') retry(batch, undefined, `network error: ${describe(result.error)}`, result.error);
    else if (result.kind === 'timed-out') retry(batch, undefined, `no answer within ${requestTimeoutMs} ms`);
    else {
      insert(batch);
      settleWaiters(batch);
    }
    options.onChange();
    pump();
  }

  function answered(batch: OutboundBatch, response: TransportResponse): void {
    const status = response.status;
    const verdict = classifyStatus(status);
    if (verdict === 'delivered') {
      counters.sent += batch.events.length;
      settleWaiters(batch);
    } else if (verdict === 'retry') {
      retry(batch, response, `collector answered ${status}`);
    } else if (verdict === 'split' && batch.events.length > 1) {
      reporter.debug(`batch ${batch.id} too large (413): splitting ${batch.events.length} events in two`);
      for (const half of splitBatch(batch, options.uuid)) insert(half);
    } else {
      reject(batch, status, verdict === 'split' ? 'a single event too large for the collector (413)' : `collector rejected the batch with ${status}`);
    }
  }

  function reject(batch: OutboundBatch, status: number, why: string): void {
    counters.dropped += batch.events.length;
    counters.failedBatches++;
    reporter.error(new TransportError(`${why}: dropped batch ${batch.id} (${batch.events.length} events)`, { status, retryable: false }));
    settleWaiters(batch);
  }

  function retry(batch: OutboundBatch, response: TransportResponse | undefined, why: string, cause?: unknown): void {
    const delay = retryDelay(response, batch.attempt, options.random, options.retry);
    batch.attempt++;
    batch.forced = false;
    counters.retried++;
    gate.block(delay);
    insert(batch);
    reporter.error(new TransportError(
      `Delivery of batch ${batch.id} (${batch.events.length} events) failed, ${why}; retrying in ${delay} ms`,
      { status: response?.status, retryable: true, cause },
    ));
    settleWaiters(batch);
  }

  return {
    get readyEvents() {
      return readyCount;
    },
    get inFlightEvents() {
      return inFlightCount;
    },
    idle: () => ready.length === 0 && inFlight.size === 0,
    events: () => [...inFlight].sort((a, b) => a.order - b.order).concat(ready).flatMap((batch) => batch.events),
    add(batch) {
      ready.push(batch);
      readyCount += batch.events.length;
    },
    pump,
    send,
    force() {
      const waits = [...ready, ...inFlight].map((batch) => new Promise<void>((resolve) => batch.waiters.push(resolve)));
      for (const batch of ready) batch.forced = true;
      pump();
      return Promise.all(waits).then(() => undefined);
    },
    dropOldest(count) {
      let dropped = 0;
      while (dropped < count && ready.length > 0) {
        const first = ready[0] as OutboundBatch;
        const need = count - dropped;
        if (first.events.length <= need) {
          ready.shift();
          dropped += first.events.length;
          settleWaiters(first);
        } else {
          first.events.splice(0, need);
          dropped += need;
        }
      }
      readyCount -= dropped;
      return dropped;
    },
    takeReady() {
      readyCount = 0;
      return ready.splice(0);
    },
    putBack(batches) {
      for (const batch of batches) insert(batch);
    },
    stop() {
      stopped = true;
      gate.stop();
      for (const batch of inFlight) {
        batch.abandoned = true;
        batch.abort?.();
        insert({ ...batch, abandoned: false, waiters: [] });
        settleWaiters(batch);
      }
      inFlight.clear();
      inFlightCount = 0;
      for (const batch of ready) settleWaiters(batch);
    },
    clearReady() {
      ready.length = 0;
      readyCount = 0;
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
