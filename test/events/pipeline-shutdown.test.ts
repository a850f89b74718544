import { describe, expect, it, vi } from 'vitest';
import { events, quotaStorage, status, T0, usePipelineTest } from './helpers.js';

const { collector, errors, pipeline } = usePipelineTest();

describe('shutdown', () => {
  it('sends what is queued at once and retries until delivered', async () => {
    collector.reply((_b, index) => status(index < 2 ? 503 : 200));
    const p = pipeline({ flushIntervalMs: 60_000 });
    for (const event of events(0, 5)) p.enqueue(event);
    const report = p.shutdown();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await report).toEqual({
      delivered: true,
      undelivered: 0,
      dropped: 0,
      stats: { queued: 0, inFlight: 0, sent: 5, dropped: 0, retried: 2, failedBatches: 0 },
    });
    expect(collector.times.map((t) => t - T0)).toEqual([0, 500, 1500]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('skips a running backoff for its first attempt', async () => {
    collector.reply((_b, index) => (index === 0 ? status(429, { 'Retry-After': '3600' }) : status(200)));
    const p = pipeline();
    for (const event of events(0, 10)) p.enqueue(event);
    await vi.advanceTimersByTimeAsync(0);
    const report = p.shutdown();
    await vi.advanceTimersByTimeAsync(0);
    expect((await report).delivered).toBe(true);
  });

  it('gives up at the deadline and reports what is left; without persistence those events are dropped', async () => {
    collector.reply(() => status(503));
    const p = pipeline({ retry: { baseDelayMs: 100, maxDelayMs: 400 } });
    for (const event of events(0, 25)) p.enqueue(event);
    const report = p.shutdown({ timeoutMs: 5_000 });
    await vi.advanceTimersByTimeAsync(4_999);
    let settled = false;
    void report.then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await report).toMatchObject({
      delivered: false,
      undelivered: 25,
      stats: { queued: 0, inFlight: 0, dropped: 25, sent: 0 },
    });
    expect(errors.filter((e) => e.code === 'EVENTS_DROPPED')).toHaveLength(1);
    const requests = collector.batches.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(collector.batches).toHaveLength(requests);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('aborts a request still open at the deadline and counts its events as undelivered', async () => {
    let aborted = false;
    collector.reply(
      (_b, _i, request) =>
        new Promise((resolve) => {
          request.signal.addEventListener('abort', () => {
            aborted = true;
            resolve(status(200));
          });
        }),
    );
    const p = pipeline({ requestTimeoutMs: 60_000 });
    for (const event of events(0, 10)) p.enqueue(event);
    const report = p.shutdown({ timeoutMs: 1_000 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await report).toMatchObject({ delivered: false, undelivered: 10 });
    expect(aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(p.stats()).toMatchObject({ sent: 0, inFlight: 0, dropped: 10 });
  });

  it('with persistence, keeps what is left in storage for the next start', async () => {
    collector.reply(() => status(503));
    const storage = quotaStorage();
    const p = pipeline({ persistence: { storage } });
    for (const event of events(0, 7)) p.enqueue(event);
    const report = p.shutdown({ timeoutMs: 1_000 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await report).toMatchObject({ delivered: false, undelivered: 7, stats: { dropped: 0, queued: 7 } });
    const kept = JSON.parse(storage.values.get('splitkit.events') ?? '{}') as { events: { id: string }[] };
    expect(kept.events.map((e) => e.id)).toEqual(events(0, 7).map((e) => e.id));
  });

  it('drops (and reports once) events enqueued after shutdown', async () => {
    const p = pipeline();
    await p.shutdown();
    p.enqueue(events(0, 1)[0]!);
    p.enqueue(events(1, 2)[0]!);
    expect(p.stats()).toMatchObject({ dropped: 2, queued: 0 });
    expect(errors.map((e) => e.code)).toEqual(['EVENTS_DROPPED']);
    await p.flush();
    expect(collector.batches).toHaveLength(0);
  });

  it('delivers events enqueued while it is still running', async () => {
    collector.reply((_b, index) => status(index === 0 ? 503 : 200));
    const p = pipeline({ flushIntervalMs: 60_000 });
    p.enqueue(events(0, 1)[0]!);
    const report = p.shutdown();
    p.enqueue(events(1, 2)[0]!);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await report).toMatchObject({ delivered: true, stats: { sent: 2 } });
  });

  it('treats an endless timeoutMs as the longest wait timers allow, not as zero', async () => {
    collector.reply(() => status(503));
    const p = pipeline({ retry: { baseDelayMs: 1_000, maxDelayMs: 1_000 } });
    for (const event of events(0, 3)) p.enqueue(event);
    let settled = false;
    void p.shutdown({ timeoutMs: Infinity }).then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(settled).toBe(false);
    expect(collector.batches.length).toBeGreaterThan(20);
  });

  it('returns the same report when called twice, and resolves at once when idle', async () => {
    const p = pipeline();
    const first = p.shutdown();
    expect(p.shutdown()).toBe(first);
    expect(await first).toMatchObject({ delivered: true, undelivered: 0 });
  });
});
