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
import { BackoffGate } from './backoff-gate.js';
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
export class Delivery {
  /** Batches waiting for their (next) attempt, in queue order. */
  readonly ready: OutboundBatch[] = [];
  /** Batches being sent. */
  readonly inFlight = new Set<OutboundBatch>();
  private readyCount = 0;
  private inFlightCount = 0;
  private readonly gate: BackoffGate;
  private stopped = false;

  constructor(private readonly options: DeliveryOptions) {
    this.gate = new BackoffGate(options.scheduler, () => this.pump());
  }

  /** Events in `ready`. */
  get readyEvents(): number {
    return this.readyCount;
  }

  /** Events in requests that have not answered yet. */
  get inFlightEvents(): number {
    return this.inFlightCount;
  }

  /** Every event in flight or waiting, in queue order. */
  events(): SplitkitEvent[] {
    const out: SplitkitEvent[] = [];
    const inFlight = [...this.inFlight].sort((a, b) => a.order - b.order);
    for (const batch of inFlight) for (const event of batch.events) out.push(event);
    for (const batch of this.ready) for (const event of batch.events) out.push(event);
    return out;
  }

  /** Queues a new batch after every other. */
  add(batch: OutboundBatch): void {
    this.ready.push(batch);
    this.readyCount += batch.events.length;
  }

  /** Starts as many attempts as the limits allow. */
  pump(): void {
    if (this.stopped) return;
    try {
      this.options.refill();
      const now = this.options.scheduler.now();
      const blocked = this.gate.isBlocked(now);
      while (this.inFlight.size < this.options.maxInFlight && this.ready.length > 0) {
        // During a backoff only batches a flush asked for may go.
        const index = blocked ? this.ready.findIndex((batch) => batch.forced) : 0;
        if (index < 0) break;
        const [batch] = this.ready.splice(index, 1) as [OutboundBatch];
        this.readyCount -= batch.events.length;
        this.send(batch, false);
      }
      if (blocked && this.ready.length > 0) this.gate.wakeWhenOpen(now);
    } catch (error) {
      // Only an injected function (uuid, scheduler) can throw here; pump runs from timers, where a throw would crash Node.
      this.options.reporter.internal(error);
    }
  }

  /** Sends `batch` now, outside the in-flight limit when `unloading` (the page is going away). */
  send(batch: OutboundBatch, unloading: boolean): void {
    const { transport, scheduler, sdk, requestTimeoutMs } = this.options;
    const body = { batchId: batch.id, sentAt: isoNow(scheduler), sdk, events: batch.events };
    this.inFlight.add(batch);
    this.inFlightCount += batch.events.length;
    const attempt = startAttempt(transport, body, { timeoutMs: requestTimeoutMs, scheduler, unloading });
    batch.abort = attempt.abort;
    void attempt.result.then((result) => this.settle(batch, result));
  }

  /** Asks for one attempt of every batch now, backoff or not; resolves when each has had it. */
  force(): Promise<void> {
    const targets = [...this.ready, ...this.inFlight];
    for (const batch of this.ready) batch.forced = true;
    const waits = targets.map((batch) => new Promise<void>((resolve) => batch.waiters.push(resolve)));
    this.pump();
    return Promise.all(waits).then(() => undefined);
  }

  /** Drops up to `count` of the oldest waiting events; returns how many were dropped. */
  dropOldest(count: number): number {
    let dropped = 0;
    while (dropped < count && this.ready.length > 0) {
      const first = this.ready[0] as OutboundBatch;
      const need = count - dropped;
      if (first.events.length <= need) {
        this.ready.shift();
        dropped += first.events.length;
        settleWaiters(first);
      } else {
        first.events.splice(0, need);
        dropped += need;
      }
    }
    this.readyCount -= dropped;
    return dropped;
  }

  /** Removes and returns every waiting batch (the page is unloading). */
  takeReady(): OutboundBatch[] {
    const taken = this.ready.splice(0, this.ready.length);
    this.readyCount = 0;
    return taken;
  }

  /** Puts batches back in their places in the queue. */
  putBack(batches: readonly OutboundBatch[]): void {
    for (const batch of batches) this.insert(batch);
  }

  /**
   * Stops for good: no new attempts, attempts in flight are aborted and their
   * batches put back (counted as not delivered), and every flush waiting is released.
   */
  stop(): void {
    this.stopped = true;
    this.gate.stop();
    for (const batch of this.inFlight) {
      batch.abandoned = true;
      batch.abort?.();
      this.insert({ ...batch, abandoned: false, waiters: [] });
      settleWaiters(batch);
    }
    this.inFlight.clear();
    this.inFlightCount = 0;
    for (const batch of this.ready) settleWaiters(batch);
  }

  /** Forgets every waiting batch (shutdown without persistence: they are counted as dropped). */
  clearReady(): void {
    this.ready.length = 0;
    this.readyCount = 0;
  }

  private settle(batch: OutboundBatch, result: AttemptResult): void {
    // Shutdown already accounted for it and put its events back.
    if (batch.abandoned) return;
    this.inFlight.delete(batch);
    this.inFlightCount -= batch.events.length;
    batch.abort = undefined;
    if (result.kind === 'answered') this.answered(batch, result.response);
    else if (result.kind === 'failed') this.retry(batch, undefined, `network error: ${describe(result.error)}`, result.error);
    else if (result.kind === 'timed-out') this.retry(batch, undefined, `no answer within ${this.options.requestTimeoutMs} ms`);
    else {
      this.insert(batch);
      settleWaiters(batch);
    }
    this.options.onChange();
    this.pump();
  }

  private answered(batch: OutboundBatch, response: TransportResponse): void {
    const { counters, reporter, uuid } = this.options;
    const status = response.status;
    switch (classifyStatus(status)) {
      case 'delivered':
        counters.sent += batch.events.length;
        settleWaiters(batch);
        return;
      case 'retry':
        this.retry(batch, response, `collector answered ${status}`);
        return;
      case 'split':
        if (batch.events.length > 1) {
          reporter.debug(`batch ${batch.id} too large (413): splitting ${batch.events.length} events in two`);
          for (const half of splitBatch(batch, uuid)) this.insert(half);
          return;
        }
        this.reject(batch, status, 'a single event too large for the collector (413)');
        return;
      case 'reject':
        this.reject(batch, status, `collector rejected the batch with ${status}`);
    }
  }

  private reject(batch: OutboundBatch, status: number, why: string): void {
    const { counters, reporter } = this.options;
    counters.dropped += batch.events.length;
    counters.failedBatches++;
    reporter.error(new TransportError(`${why}: dropped batch ${batch.id} (${batch.events.length} events)`, { status, retryable: false }));
    settleWaiters(batch);
  }

  private retry(batch: OutboundBatch, response: TransportResponse | undefined, why: string, cause?: unknown): void {
    const { counters, reporter, random, retry } = this.options;
    const delay = retryDelay(response, batch.attempt, random, retry);
    batch.attempt++;
    batch.forced = false;
    counters.retried++;
    this.gate.block(delay);
    this.insert(batch);
    reporter.error(new TransportError(
      `Delivery of batch ${batch.id} (${batch.events.length} events) failed, ${why}; retrying in ${delay} ms`,
      { status: response?.status, retryable: true, cause },
    ));
    settleWaiters(batch);
  }

  private insert(batch: OutboundBatch): void {
    let index = 0;
    while (index < this.ready.length && (this.ready[index] as OutboundBatch).order <= batch.order) index++;
    this.ready.splice(index, 0, batch);
    this.readyCount += batch.events.length;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
