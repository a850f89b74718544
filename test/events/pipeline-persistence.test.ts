import { describe, expect, it, vi } from 'vitest';
import { createBeaconSender } from '../../src/adapters/beacon.js';
import type { EventPipelineOptions } from '../../src/events/pipeline.js';
import type { KeyValueStorage } from '../../src/io/storage.js';
import type { Transport } from '../../src/events/transport.js';
import { COLLECTOR_URL, events, quotaStorage, status, usePipelineTest } from './helpers.js';

// The pipeline's own batch size (the helper's default is 10).
const { collector, pipeline } = usePipelineTest({ batchSize: undefined, flushIntervalMs: 1_000 });

/** A page's pipeline: persistence in `storage`, beacons that really reach the (mock) collector. */
function page(storage: KeyValueStorage, options: Partial<EventPipelineOptions> = {}) {
  const navigator = {
    sendBeacon(url: string, body: Blob) {
      void body
        .text()
        .then((text) => fetch(url, { method: 'POST', body: text, headers: { 'Content-Type': 'application/json' } }));
      return true;
    },
  } as unknown as Navigator;
  return pipeline({
    persistence: { storage },
    unloadTransport: createBeaconSender({ url: COLLECTOR_URL, navigator }),
    ...options,
  });
}

const stored = (storage: ReturnType<typeof quotaStorage>): string[] =>
  (JSON.parse(storage.values.get('splitkit.events') ?? '{"events":[]}') as { events: { id: string }[] }).events.map(
    (e) => e.id,
  );

describe('persistence across page loads', () => {
  it('mirrors the queue to storage, throttled, and empties it once delivered', async () => {
    collector.reply(() => status(503));
    const storage = quotaStorage();
    const p = page(storage, { flushIntervalMs: 60_000 });
    for (const event of events(0, 30)) p.enqueue(event);
    expect(storage.writes).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(storage.writes).toBe(1);
    expect(stored(storage)).toEqual(events(0, 30).map((e) => e.id));
    collector.reply(() => status(200));
    await p.flush();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(storage.values.has('splitkit.events')).toBe(false);
  });

  it('a crashed page leaves its unsent events for the next load, which sends them with their ids', async () => {
    const storage = quotaStorage();
    const dead: Transport = () => new Promise(() => {});
    const first = page(storage, { transport: dead, flushIntervalMs: 60_000, unloadTransport: undefined });
    for (const event of events(0, 25)) first.enqueue(event);
    await vi.advanceTimersByTimeAsync(1_000); // the throttled write happens; then the tab dies without any unload event
    // A long interval: the restored events must go out right after load, not at the first interval.
    const second = page(storage, { flushIntervalMs: 60_000 });
    expect(second.stats().queued).toBe(25);
    await vi.advanceTimersByTimeAsync(10);
    expect(collector.acceptedIds()).toEqual(events(0, 25).map((e) => e.id));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(stored(storage)).toEqual([]);
  });

  it('beaconed events are resent by the next load: at least once, and the collector drops the repeats by id', async () => {
    const storage = quotaStorage();
    const first = page(storage, { flushIntervalMs: 60_000 });
    for (const event of events(0, 40)) first.enqueue(event);
    first.flushOnUnload(); // pagehide: beacon + synchronous write
    await vi.advanceTimersByTimeAsync(0);
    expect(collector.acceptedIds()).toEqual(events(0, 40).map((e) => e.id));
    expect(stored(storage)).toEqual(events(0, 40).map((e) => e.id));

    const second = page(storage);
    for (const event of events(40, 45)) second.enqueue(event);
    await vi.advanceTimersByTimeAsync(1_000);
    const ids = collector.acceptedIds();
    expect(ids).toHaveLength(85);
    expect(new Set(ids)).toEqual(new Set(events(0, 45).map((e) => e.id)));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(stored(storage)).toEqual([]);
  });

  it("keeps another tab's unsent events: a tab closed while the collector was down loses nothing to one still open", async () => {
    collector.reply(() => status(503));
    const storage = quotaStorage();
    const closing = page(storage, { flushIntervalMs: 60_000, unloadTransport: undefined });
    const open = page(storage, { flushIntervalMs: 60_000 });
    for (const event of events(0, 5)) closing.enqueue(event);
    for (const event of events(100, 103)) open.enqueue(event);
    // The first tab goes away with its events in storage; the other one goes on writing its own queue.
    const closed = closing.shutdown({ timeoutMs: 0 });
    await vi.advanceTimersByTimeAsync(0);
    expect((await closed).undelivered).toBe(5);
    open.enqueue(events(103, 104)[0]!);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(new Set(stored(storage))).toEqual(new Set([...events(0, 5), ...events(100, 104)].map((e) => e.id)));

    // The next page load sends them all; the open tab still sends its own, and forgets those it delivered.
    collector.reply(() => status(200));
    const next = page(storage, { flushIntervalMs: 60_000 });
    await vi.advanceTimersByTimeAsync(10);
    await open.flush();
    expect(new Set(collector.acceptedIds())).toEqual(new Set([...events(0, 5), ...events(100, 104)].map((e) => e.id)));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(next.stats().queued + open.stats().queued).toBe(0);
    expect(stored(storage)).toEqual([]);
  });

  it('keeps at most persistence.maxEvents, the newest', async () => {
    const storage = quotaStorage();
    const p = page(storage, {
      persistence: { storage, maxEvents: 10 },
      transport: () => new Promise(() => {}),
      flushIntervalMs: 60_000,
    });
    for (const event of events(0, 50)) p.enqueue(event);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(stored(storage)).toEqual(events(40, 50).map((e) => e.id));
  });

  it('uses the given storage key', async () => {
    const storage = quotaStorage();
    const p = page(storage, { persistence: { storage, key: 'app.queue' }, transport: () => new Promise(() => {}) });
    p.enqueue(events(0, 1)[0]!);
    await vi.advanceTimersByTimeAsync(1_000);
    expect([...storage.values.keys()]).toEqual(['app.queue']);
  });
});
