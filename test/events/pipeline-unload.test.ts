import { describe, expect, it } from 'vitest';
import type { SplitkitError } from '../../src/errors/index.js';
import { createEventPipeline, type EventPipelineOptions } from '../../src/events/pipeline.js';
import type { EventBatch } from '../../src/events/types.js';
import { MAX_UNLOAD_BODY_BYTES, utf8Length } from '../../src/events/unload-chunks.js';
import type { Transport, TransportRequest } from '../../src/events/transport.js';
import { customEvent, drain, events, ManualScheduler, quotaStorage, SDK } from './helpers.js';

function setup(
  options: Partial<EventPipelineOptions> & { accept?: (batch: EventBatch, index: number) => boolean } = {},
) {
  const scheduler = new ManualScheduler();
  const beacons: EventBatch[] = [];
  const requests: { batch: EventBatch; request: TransportRequest }[] = [];
  const errors: SplitkitError[] = [];
  const transport: Transport = async (batch, request) => {
    requests.push({ batch: structuredClone(batch), request });
    return { status: 200 };
  };
  const accept = options.accept ?? (() => true);
  const p = createEventPipeline({
    transport,
    sdk: SDK,
    scheduler,
    random: () => 0.5,
    batchSize: 1_000,
    onError: (e) => errors.push(e),
    unloadTransport: (batch) => {
      const ok = accept(batch, beacons.length);
      if (ok) beacons.push(structuredClone(batch));
      return ok;
    },
    ...options,
  });
  return { p, scheduler, beacons, requests, errors };
}

const padded = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => customEvent(from + i, { note: 'ü'.repeat(400) }));

describe('flushOnUnload', () => {
  it('hands the queue to the beacon synchronously, in chunks under 60 KiB, in order', () => {
    const { p, beacons } = setup();
    const list = padded(0, 400);
    for (const event of list) p.enqueue(event);
    p.flushOnUnload();
    expect(beacons.length).toBeGreaterThan(2);
    // Written out, not the constant: the browser's limit is 64 KiB, and the documented margin leaves 60 KiB.
    for (const batch of beacons) expect(utf8Length(JSON.stringify(batch))).toBeLessThanOrEqual(60 * 1024);
    expect(MAX_UNLOAD_BODY_BYTES).toBe(60 * 1024);
    expect(beacons.flatMap((b) => b.events.map((e) => e.id))).toEqual(list.map((e) => e.id));
    expect(new Set(beacons.map((b) => b.batchId)).size).toBe(beacons.length);
    expect(p.stats()).toMatchObject({ queued: 0, sent: 400 });
  });

  it('keeps what the beacon refused queued, and sends it normally later', async () => {
    const { p, beacons, requests, scheduler } = setup({ accept: (_b, index) => index < 1 });
    for (const event of padded(0, 300)) p.enqueue(event);
    p.flushOnUnload();
    expect(beacons).toHaveLength(1);
    const beaconed = beacons[0]?.events.length ?? 0;
    expect(p.stats()).toMatchObject({ queued: 300 - beaconed, sent: beaconed });
    await p.flush();
    await scheduler.advance(0);
    expect(requests.flatMap((r) => r.batch.events.map((e) => e.id))).toEqual(padded(beaconed, 300).map((e) => e.id));
  });

  it('what the beacon refused goes by itself within the flush interval when the page stays (no new event, no flush)', async () => {
    const { p, beacons, requests, scheduler } = setup({ accept: () => false, flushIntervalMs: 10_000 });
    for (const event of events(0, 30)) p.enqueue(event);
    p.flushOnUnload();
    expect(beacons).toHaveLength(0);
    await scheduler.advance(10_000);
    expect(requests.flatMap((r) => r.batch.events.map((e) => e.id))).toEqual(events(0, 30).map((e) => e.id));
    expect(requests.every((r) => r.request.unloading === false)).toBe(true);
    expect(p.stats()).toMatchObject({ queued: 0, sent: 30 });
  });

  it('hands requests still in flight to the beacon too: the page takes an ordinary fetch down with it', async () => {
    const signals: (AbortSignal | undefined)[] = [];
    const transport: Transport = (_batch, request) => {
      signals.push(request.signal);
      return new Promise(() => {});
    };
    const { p, beacons } = setup({ transport, batchSize: 10 });
    for (const event of events(0, 25)) p.enqueue(event);
    await drain();
    expect(p.stats()).toMatchObject({ inFlight: 20, queued: 5 });
    p.flushOnUnload();
    expect(beacons.flatMap((b) => b.events.map((e) => e.id))).toEqual(events(0, 25).map((e) => e.id));
    expect(signals).toHaveLength(2);
    expect(signals.every((signal) => signal?.aborted)).toBe(true);
    expect(p.stats()).toMatchObject({ inFlight: 0, queued: 0, sent: 25 });
  });

  it('counts a throwing beacon as a refusal', () => {
    const { p } = setup({
      unloadTransport: () => {
        throw new Error('nope');
      },
    });
    for (const event of events(0, 5)) p.enqueue(event);
    expect(() => p.flushOnUnload()).not.toThrow();
    expect(p.stats()).toMatchObject({ queued: 5, sent: 0 });
  });

  it('drops and reports an event too large for any unload request', () => {
    const { p, beacons, errors } = setup();
    p.enqueue(customEvent(0));
    p.enqueue(customEvent(1, { blob: 'x'.repeat(70_000) }));
    p.enqueue(customEvent(2));
    p.flushOnUnload();
    expect(beacons.flatMap((b) => b.events.map((e) => e.id))).toEqual(['e0', 'e2']);
    expect(p.stats()).toMatchObject({ queued: 0, sent: 2, dropped: 1 });
    expect(errors.map((e) => e.code)).toEqual(['EVENTS_DROPPED']);
  });

  it('releases a flush waiting on a batch whose every event was too large to hand off', async () => {
    const answers: (() => void)[] = [];
    const transport: Transport = () => new Promise((resolve) => answers.push(() => resolve({ status: 200 })));
    const { p, beacons, errors } = setup({ transport, batchSize: 1 });
    p.enqueue(customEvent(0));
    p.enqueue(customEvent(1));
    p.enqueue(customEvent(2, { blob: 'x'.repeat(70_000) }));
    await Promise.resolve();
    // Two requests are open (the limit); the large event waits in the queue, and the flush waits for all three.
    expect(answers).toHaveLength(2);
    let flushed = false;
    const flush = p.flush().then(() => {
      flushed = true;
    });
    p.flushOnUnload();
    // The two open requests go by beacon instead, and the dropped batch no longer holds the flush either.
    expect(beacons.flatMap((b) => b.events.map((e) => e.id))).toEqual(['e0', 'e1']);
    expect(errors.map((e) => e.code)).toEqual(['EVENTS_DROPPED']);
    await drain();
    expect(flushed).toBe(true);
    await flush;
    // Late answers of the given-up requests count nothing twice.
    for (const answer of answers) answer();
    await drain();
    expect(p.stats()).toMatchObject({ sent: 2, dropped: 1, queued: 0, inFlight: 0 });
  });

  it('without a beacon, sends through the transport with unloading set, past the in-flight limit', () => {
    const { p, requests } = setup({ unloadTransport: undefined });
    for (const event of padded(0, 400)) p.enqueue(event);
    p.flushOnUnload();
    // Synchronously: every chunk is already handed to the transport.
    expect(requests.length).toBeGreaterThan(2);
    expect(requests.every((r) => r.request.unloading === true)).toBe(true);
    for (const { batch } of requests)
      expect(utf8Length(JSON.stringify(batch))).toBeLessThanOrEqual(MAX_UNLOAD_BODY_BYTES);
    expect(requests.flatMap((r) => r.batch.events.map((e) => e.id))).toEqual(padded(0, 400).map((e) => e.id));
  });

  it('writes storage at once, keeping beaconed events until a later page load confirms them', () => {
    const storage = quotaStorage();
    const { p, beacons } = setup({ persistence: { storage } });
    for (const event of events(0, 20)) p.enqueue(event);
    expect(storage.writes).toBe(0);
    p.flushOnUnload();
    expect(beacons).toHaveLength(1);
    expect(storage.writes).toBe(1);
    const stored = JSON.parse(storage.values.get('splitkit.events') ?? '{}') as { events: { id: string }[] };
    expect(stored.events.map((e) => e.id)).toEqual(events(0, 20).map((e) => e.id));
  });

  it('does nothing after shutdown (what was left stays in storage)', async () => {
    const storage = quotaStorage();
    const { p, beacons, scheduler } = setup({ persistence: { storage }, transport: () => new Promise(() => {}) });
    for (const event of events(0, 5)) p.enqueue(event);
    const report = p.shutdown({ timeoutMs: 100 });
    await scheduler.advance(100);
    expect(await report).toMatchObject({ delivered: false, undelivered: 5 });
    p.flushOnUnload();
    expect(beacons).toHaveLength(0);
    expect(JSON.parse(storage.values.get('splitkit.events') ?? '{}').events).toHaveLength(5);
  });

  it("sends by beacon an event recorded later in the task that hid the page (the app's own pagehide or visibilitychange listener)", async () => {
    const { p, beacons, requests, scheduler } = setup({ flushIntervalMs: 10_000 });
    p.enqueue(customEvent(0));
    p.flushOnUnload();
    // A listener after the client's: no timer runs before the page is gone, but microtasks do.
    p.enqueue(customEvent(1));
    p.enqueue(customEvent(2));
    await Promise.resolve();
    expect(beacons.map((b) => b.events.map((e) => e.id))).toEqual([['e0'], ['e1', 'e2']]);
    expect(p.stats()).toMatchObject({ queued: 0, sent: 3 });
    // The page stayed (a tab switch, or shown again from the back/forward cache): events wait for the interval again.
    await scheduler.advance(0);
    p.enqueue(customEvent(3));
    await drain();
    expect(beacons).toHaveLength(2);
    expect(p.stats()).toMatchObject({ queued: 1 });
    await scheduler.advance(10_000);
    expect(requests.map((r) => r.batch.events.map((e) => e.id))).toEqual([['e3']]);
  });

  it('keeps what the beacon refuses of an event recorded as the page hides queued (and stored)', async () => {
    const storage = quotaStorage();
    const { p, beacons } = setup({ accept: () => false, persistence: { storage, key: 'k' } });
    p.flushOnUnload();
    p.enqueue(customEvent(7));
    await Promise.resolve();
    expect(beacons).toHaveLength(0);
    expect(p.stats()).toMatchObject({ queued: 1, sent: 0 });
    expect(JSON.parse(storage.values.get('k')!).events.map((e: { id: string }) => e.id)).toEqual(['e7']);
  });
});
