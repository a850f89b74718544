/**
 * `shutdown()` and `flush()` racing the page hiding: whichever comes first, every event ends up delivered
 * (here: taken by the beacon) or still queued and stored, each counted once, and every promise settles.
 */
import { describe, expect, it } from 'vitest';
import { createEventPipeline, type EventPipelineOptions } from '../../src/events/pipeline.js';
import type { EventBatch } from '../../src/events/types.js';
import { drain, events, ManualScheduler, quotaStorage, SDK } from './helpers.js';

function setup(options: Partial<EventPipelineOptions> & { refuse?: boolean } = {}) {
  const scheduler = new ManualScheduler();
  const storage = quotaStorage();
  const beacons: EventBatch[] = [];
  const aborted: boolean[] = [];
  const p = createEventPipeline({
    // The collector never answers a fetch (its requests hang until aborted).
    transport: (_batch, request) =>
      new Promise((_resolve, reject) => {
        request.signal?.addEventListener('abort', () => {
          aborted.push(true);
          reject(new Error('aborted'));
        });
      }),
    sdk: SDK,
    scheduler,
    batchSize: 10,
    flushIntervalMs: 60_000,
    requestTimeoutMs: 30_000,
    persistence: { storage, key: 'k' },
    unloadTransport: (batch) => {
      if (options.refuse) return false;
      beacons.push(structuredClone(batch));
      return true;
    },
    ...options,
  });
  const stored = () =>
    (JSON.parse(storage.values.get('k') ?? '{"events":[]}').events as { id: string }[]).map((e) => e.id);
  const beaconed = () => beacons.flatMap((b) => b.events.map((e) => e.id));
  return { p, scheduler, stored, beaconed, aborted };
}

const ids = (from: number, to: number) => events(from, to).map((e) => e.id);

describe('shutdown and flush racing the page hiding', () => {
  it('the page hides right after shutdown() (its module still loading): the beacon takes everything, shutdown reports it delivered', async () => {
    const { p, stored, beaconed } = setup();
    for (const event of events(0, 5)) p.enqueue(event);
    const report = p.shutdown({ timeoutMs: 5_000 });
    p.flushOnUnload();
    expect(beaconed()).toEqual(ids(0, 5));
    expect(await report).toMatchObject({ delivered: true, undelivered: 0, stats: { sent: 5, queued: 0, inFlight: 0 } });
    expect(stored()).toEqual(ids(0, 5));
  });

  it('the page hides while shutdown waits on requests in flight: they go by beacon, and shutdown settles at once', async () => {
    const { p, stored, beaconed, scheduler } = setup();
    for (const event of events(0, 25)) p.enqueue(event);
    const report = p.shutdown({ timeoutMs: 5_000 });
    await drain();
    expect(p.stats()).toMatchObject({ inFlight: 20, queued: 5 });
    p.flushOnUnload();
    expect(new Set(beaconed())).toEqual(new Set(ids(0, 25)));
    await drain();
    expect(await report).toMatchObject({ delivered: true, undelivered: 0, stats: { sent: 25 } });
    expect(scheduler.pending).toBeLessThanOrEqual(1);
    expect(new Set(stored())).toEqual(new Set(ids(0, 25)));
  });

  it('the page hides while a flush waits: the flush settles once the beacon took its events', async () => {
    const { p, beaconed } = setup();
    for (const event of events(0, 5)) p.enqueue(event);
    let settled = false;
    void p.flush().then(() => {
      settled = true;
    });
    await drain();
    expect(p.stats()).toMatchObject({ inFlight: 5 });
    p.flushOnUnload();
    await drain();
    expect(settled).toBe(true);
    expect(beaconed()).toEqual(ids(0, 5));
    expect(p.stats()).toMatchObject({ sent: 5, inFlight: 0, queued: 0 });
  });

  it('the page hides during shutdown and the beacon refuses: the events stay queued and stored, and the deadline stops the drain', async () => {
    const { p, stored, scheduler } = setup({ refuse: true });
    for (const event of events(0, 5)) p.enqueue(event);
    const report = p.shutdown({ timeoutMs: 1_000 });
    await drain();
    p.flushOnUnload();
    expect(stored()).toEqual(ids(0, 5));
    await scheduler.advance(1_000);
    expect(await report).toMatchObject({ delivered: false, undelivered: 5, dropped: 0 });
    expect(stored()).toEqual(ids(0, 5));
    // Hiding again after the stop changes nothing.
    p.flushOnUnload();
    expect(stored()).toEqual(ids(0, 5));
  });
});
