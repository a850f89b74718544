/**
 * Shared test helpers for the event pipeline: event factories, a mock
 * collector on msw, and a manual scheduler for property tests.
 */
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { Scheduler } from '../../src/io/scheduler.js';
import type { KeyValueStorage } from '../../src/io/storage.js';
import type { CustomEvent, EventBatch } from '../../src/events/types.js';
import type { Json } from '../../src/ruleset/types.js';
import type { SplitkitError } from '../../src/errors/index.js';
import { createFetchTransport } from '../../src/adapters/fetch-transport.js';
import { createEventPipeline, type EventPipelineOptions } from '../../src/events/pipeline.js';

// The pipeline loads its failure handling with import() at the first failed delivery, and its shutdown at
// the call. Loaded once here, so that tests stepping fake timers do not race the test runner's first
// transform of those modules (an app pays each load once, a moment after its first failure or its shutdown).
await import('../../src/events/failed-delivery.js');
await import('../../src/events/shutdown.js');

export const SDK = { name: 'splitkit', version: '0.0.0-test' };
export const COLLECTOR_URL = 'http://collector.test/events';

/** A valid custom event with id `e<i>`. */
export function customEvent(i: number, metadata?: { [key: string]: Json }): CustomEvent {
  const event: CustomEvent = {
    id: `e${i}`,
    type: 'event',
    name: 'purchase',
    time: 1_700_000_000_000 + i,
    units: { userID: `u${i % 97}` },
    source: 'server',
    value: i,
  };
  if (metadata) event.metadata = metadata;
  return event;
}

/** Events `e<from>` … `e<to - 1>`. */
export function events(from: number, to: number): CustomEvent[] {
  const out: CustomEvent[] = [];
  for (let i = from; i < to; i++) out.push(customEvent(i));
  return out;
}

/** What the mock collector answers to one request. */
export type Reply = (batch: EventBatch, index: number, request: Request) => Response | Promise<Response>;

/** An msw-backed collector that records every request body and the fake time it arrived. */
export interface MockCollector {
  server: ReturnType<typeof setupServer>;
  batches: EventBatch[];
  times: number[];
  /** Sets how requests are answered (default: 200). */
  reply(fn: Reply): void;
  /** Ids of events in batches answered 2xx, in arrival order. */
  acceptedIds(): string[];
  /** Forgets every request and answers 200 again. */
  reset(): void;
}

/** Creates (but does not start) the mock collector. */
export function mockCollector(): MockCollector {
  const batches: EventBatch[] = [];
  const times: number[] = [];
  const accepted: string[][] = [];
  const ok: Reply = () => HttpResponse.json({ ok: true });
  let replyFn = ok;
  const server = setupServer(
    http.post(COLLECTOR_URL, async ({ request }) => {
      const batch = (await request.json()) as EventBatch;
      const index = batches.length;
      batches.push(batch);
      times.push(Date.now());
      const response = await replyFn(batch, index, request);
      if (response.status >= 200 && response.status < 300) accepted.push(batch.events.map((e) => e.id));
      return response;
    }),
  );
  return {
    server,
    batches,
    times,
    reply(fn) {
      replyFn = fn;
    },
    acceptedIds: () => accepted.flat(),
    reset() {
      batches.length = 0;
      times.length = 0;
      accepted.length = 0;
      replyFn = ok;
    },
  };
}

/** A status-only answer, optionally with headers. */
export function status(code: number, headers?: Record<string, string>): Response {
  return new HttpResponse(null, { status: code, headers });
}

/**
 * Time under the test's control: timers run in order of due time (then of
 * creation) when `advance` passes them, with promise callbacks drained between.
 */
export class ManualScheduler implements Scheduler {
  time = 0;
  private timers = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Timers not yet fired or cleared. */
  get pending(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, firing due timers. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await drain();
    for (;;) {
      let next: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of this.timers) if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.timers.delete(next[0]);
      this.time = Math.max(this.time, next[1].at);
      next[1].callback();
      await drain();
    }
    this.time = end;
  }
}

/** Lets every pending promise callback run (a macrotask turn, which outlasts any microtask chain). */
export function drain(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A storage that refuses values longer than `quota` characters and counts writes. */
export function quotaStorage(quota = Infinity): KeyValueStorage & { values: Map<string, string>; writes: number } {
  const values = new Map<string, string>();
  const storage = {
    values,
    writes: 0,
    get: (key: string) => values.get(key) ?? null,
    set(key: string, value: string) {
      storage.writes++;
      if (value.length > quota) return false;
      values.set(key, value);
      return true;
    },
    remove: (key: string) => void values.delete(key),
  };
  return storage;
}

/** The fake clock's start in the pipeline tests. */
export const T0 = Date.UTC(2025, 0, 1);

/**
 * Registers one test file's hooks: the msw collector listening, fake timers from T0, and `errors`
 * (for the code under test's `onError`) and the collector's records emptied before each test.
 */
export function useCollectorTest() {
  const collector = mockCollector();
  const errors: SplitkitError[] = [];
  beforeAll(() => collector.server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => collector.server.close());
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
    collector.reset();
    errors.length = 0;
  });
  afterEach(() => vi.useRealTimers());
  return { collector, errors };
}

/**
 * Registers the hooks of {@link useCollectorTest} and gives a
 * `pipeline(options)` that posts to that collector in batches of 10 (unless `defaults`
 * say otherwise), with jitter fixed at 0.5 and errors collected in `errors` (emptied
 * before each test).
 */
export function usePipelineTest(defaults: Partial<EventPipelineOptions> = {}) {
  const { collector, errors } = useCollectorTest();
  const pipeline = (options: Partial<EventPipelineOptions> = {}) =>
    createEventPipeline({
      transport: createFetchTransport({ url: COLLECTOR_URL }),
      sdk: SDK,
      batchSize: 10,
      random: () => 0.5,
      onError: (error) => errors.push(error),
      ...defaults,
      ...options,
    });
  return { collector, errors, pipeline };
}
