/**
 * The event pipeline: takes events from the client, batches them, and
 * delivers them to the collector at least once. Events wait in a bounded
 * queue; full batches go at once, the rest every `flushIntervalMs`; failed
 * attempts are retried with backoff until delivered, pushed out by newer
 * events, or abandoned at shutdown's deadline. In the browser the queue is
 * mirrored to storage and handed to a beacon when the page hides.
 */
import { SplitkitError } from '../errors/index.js';
import { isoNow } from './attempt.js';
import { Delivery, type DeliveryCounters } from './delivery.js';
import { EventRing } from './event-ring.js';
import { holdProcessOpen } from './keep-alive.js';
import { BatchNumbering } from './outbound-batch.js';
import { QueueMirror } from './persistence.js';
import { MAX_TIMER_MS, resolvePipelineOptions, type EventPipelineOptions, type ResolvedPipelineOptions } from './pipeline-options.js';
import type { EventPipeline, PipelineStats, ShutdownReport } from './pipeline-api.js';
import { PipelineReporter } from './reporting.js';
import type { SplitkitEvent } from './types.js';
import { chunkBatch, handOff, type UnloadContext } from './unload.js';
import { randomUuid } from './uuid.js';

export type { EventPipelineOptions } from './pipeline-options.js';
export type { EventPipeline, PipelineStats, ShutdownReport } from './pipeline-api.js';

/** At most this many requests are open at once. */
export const MAX_IN_FLIGHT = 2;
/** Default wait of {@link EventPipeline.shutdown}. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/** Creates a pipeline; throws {@link ConfigError} (code `INVALID_OPTIONS`) for invalid options. */
export function createEventPipeline(options: EventPipelineOptions): EventPipeline {
  return new Pipeline(resolvePipelineOptions(options));
}

class Pipeline implements EventPipeline {
  private readonly pending = new EventRing<SplitkitEvent>();
  private readonly numbering = new BatchNumbering();
  private readonly counters: DeliveryCounters = { sent: 0, dropped: 0, retried: 0, failedBatches: 0 };
  private readonly reporter: PipelineReporter;
  private readonly delivery: Delivery;
  private readonly mirror: QueueMirror | undefined;
  private readonly uuid: () => string;
  private idleWaiters: (() => void)[] = [];
  private intervalTimer: unknown;
  private intervalArmed = false;
  private pumpQueued = false;
  private draining = false;
  private stopped = false;
  private reportedClosed = false;
  private shutdownResult: Promise<ShutdownReport> | undefined;

  constructor(private readonly o: ResolvedPipelineOptions) {
    this.reporter = new PipelineReporter(o.logger, o.onError);
    this.uuid = () => {
      try {
        return o.uuid();
      } catch (error) {
        // An injected id source failed: a random id keeps the batch moving.
        this.reporter.internal(error);
        return randomUuid();
      }
    };
    this.delivery = new Delivery({
      ...o,
      uuid: this.uuid,
      maxInFlight: MAX_IN_FLIGHT,
      reporter: this.reporter,
      counters: this.counters,
      refill: () => this.refill(),
      onChange: () => this.changed(),
    });
    this.mirror = o.persistence && new QueueMirror(o.persistence, () => this.unsent(), o.scheduler, (e) => this.reporter.error(e));
    const restored = this.mirror?.load() ?? [];
    for (const event of restored) this.enqueue(event);
    // Events the previous page left behind have waited long enough: send them as soon as this one has started.
    if (restored.length > 0) {
      this.cancelInterval();
      this.armInterval(0);
    }
  }

  enqueue(event: SplitkitEvent): void {
    try {
      if (this.stopped) return this.refuse();
      this.pending.push(event);
      this.bound();
      this.mirror?.markDirty();
      if (this.pending.length >= this.o.batchSize || this.draining) this.schedulePump();
      if (!this.intervalArmed) this.armInterval();
    } catch {
      // enqueue sits on the app's hot path: whatever went wrong, the app goes on.
    }
  }

  flush(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.batchEverything();
    return this.delivery.force();
  }

  flushOnUnload(): void {
    try {
      if (this.stopped) return;
      this.batchEverything();
      const batches = this.delivery.takeReady();
      const context = this.unloadContext();
      if (this.o.unloadTransport) {
        const left = handOff(batches, this.o.unloadTransport, (events) => this.beaconed(events), context);
        this.delivery.putBack(left);
      } else {
        // No beacon: the transport sends with `keepalive`, outside the in-flight limit, as the page may not wait.
        for (const part of batches.flatMap((batch) => chunkBatch(batch, context))) this.delivery.send(part, true);
      }
      this.mirror?.writeNow();
      this.changed();
    } catch {
      // Best effort by nature; persistence still holds the events.
    }
  }

  shutdown(options?: { timeoutMs?: number }): Promise<ShutdownReport> {
    if (this.shutdownResult) return this.shutdownResult;
    const timeoutMs = clampTimeout(options?.timeoutMs);
    this.draining = true;
    this.batchEverything();
    const release = holdProcessOpen(timeoutMs + 1_000);
    this.shutdownResult = new Promise<ShutdownReport>((resolve) => {
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        this.o.scheduler.clearTimeout(deadline);
        release();
        resolve(this.stop());
      };
      const deadline = this.o.scheduler.setTimeout(finish, timeoutMs);
      this.idleWaiters.push(finish);
      // The first attempt goes now, whatever backoff was running; later ones back off as usual.
      void this.delivery.force();
      this.changed();
    });
    return this.shutdownResult;
  }

  stats(): PipelineStats {
    return {
      queued: this.pending.length + this.delivery.readyEvents,
      inFlight: this.delivery.inFlightEvents,
      ...this.counters,
    };
  }

  private stop(): ShutdownReport {
    this.stopped = true;
    this.cancelInterval();
    this.delivery.stop();
    this.bound();
    const undelivered = this.pending.length + this.delivery.readyEvents;
    if (this.mirror) {
      this.mirror.writeNow();
    } else if (undelivered > 0) {
      this.counters.dropped += undelivered;
      this.pending.clear();
      this.delivery.clearReady();
      this.reporter.error(new SplitkitError('EVENTS_DROPPED', `Shutdown deadline passed: ${undelivered} event(s) not delivered`));
    }
    return { delivered: undelivered === 0, undelivered, stats: this.stats() };
  }

  /** Drops the oldest waiting events past `maxQueuedEvents` (a new event, or failed batches coming back). */
  private bound(): void {
    let excess = this.pending.length + this.delivery.readyEvents - this.o.maxQueuedEvents;
    if (excess <= 0) return;
    this.counters.dropped += excess;
    this.reporter.overflow(excess);
    // Batches waiting for a retry hold the oldest events; then come those not yet batched.
    excess -= this.delivery.dropOldest(excess);
    for (; excess > 0; excess--) this.pending.shift();
  }

  private refuse(): void {
    this.counters.dropped++;
    if (this.reportedClosed) return;
    this.reportedClosed = true;
    this.reporter.error(new SplitkitError('EVENTS_DROPPED', 'Event pipeline is shut down: events enqueued after shutdown are dropped'));
  }

  /** Turns full batches into outbound batches (and, while shutting down, the rest too). */
  private refill(): void {
    while (this.pending.length >= this.o.batchSize) this.newBatch();
    if (this.draining) this.batchEverything();
  }

  private batchEverything(): void {
    this.cancelInterval();
    while (this.pending.length > 0) this.newBatch();
  }

  private newBatch(): void {
    this.delivery.add(this.numbering.create(this.uuid(), this.pending.take(this.o.batchSize)));
  }

  private schedulePump(): void {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    // A microtask: enqueue stays O(1) and a burst of events forms its batches once, after the burst.
    void Promise.resolve().then(() => {
      this.pumpQueued = false;
      this.delivery.pump();
    });
  }

  private armInterval(delayMs = this.o.flushIntervalMs): void {
    if (this.stopped) return;
    this.intervalArmed = true;
    this.intervalTimer = this.o.scheduler.setTimeout(() => {
      this.intervalArmed = false;
      this.batchEverything();
      this.delivery.pump();
    }, delayMs);
  }

  private cancelInterval(): void {
    if (!this.intervalArmed) return;
    this.intervalArmed = false;
    this.o.scheduler.clearTimeout(this.intervalTimer);
  }

  private changed(): void {
    this.bound();
    this.mirror?.markDirty();
    const idle = this.pending.length === 0 && this.delivery.ready.length === 0 && this.delivery.inFlight.size === 0;
    if (!idle || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const waiter of waiters) waiter();
  }

  private beaconed(events: SplitkitEvent[]): void {
    this.counters.sent += events.length;
    this.mirror?.keepUnconfirmed(events);
  }

  /** Every event not known to be delivered, oldest first: what storage must hold. */
  private unsent(): SplitkitEvent[] {
    const out = this.delivery.events();
    for (const event of this.pending.toArray()) out.push(event);
    return out;
  }

  private unloadContext(): UnloadContext {
    return {
      sdk: this.o.sdk,
      sentAt: isoNow(this.o.scheduler),
      uuid: this.uuid,
      onOversized: (events) => {
        this.counters.dropped += events.length;
        this.reporter.error(new SplitkitError('EVENTS_DROPPED', `${events.length} event(s) larger than a page-unload request allows (60 KiB) were dropped`));
      },
    };
  }
}

// Host timers fire at once for delays past 2^31 - 1 ms; a wait that long means "as long as possible".
function clampTimeout(ms: number | undefined): number {
  if (typeof ms !== 'number' || Number.isNaN(ms)) return DEFAULT_SHUTDOWN_TIMEOUT_MS;
  return Math.min(Math.max(0, ms), MAX_TIMER_MS - 1_000);
}
