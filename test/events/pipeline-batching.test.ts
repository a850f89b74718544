import { describe, expect, it, vi } from 'vitest';
import { parseEventBatch } from '../../src/events/schema.js';
import { customEvent, events, SDK, usePipelineTest } from './helpers.js';

// The pipeline's own defaults for batch size, so they are what these tests check.
const { collector, pipeline } = usePipelineTest({ batchSize: undefined });

describe('batching', () => {
  it('sends a full batch at once, as a valid protocol batch', async () => {
    const p = pipeline({ batchSize: 10 });
    for (const event of events(0, 25)) p.enqueue(event);
    await vi.advanceTimersByTimeAsync(0);
    expect(collector.batches).toHaveLength(2);
    const batch = parseEventBatch(collector.batches[0]);
    expect(batch.sdk).toEqual(SDK);
    expect(batch.sentAt).toBe('2025-01-01T00:00:00.000Z');
    expect(batch.events.map((e) => e.id)).toEqual(events(0, 10).map((e) => e.id));
    expect(collector.batches[1]?.events.map((e) => e.id)).toEqual(events(10, 20).map((e) => e.id));
    expect(batch.batchId).not.toBe(collector.batches[1]?.batchId);
    expect(p.stats()).toMatchObject({ queued: 5, sent: 20, inFlight: 0 });
  });

  it('sends a partial batch after flushIntervalMs, counted from the first waiting event', async () => {
    const p = pipeline({ flushIntervalMs: 1000 });
    p.enqueue(customEvent(1));
    await vi.advanceTimersByTimeAsync(600);
    p.enqueue(customEvent(2));
    await vi.advanceTimersByTimeAsync(399);
    expect(collector.batches).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(collector.batches).toHaveLength(1);
    expect(collector.batches[0]?.events.map((e) => e.id)).toEqual(['e1', 'e2']);
    expect(p.stats().sent).toBe(2);
  });

  it('leaves no timer behind once everything is delivered (an idle pipeline holds nothing open)', async () => {
    const p = pipeline({ flushIntervalMs: 1000 });
    expect(vi.getTimerCount()).toBe(0);
    p.enqueue(customEvent(1));
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(p.stats().sent).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('flush() sends everything queued and resolves once it is delivered', async () => {
    const p = pipeline({ batchSize: 4 });
    for (const event of events(0, 10)) p.enqueue(event);
    await p.flush();
    expect(collector.batches.map((b) => b.events.length)).toEqual([4, 4, 2]);
    expect(collector.acceptedIds()).toEqual(events(0, 10).map((e) => e.id));
    expect(p.stats()).toEqual({ queued: 0, inFlight: 0, sent: 10, dropped: 0, retried: 0, failedBatches: 0 });
  });

  it('flush() on an empty pipeline resolves at once', async () => {
    const p = pipeline();
    await p.flush();
    expect(collector.batches).toHaveLength(0);
  });

  it('keeps at most two requests in flight and sends batches in queue order', async () => {
    let open = 0;
    let maxOpen = 0;
    const release: (() => void)[] = [];
    collector.reply(async () => {
      open++;
      maxOpen = Math.max(maxOpen, open);
      await new Promise<void>((resolve) => release.push(resolve));
      open--;
      return new Response(null, { status: 200 });
    });
    const p = pipeline({ batchSize: 5 });
    for (const event of events(0, 50)) p.enqueue(event);
    const done = p.flush();
    for (let round = 0; round < 10; round++) {
      await vi.advanceTimersByTimeAsync(0);
      expect(open).toBeLessThanOrEqual(2);
      expect(p.stats().inFlight).toBeLessThanOrEqual(10);
      release.splice(0).forEach((r) => r());
    }
    await done;
    expect(maxOpen).toBe(2);
    expect(collector.batches.map((b) => b.events[0]?.id)).toEqual(Array.from({ length: 10 }, (_, i) => `e${i * 5}`));
    expect(new Set(collector.acceptedIds()).size).toBe(50);
  });
});
