import { describe, expect, it, vi } from 'vitest';
import { TransportError } from '../../src/errors/index.js';
import { customEvent, events, status, usePipelineTest } from './helpers.js';

const { collector, errors, pipeline } = usePipelineTest();

describe('non-retryable answers', () => {
  it.each([400, 401, 403, 404, 422])('%i drops the batch, reports it and does not retry', async (code) => {
    collector.reply(() => status(code));
    const p = pipeline();
    for (const event of events(0, 10)) p.enqueue(event);
    await vi.advanceTimersByTimeAsync(600_000);
    expect(collector.batches).toHaveLength(1);
    expect(p.stats()).toMatchObject({ queued: 0, sent: 0, dropped: 10, failedBatches: 1, retried: 0 });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(TransportError);
    expect(errors[0]).toMatchObject({ code: 'TRANSPORT_FAILED', status: code, retryable: false });
  });

  it('a rejected batch does not hold back the next one', async () => {
    collector.reply((_b, index) => status(index === 0 ? 400 : 200));
    const p = pipeline();
    for (const event of events(0, 20)) p.enqueue(event);
    await vi.advanceTimersByTimeAsync(0);
    expect(collector.acceptedIds()).toEqual(events(10, 20).map((e) => e.id));
    expect(p.stats()).toMatchObject({ sent: 10, dropped: 10 });
  });
});

describe('413 Payload Too Large', () => {
  it('splits the batch in halves until the parts fit, in order, without waiting', async () => {
    collector.reply((batch) => status(batch.events.length > 3 ? 413 : 200));
    const p = pipeline();
    for (const event of events(0, 10)) p.enqueue(event);
    await vi.advanceTimersByTimeAsync(0);
    // 10 → 5 + 5 → (3 + 2) + (3 + 2)
    expect(collector.batches.map((b) => b.events.length)).toEqual([10, 5, 5, 3, 2, 3, 2]);
    expect(collector.acceptedIds()).toEqual(events(0, 10).map((e) => e.id));
    expect(new Set(collector.batches.map((b) => b.batchId)).size).toBe(7);
    expect(collector.times.every((t) => t === collector.times[0])).toBe(true);
    expect(p.stats()).toMatchObject({ sent: 10, dropped: 0, retried: 0, failedBatches: 0 });
    expect(errors).toHaveLength(0);
  });

  it('drops and reports a single event that is still too large', async () => {
    const big = customEvent(3, { blob: 'x'.repeat(5000) });
    collector.reply((batch) => status(batch.events.some((e) => e.id === big.id) ? 413 : 200));
    const p = pipeline({ batchSize: 4 });
    for (const event of [customEvent(0), customEvent(1), customEvent(2), big]) p.enqueue(event);
    await vi.advanceTimersByTimeAsync(0);
    expect(collector.acceptedIds()).toEqual(['e0', 'e1', 'e2']);
    expect(p.stats()).toMatchObject({ sent: 3, dropped: 1, failedBatches: 1, queued: 0 });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ status: 413, retryable: false });
  });

  it('flush() waits for every part of a split batch', async () => {
    collector.reply((batch) => status(batch.events.length > 1 ? 413 : 200));
    const p = pipeline({ batchSize: 8 });
    for (const event of events(0, 8)) p.enqueue(event);
    await p.flush();
    expect(collector.acceptedIds().sort()).toEqual(
      events(0, 8)
        .map((e) => e.id)
        .sort(),
    );
    expect(p.stats()).toMatchObject({ sent: 8, queued: 0, inFlight: 0 });
  });
});
