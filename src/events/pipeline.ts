/**
 * The event pipeline: takes events from the client, batches them, and
 * delivers them to the collector at least once. Events wait in a bounded
 * queue; full batches go at once, the rest every `flushIntervalMs`; failed
 * attempts are retried with backoff until delivered, pushed out by newer
 * events, or abandoned at shutdown's deadline. In the browser the queue is
 * mirrored to storage and handed to a beacon when the page hides.
 */
import { isoNow } from './attempt.js';
import { createDelivery, type DeliveryCounters } from './delivery.js';
import { createEventRing } from './event-ring.js';
import { holdProcessOpen } from './keep-alive.js';
import { numberedBatch } from './outbound-batch.js';
import { createQueueMirror } from './persistence.js';
import { MAX_TIMER_MS, resolvePipelineOptions, type EventPipelineOptions } from './pipeline-options.js';
import type { EventPipeline, PipelineStats, ShutdownReport } from './pipeline-api.js';
import { createReporter } from './reporting.js';
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
  const o = resolvePipelineOptions(options);
  const { scheduler, batchSize } = o;
  const pending = createEventRing<SplitkitEvent>();
  const counters: DeliveryCounters = { sent: 0, dropped: 0, retried: 0, failedBatches: 0 };
  const reporter = createReporter(o.logger, o.onError);
  let batchCount = 0;
  let idleWaiters: (() => void)[] = [];
  let intervalTimer: unknown;
  let intervalArmed = false;
  let pumpQueued = false;
  let draining = false;
  let stopped = false;
  let reportedClosed = false;
  let shutdownResult: Promise<ShutdownReport> | undefined;

  const uuid = (): string => {
    try {
      return o.uuid();
    } catch (error) {
      // An injected id source failed: a random id keeps the batch moving.
      reporter.internal(error);
      return randomUuid();
    }
  };
  const delivery = createDelivery({ ...o, uuid, maxInFlight: MAX_IN_FLIGHT, reporter, counters, refill, onChange: changed });
  const mirror = o.persistence && createQueueMirror(o.persistence, unsent, scheduler, reporter.error);

  /** Drops the oldest waiting events past `maxQueuedEvents` (a new event, or failed batches coming back). */
  function bound(): void {
    let excess = pending.length + delivery.readyEvents - o.maxQueuedEvents;
    if (excess <= 0) return;
    counters.dropped += excess;
    reporter.overflow(excess);
    // Batches waiting for a retry hold the oldest events; then come those not yet batched.
    excess -= delivery.dropOldest(excess);
    for (; excess > 0; excess--) pending.shift();
  }

  /** Turns full batches into outbound batches (and, while shutting down, the rest too). */
  function refill(): void {
    while (pending.length >= batchSize) newBatch();
    if (draining) batchEverything();
  }

  function batchEverything(): void {
    cancelInterval();
    while (pending.length > 0) newBatch();
  }

  function newBatch(): void {
    delivery.add(numberedBatch(uuid(), pending.take(batchSize), batchCount++));
  }

  function armInterval(delayMs = o.flushIntervalMs): void {
    if (stopped) return;
    intervalArmed = true;
    intervalTimer = scheduler.setTimeout(() => {
      intervalArmed = false;
      batchEverything();
      delivery.pump();
    }, delayMs);
  }

  function cancelInterval(): void {
    if (!intervalArmed) return;
    intervalArmed = false;
    scheduler.clearTimeout(intervalTimer);
  }

  function changed(): void {
    bound();
    mirror?.markDirty();
    if (pending.length > 0 || !delivery.idle()) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const waiter of waiters) waiter();
  }

  /** Every event not known to be delivered, oldest first: what storage must hold. */
  function unsent(): SplitkitEvent[] {
    return delivery.events().concat(pending.toArray());
  }

  function stats(): PipelineStats {
    return { queued: pending.length + delivery.readyEvents, inFlight: delivery.inFlightEvents, ...counters };
  }

  function stop(): ShutdownReport {
    stopped = true;
    cancelInterval();
    delivery.stop();
    bound();
    const undelivered = pending.length + delivery.readyEvents;
    if (mirror) {
      mirror.writeNow();
    } else if (undelivered > 0) {
      counters.dropped += undelivered;
      pending.clear();
      delivery.clearReady();
      reporter.dropped(`Shutdown deadline passed: ${undelivered} event(s) not delivered`);
    }
    return { delivered: undelivered === 0, undelivered, stats: stats() };
  }

  function unloadContext(): UnloadContext {
    return {
      sdk: o.sdk,
      sentAt: isoNow(scheduler),
      uuid,
      onOversized: (events) => {
        counters.dropped += events.length;
        reporter.dropped(`${events.length} event(s) larger than a page-unload request allows (60 KiB) were dropped`);
      },
    };
  }

  const pipeline: EventPipeline = {
    enqueue(event) {
      try {
        if (stopped) {
          counters.dropped++;
          if (reportedClosed) return;
          reportedClosed = true;
          return reporter.dropped('Event pipeline is shut down: events enqueued after shutdown are dropped');
        }
        pending.push(event);
        bound();
        mirror?.markDirty();
        if ((pending.length >= batchSize || draining) && !pumpQueued) {
          pumpQueued = true;
          // A microtask: enqueue stays O(1) and a burst of events forms its batches once, after the burst.
          void Promise.resolve().then(() => {
            pumpQueued = false;
            delivery.pump();
          });
        }
        if (!intervalArmed) armInterval();
      } catch {
        // enqueue sits on the app's hot path: whatever went wrong, the app goes on.
      }
    },

    flush() {
      if (stopped) return Promise.resolve();
      batchEverything();
      return delivery.force();
    },

    flushOnUnload() {
      try {
        if (stopped) return;
        batchEverything();
        const batches = delivery.takeReady();
        const context = unloadContext();
        if (o.unloadTransport) {
          const beaconed = (events: SplitkitEvent[]): void => {
            counters.sent += events.length;
            mirror?.keepUnconfirmed(events);
          };
          delivery.putBack(handOff(batches, o.unloadTransport, beaconed, context));
        } else {
          // No beacon: the transport sends with `keepalive`, outside the in-flight limit, as the page may not wait.
          for (const part of batches.flatMap((batch) => chunkBatch(batch, context))) delivery.send(part, true);
        }
        mirror?.writeNow();
        changed();
      } catch {
        // Best effort by nature; persistence still holds the events.
      }
    },

    shutdown(options) {
      if (shutdownResult) return shutdownResult;
      const timeoutMs = clampTimeout(options?.timeoutMs);
      draining = true;
      batchEverything();
      const release = holdProcessOpen(timeoutMs + 1_000);
      shutdownResult = new Promise<ShutdownReport>((resolve) => {
        let done = false;
        const finish = (): void => {
          if (done) return;
          done = true;
          scheduler.clearTimeout(deadline);
          release();
          resolve(stop());
        };
        const deadline = scheduler.setTimeout(finish, timeoutMs);
        idleWaiters.push(finish);
        // The first attempt goes now, whatever backoff was running; later ones back off as usual.
        void delivery.force();
        changed();
      });
      return shutdownResult;
    },

    stats,
  };

  const restored = mirror?.load() ?? [];
  for (const event of restored) pipeline.enqueue(event);
  // Events the previous page left behind have waited long enough: send them as soon as this one has started.
  if (restored.length > 0) {
    cancelInterval();
    armInterval(0);
  }
  return pipeline;
}

// Host timers fire at once for delays past 2^31 - 1 ms; a wait that long means "as long as possible".
function clampTimeout(ms: number | undefined): number {
  if (typeof ms !== 'number' || Number.isNaN(ms)) return DEFAULT_SHUTDOWN_TIMEOUT_MS;
  return Math.min(Math.max(0, ms), MAX_TIMER_MS - 1_000);
}
