import { describe, expect, it } from 'vitest';
import type { SplitkitError } from '../../src/errors/index.js';
import { createEventPipeline } from '../../src/events/pipeline.js';
import type { Transport } from '../../src/events/transport.js';
import { customEvent, drain, ManualScheduler, SDK } from './helpers.js';

describe('bounded queue', () => {
  it('never holds more than maxQueuedEvents, dropping the oldest, under a million events and a dead collector', async () => {
    const scheduler = new ManualScheduler();
    let up = false;
    const delivered: string[] = [];
    const transport: Transport = async (batch) => {
      if (!up) return { status: 503 };
      for (const event of batch.events) delivered.push(event.id);
      return { status: 200 };
    };
    const errors: SplitkitError[] = [];
    const p = createEventPipeline({
      transport,
      sdk: SDK,
      scheduler,
      random: () => 0.5,
      batchSize: 100,
      maxQueuedEvents: 5_000,
      flushIntervalMs: 100,
      retry: { baseDelayMs: 10, maxDelayMs: 50 },
      onError: (e) => errors.push(e),
    });
    let maxQueued = 0;
    const total = 1_000_000;
    for (let i = 0; i < total; i++) {
      p.enqueue(customEvent(i));
      maxQueued = Math.max(maxQueued, p.stats().queued);
      if (i % 1_000 === 999) {
        // Let batches go out, fail and come back between bursts.
        await scheduler.advance(30);
      }
    }
    const stats = p.stats();
    expect(maxQueued).toBe(5_000);
    expect(stats.inFlight).toBeLessThanOrEqual(200);
    expect(stats.sent).toBe(0);
    expect(stats.dropped).toBe(total - stats.queued - stats.inFlight);
    // Drops are reported once per burst, not once per event.
    const drops = errors.filter((e) => e.code === 'EVENTS_DROPPED');
    expect(drops.length).toBeGreaterThan(0);
    expect(drops.length).toBeLessThanOrEqual(1_000);

    // What survived is the newest events, and it all arrives once the collector is back.
    up = true;
    await p.flush();
    await scheduler.advance(1_000);
    expect(p.stats().queued).toBe(0);
    const expected = Array.from({ length: delivered.length }, (_, i) => `e${total - delivered.length + i}`);
    expect([...delivered].sort()).toEqual(expected.sort());
    expect(delivered.length).toBe(stats.queued + stats.inFlight);
  }, 60_000);

  it('reports one EVENTS_DROPPED summing a synchronous burst', async () => {
    const errors: SplitkitError[] = [];
    const p = createEventPipeline({
      transport: async () => ({ status: 200 }),
      sdk: SDK,
      scheduler: new ManualScheduler(),
      maxQueuedEvents: 10,
      batchSize: 1_000,
      onError: (e) => errors.push(e),
    });
    for (let i = 0; i < 25; i++) p.enqueue(customEvent(i));
    await Promise.resolve();
    await Promise.resolve();
    expect(errors).toHaveLength(1);
    expect(errors[0]?.code).toBe('EVENTS_DROPPED');
    expect(errors[0]?.message).toMatch(/dropped the 15 oldest/);
    expect(p.stats()).toMatchObject({ queued: 10, dropped: 15 });
  });

  it('releases a flush waiting on a batch the bound dropped whole', async () => {
    const answers: (() => void)[] = [];
    const transport: Transport = () => new Promise((resolve) => answers.push(() => resolve({ status: 200 })));
    const p = createEventPipeline({
      transport,
      sdk: SDK,
      scheduler: new ManualScheduler(),
      batchSize: 1,
      maxQueuedEvents: 1,
    });
    for (let i = 0; i < 3; i++) {
      p.enqueue(customEvent(i));
      await Promise.resolve();
    }
    // e0 and e1 are in flight (the limit); e2 waits in a batch of its own, and the flush waits for all three.
    expect(answers).toHaveLength(2);
    let flushed = false;
    const flush = p.flush().then(() => {
      flushed = true;
    });
    p.enqueue(customEvent(3)); // past the bound: e2's batch goes
    expect(p.stats()).toMatchObject({ queued: 1, dropped: 1 });
    // e2's batch is gone, but e0 and e1 are still open: the flush waits for them.
    await drain();
    expect(flushed).toBe(false);
    for (const answer of answers) answer();
    await flush;
    expect(flushed).toBe(true);
  });
});
