/**
 * The event pipeline: takes events from the client, batches them, and
 * delivers them to the collector at least once. Events wait in a bounded
 * queue; full batches go at once, the rest every `flushIntervalMs`. At most
 * {@link MAX_IN_FLIGHT} requests are open; each answer decides what happens
 * to its batch: delivered, rejected (dropped and reported), split in halves
 * (413), or put back in its place to be retried after a backoff, during
 * which nothing new is sent except what a flush asks for. In the browser the
 * queue is mirrored to storage and handed to a beacon when the page hides.
 */
import { quietly } from '../io/quietly.js';
import type { TransportResponse } from '../io/transport.js';
import { isoNow, startAttempt } from './attempt.js';
import { createBackoffGate } from './backoff-gate.js';
import { createEventRing } from './event-ring.js';
import { createTimer } from './timer.js';
import { customEventProblem } from './limits.js';
import { addInOrder, batchBody, newBatch, settleWaiters, type OutboundBatch } from './outbound-batch.js';
import { createQueueMirror } from './persistence.js';
import {
  checkPipelineOptions,
  resolvePersistence,
  resolvePipelineOptions,
  type EventPipelineOptions,
} from './pipeline-options.js';
import type { EventPipeline, PipelineStats, ShutdownReport } from './pipeline-api.js';
import { createReporter } from './reporting.js';
import type { FailureHost } from './failed-delivery.js';
import type { ShutdownHost } from './shutdown.js';
import type { SplitkitEvent } from './types.js';
import { chunkBatch } from './unload.js';
import { randomUuid } from '../io/uuid.js';

export type { EventPipelineOptions } from './pipeline-options.js';
export type { EventPipeline, PipelineStats, ShutdownReport } from './pipeline-api.js';

/** The pipeline the client drives. */
export interface ClientPipeline extends EventPipeline {
  /**
   * Stops storing the queue (false: the visitor withdrew identity consent), or stores it, at once (true): a
   * pipeline created without `persistence` (no consent then) stores it in `persistence`, once given here.
   * @internal
   */
  _store(allowed: boolean, persistence?: EventPipelineOptions['persistence']): void;
}

/** At most this many requests are open at once. */
export const MAX_IN_FLIGHT = 2;

/** Creates a pipeline; throws a `ConfigError` (code `INVALID_OPTIONS`) for invalid options. */
export function createEventPipeline(options: EventPipelineOptions): EventPipeline {
  checkPipelineOptions(options);
  return startEventPipeline(options);
}

/** {@link createEventPipeline} for options the caller has checked (the client checks its own with the same checks). */
export function startEventPipeline(options: EventPipelineOptions): ClientPipeline {
  const o = resolvePipelineOptions(options);
  const { scheduler, batchSize } = o;
  /** Events not yet in a batch. */
  const pending = createEventRing<SplitkitEvent>();
  /** Batches waiting for their (next) attempt, in queue order. */
  const ready: OutboundBatch[] = [];
  /** Batches being sent, each with the function that gives up on its attempt. */
  const inFlight = new Map<OutboundBatch, () => void>();
  const counters = { sent: 0, dropped: 0, retried: 0, failedBatches: 0 };
  const reporter = createReporter(o.logger, o.onError);
  const gate = createBackoffGate(scheduler, pump);
  /** Sends what waits, `flushIntervalMs` after the first event of a quiet queue. */
  const interval = createTimer(scheduler, () => {
    batchUp(true);
    pump();
  });
  /** Events in `ready` (kept as a count: bounding the queue on every enqueue must not sum batches). */
  let readyEvents = 0;
  /** Events put in batches so far: the order of the next batch. */
  let batched = 0;
  /** Called once nothing is left to send (shutdown waits for it). */
  let onIdle: (() => void) | undefined;
  let pumpQueued = false;
  /**
   * Set from the page hiding until the end of that task: an event recorded meanwhile (the app's own
   * pagehide or visibilitychange listener) goes to the beacon at once, as no later timer may run.
   */
  let hiding = false;
  let draining = false;
  let stopped = false;
  let reportedClosed = false;
  /** The first stop's report, returned by every later one. */
  let kept: ShutdownReport | undefined;
  let shutdownResult: Promise<ShutdownReport> | undefined;

  const uuid = (): string => {
    try {
      return o.uuid();
    } catch (error) {
      // An injected id source failed: a random id keeps the batch moving.
      reporter._internalError(error);
      return randomUuid();
    }
  };
  /** The failure handling, once its module has loaded (at the first failed delivery). */
  let failures: Promise<typeof import('./failed-delivery.js')> | undefined;
  const host: FailureHost & ShutdownHost = {
    _options: o,
    _counters: counters,
    _gate: gate,
    _reporter: reporter,
    _add: add,
    _drop: drop,
    _uuid: uuid,
    _scheduler: scheduler,
    _drain(idle) {
      draining = true;
      onIdle = idle;
    },
    _force: force,
    _changed: changed,
    _stop: stop,
  };
  /** The mirror, made at creation or when consent brings a storage (a page created without consent). */
  let made = o.persistence && createQueueMirror(o.persistence, unsent, scheduler, reporter.error);
  /** The mirror while the queue may be stored: none while identity consent is withdrawn. */
  let mirror = made;

  /** Drops the oldest waiting events past `maxQueuedEvents` (a new event, or failed batches coming back). */
  function bound(): void {
    let excess = pending.length + readyEvents - o.maxQueuedEvents;
    if (excess <= 0) return;
    counters.dropped += excess;
    reporter._queueFull(excess);
    for (; excess > 0; excess--) {
      // Batches waiting for a retry hold the oldest events; then come those not yet batched.
      const first = ready[0];
      if (!first) pending.shift();
      else {
        first.events.shift();
        readyEvents--;
        if (first.events.length === 0) settleWaiters(ready.shift()!);
      }
    }
  }

  function add(batch: OutboundBatch): void {
    addInOrder(ready, batch);
    readyEvents += batch.events.length;
  }

  /** Puts waiting events in full batches; with `all`, the rest in a last one too (then nothing waits for the interval). */
  function batchUp(all: boolean): void {
    if (all) interval._cancel();
    while (pending.length >= (all ? 1 : batchSize)) {
      const events = pending._takeUpTo(batchSize);
      add(newBatch(uuid(), events, batched));
      batched += events.length;
    }
  }

  /** After every change of the queue: bound it, mirror it, and tell a waiting shutdown when it is empty. */
  function changed(): void {
    bound();
    mirror?._markDirty();
    if (pending.length > 0 || ready.length > 0 || inFlight.size > 0) return;
    const idle = onIdle;
    onIdle = undefined;
    idle?.();
  }

  /** Every event not known to be delivered, oldest first: what storage must hold. */
  function unsent(): SplitkitEvent[] {
    return [...inFlight.keys()]
      .sort((a, b) => a._queueOrder - b._queueOrder)
      .concat(ready)
      .flatMap((batch) => batch.events)
      .concat(pending._copyAll());
  }

  function stats(): PipelineStats {
    let inFlightEvents = 0;
    for (const batch of inFlight.keys()) inFlightEvents += batch.events.length;
    return { queued: pending.length + readyEvents, inFlight: inFlightEvents, ...counters };
  }

  /** Makes full batches (all of them while shutting down) and starts as many attempts as the limits allow. */
  function pump(): void {
    if (stopped) return;
    try {
      batchUp(draining);
      const now = scheduler.now();
      const blocked = gate._isBlocked(now);
      while (inFlight.size < MAX_IN_FLIGHT && ready.length > 0) {
        // During a backoff only batches a flush asked for may go.
        const index = blocked ? ready.findIndex((batch) => batch._flushRequested) : 0;
        if (index < 0) break;
        const [batch] = ready.splice(index, 1) as [OutboundBatch];
        readyEvents -= batch.events.length;
        send(batch, false);
      }
      if (blocked && ready.length > 0) gate._wakeWhenOpen(now);
    } catch (error) {
      // Only an injected function (uuid, scheduler) can throw here; pump runs from timers, where a throw would crash Node.
      reporter._internalError(error);
    }
  }

  /** Sends `batch` now; `unloading` (the page is going away) asks the transport for `keepalive`. */
  function send(batch: OutboundBatch, unloading: boolean): void {
    const body = batchBody(batch, o.sdk, isoNow(scheduler));
    inFlight.set(
      batch,
      startAttempt(o.transport, body, unloading, o.requestTimeoutMs, scheduler, (response, why, cause) =>
        settle(batch, response, why, cause),
      ),
    );
  }

  /** Acts on an attempt's outcome: the collector's `response`, or none and `why` it failed. */
  function settle(batch: OutboundBatch, response: TransportResponse | undefined, why: string, cause: unknown): void {
    const status = response?.status ?? 0;
    if (status >= 200 && status < 300) {
      // No longer in flight: shutdown gave up on it, put it back and counted it.
      if (!inFlight.delete(batch)) return;
      counters.sent += batch.events.length;
      return settled(batch);
    }
    // A failure: its handling loads at the first one. The batch stays in flight until then, as shutdown counts it.
    (failures ??= import('./failed-delivery.js')).then(
      ({ settleFailure }) => {
        if (!inFlight.delete(batch)) return;
        settleFailure(host, batch, response, why, cause);
        settled(batch);
      },
      (error) => {
        // The module did not load (the page is offline): the batch waits the longest backoff (a flush, e.g.
        // on coming back online, sends it sooner), then goes again, and the next failure tries the load again.
        failures = undefined;
        if (!inFlight.delete(batch)) return;
        gate._blockFor(o.retry.maxDelayMs);
        add(batch);
        reporter._internalError(error);
        settled(batch);
      },
    );
  }

  /** After an outcome: the halves of a split carry its waiters; any other outcome is this batch's. */
  function settled(batch: OutboundBatch): void {
    settleWaiters(batch);
    changed();
    pump();
  }

  /** Gives up `event`, which cannot be sent because of `problem`, and says so naming it. */
  function drop(event: SplitkitEvent, problem: string): void {
    counters.dropped++;
    reporter._eventsDropped(`Dropped event ${label(event)}: ${problem}`);
  }

  /** Puts every waiting event in a batch and gives each batch one attempt now, backoff or not; resolves when each has had it. */
  function force(): Promise<void> {
    batchUp(true);
    const waits = [...ready, ...inFlight.keys()].map(
      (batch) => new Promise<void>((resolve) => batch._waiters.push(resolve)),
    );
    for (const batch of ready) batch._flushRequested = true;
    pump();
    return Promise.all(waits).then(() => undefined);
  }

  /** Gives up the requests in flight and puts their batches back in the queue, not counted as delivered. */
  function takeBackInFlight(): void {
    for (const [batch, giveUp] of inFlight) {
      giveUp();
      add(batch);
    }
    inFlight.clear();
  }

  /**
   * Stops for good: requests in flight are given up and counted as not delivered, like everything still queued.
   * `final` (no event can ever be sent): everything is dropped, and so is every later event, unreported.
   */
  function stop(final?: boolean): ShutdownReport {
    // Only a final stop comes before another (the shutdown's): what it dropped was not delivered.
    if (kept) return kept;
    stopped = true;
    interval._cancel();
    gate._cancel();
    takeBackInFlight();
    // Release every flush still waiting.
    for (const batch of ready) settleWaiters(batch);
    bound();
    const undelivered = pending.length + readyEvents;
    // Kept in storage, unless none may be written (none given, consent withdrawn) or no event can ever be sent:
    // then dropped (and when final, the mirror's next write, as the queue changed, leaves none in storage).
    if (mirror && !final) mirror._writeNow();
    else if (undelivered > 0) {
      counters.dropped += undelivered;
      pending.clear();
      ready.length = 0;
      readyEvents = 0;
      if (!final) reporter._eventsDropped(`Shutdown deadline passed: ${undelivered} event(s) not delivered`);
    }
    if (final) reportedClosed = true;
    return (kept = { delivered: undelivered === 0, undelivered, dropped: counters.dropped, stats: stats() });
  }

  const pipeline: ClientPipeline = {
    enqueue(event) {
      try {
        if (stopped) {
          counters.dropped++;
          if (reportedClosed) return;
          reportedClosed = true;
          return reporter._eventsDropped('Event pipeline is shut down: new events are dropped');
        }
        // Sent, it would make the collector refuse its whole batch. Only a custom event carries what the app
        // passed (name, value, metadata): an exposure's fields come from the ruleset, and the collector's
        // refusal names one past the limits all the same.
        const problem = event.type === 'event' && customEventProblem(event);
        if (problem) return drop(event, problem);
        pending.push(event);
        changed();
        if ((pending.length >= batchSize || draining || hiding) && !pumpQueued) {
          pumpQueued = true;
          // A microtask: enqueue stays O(1) and a burst of events forms its batches once, after the burst. While
          // the page hides it still runs before the page goes: the browser runs microtasks after each listener.
          void Promise.resolve().then(() => {
            pumpQueued = false;
            if (hiding) pipeline.flushOnUnload();
            else pump();
          });
        }
        if (!interval._pending) interval._schedule(o.flushIntervalMs);
      } catch {
        // enqueue sits on the app's hot path: whatever went wrong, the app goes on.
      }
    },

    flush() {
      if (stopped) return Promise.resolve();
      return force();
    },

    flushOnUnload() {
      try {
        if (stopped) return;
        // A timer runs after the task that hides the page (pagehide, then visibilitychange), or once a page
        // kept in the back/forward cache is shown again.
        if (!hiding) {
          scheduler.setTimeout(() => {
            hiding = false;
          }, 0);
          hiding = true;
        }
        const beacon = o.unloadTransport;
        // An ordinary request in flight dies with the page (it may never have reached the collector): its batch
        // goes by beacon too, and if both arrive the collector drops the repeat by id.
        if (beacon) takeBackInFlight();
        batchUp(true);
        const sentAt = isoNow(scheduler);
        const oversized = (events: SplitkitEvent[]): void => {
          counters.dropped += events.length;
          reporter._eventsDropped(`Dropped ${events.length} event(s) too large for a page-unload request (60 KiB)`);
        };
        const batches = ready.splice(0);
        readyEvents = 0;
        const parts = batches.flatMap((batch) => chunkBatch(batch, o.sdk, sentAt, uuid, oversized));
        if (beacon) {
          // In queue order until the browser refuses one: its quota is shared, so the next ones would fail too.
          // A beacon that throws did not take the batch.
          let taken = 0;
          while (taken < parts.length && quietly(() => beacon(batchBody(parts[taken]!, o.sdk, sentAt)) === true)) {
            const part = parts[taken++]!;
            counters.sent += part.events.length;
            mirror?._keepUnconfirmed(part.events);
            settleWaiters(part);
          }
          parts.slice(taken).forEach(add);
          // batchUp cancelled the interval: if the page stays (it was only hidden), what was refused must not
          // wait for the next event or flush.
          if (taken < parts.length) interval._schedule(o.flushIntervalMs);
        } else {
          // No beacon: the transport sends with `keepalive`, outside the in-flight limit, as the page may not wait.
          for (const part of parts) send(part, true);
        }
        mirror?._writeNow();
        changed();
      } catch {
        // Best effort by nature; persistence still holds the events.
      }
    },

    shutdown(options) {
      // Its module loads at the call; one that cannot load (a page gone offline) stops at once, as at the deadline.
      // The deadline counts from the call, so the load's time comes out of the wait.
      const called = scheduler.now();
      // Read now and quietly: options that throw when read (a getter, a Proxy) get the default timeout, where
      // a throw in the callback below would reject this shutdown, and every later one, and never stop.
      const timeoutMs = quietly(() => options?.timeoutMs);
      // Not `stop` itself as the handler: the load's error would read as its `final`.
      return (shutdownResult ??= import('./shutdown.js').then(
        ({ drain }) => drain(host, timeoutMs, called),
        () => stop(),
      ));
    },

    stats,
    _store(allowed, persistence) {
      // Granted: stored at once, every event in memory included (a tab closed right after loses none), also
      // on a page created without consent. Withdrawn: a pending write is cancelled, not made (the client then
      // erases what is stored), so nothing is written after withdrawal.
      const resolved = resolvePersistence(persistence);
      made ??= resolved && createQueueMirror(resolved, unsent, scheduler, reporter.error);
      made?._writeNow(!allowed);
      mirror = allowed ? made : undefined;
    },
  };

  const restored = mirror?._readStored() ?? [];
  for (const event of restored) pipeline.enqueue(event);
  // Events the previous page left behind have waited long enough: send them as soon as this one has started.
  if (restored.length > 0) interval._schedule(0);
  return pipeline;
}

/** `"purchase"`: an event in a message, clipped so an oversized name cannot flood a log. */
function label(event: SplitkitEvent): string {
  return quietly(() => `"${String(event.name).slice(0, 64)}"`, '');
}
