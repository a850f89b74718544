import { describe, expect, it, vi } from 'vitest';
import { HttpResponse } from 'msw';
import { TransportError } from '../../src/errors/index.js';
import { events, status, T0, usePipelineTest } from './helpers.js';

const { collector, errors, pipeline } = usePipelineTest();

/** Answers each request with the next of `codes` (the last one repeats). */
function answers(...codes: (number | Response | (() => Response))[]) {
  collector.reply((_batch, index) => {
    const next = codes[Math.min(index, codes.length - 1)] as number | Response | (() => Response);
    if (typeof next === 'number') return status(next);
    return typeof next === 'function' ? next() : next;
  });
}

describe('retries', () => {
  it('backs off exponentially with full jitter and keeps the batch id', async () => {
    answers(500, 502, 504, 200);
    const p = pipeline();
    for (const event of events(0, 10)) p.enqueue(event);
    await vi.advanceTimersByTimeAsync(10_000);
    // random() = 0.5: delays 0.5·1000, 0.5·2000, 0.5·4000.
    expect(collector.times.map((t) => t - T0)).toEqual([0, 500, 1500, 3500]);
    expect(new Set(collector.batches.map((b) => b.batchId)).size).toBe(1);
    expect(collector.batches.map((b) => b.sentAt)).toEqual(
      [0, 500, 1500, 3500].map((t) => new Date(T0 + t).toISOString()),
    );
    expect(p.stats()).toMatchObject({ sent: 10, retried: 3, queued: 0, dropped: 0 });
    expect(errors).toHaveLength(3);
    for (const error of errors) expect(error).toBeInstanceOf(TransportError);
    expect(errors.map((e) => (e as TransportError).status)).toEqual([500, 502, 504]);
    expect(errors.every((e) => (e as TransportError).retryable)).toBe(true);
  });

  it('caps the backoff at maxDelayMs', async () => {
    answers(503, 503, 503, 503, 200);
    const p = pipeline({ retry: { baseDelayMs: 1000, maxDelayMs: 3000 }, random: () => 0.999 });
    for (const event of events(0, 10)) p.enqueue(event);
    await vi.advanceTimersByTimeAsync(20_000);
    const gaps = collector.times.slice(1).map((t, i) => t - (collector.times[i] ?? 0));
    expect(gaps).toEqual([999, 1998, 2997, 2997]);
  });

  it('retries 408 and 429 too', async () => {
    answers(408, 429, 200);
    const p = pipeline();
    for (const event of events(0, 10)) p.enqueue(event);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(collector.batches).toHaveLength(3);
    expect(p.stats().sent).toBe(10);
  });

  it('waits Retry-After seconds on 429 instead of the backoff', async () => {
    answers(status(429, { 'Retry-After': '7' }), 200);
    const p = pipeline();
    for (const event of events(0, 10)) p.enqueue(event);
    await vi.advanceTimersByTimeAsync(6_999);
    expect(collector.batches).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(collector.batches).toHaveLength(2);
    expect(p.stats().sent).toBe(10);
  });

  it('waits until a Retry-After date on 503', async () => {
    answers(() => status(503, { 'Retry-After': new Date(T0 + 12_000).toUTCString() }), 200);
    const p = pipeline();
    for (const event of events(0, 10)) p.enqueue(event);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(collector.times.map((t) => t - T0)).toEqual([0, 12_000]);
  });

  it('ignores Retry-After on a plain 500', async () => {
    answers(status(500, { 'Retry-After': '30' }), 200);
    const p = pipeline();
    for (const event of events(0, 10)) p.enqueue(event);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(collector.times.map((t) => t - T0)).toEqual([0, 500]);
  });

  it('retries network errors', async () => {
    answers(() => HttpResponse.error(), 200);
    const p = pipeline();
    for (const event of events(0, 10)) p.enqueue(event);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(collector.batches).toHaveLength(2);
    expect(p.stats()).toMatchObject({ sent: 10, retried: 1 });
    expect(errors[0]).toBeInstanceOf(TransportError);
    expect((errors[0] as TransportError).retryable).toBe(true);
    expect((errors[0] as TransportError).status).toBeUndefined();
    expect(errors[0]?.message).toMatch(/network error/);
  });

  it('aborts an attempt after requestTimeoutMs and retries it', async () => {
    let aborted = false;
    collector.reply((_batch, index, request) => {
      if (index > 0) return status(200);
      // Hangs until the client gives up; the late answer must not count.
      return new Promise<Response>((resolve) => {
        request.signal.addEventListener('abort', () => {
          aborted = true;
          resolve(status(200));
        });
      });
    });
    const p = pipeline({ requestTimeoutMs: 2_000 });
    for (const event of events(0, 10)) p.enqueue(event);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(aborted).toBe(false);
    expect(p.stats().inFlight).toBe(10);
    await vi.advanceTimersByTimeAsync(1);
    expect(aborted).toBe(true);
    expect(p.stats()).toMatchObject({ inFlight: 0, queued: 10, retried: 1 });
    expect(errors[0]?.message).toMatch(/no answer within 2000 ms/);
    await vi.advanceTimersByTimeAsync(500);
    expect(collector.times.map((t) => t - T0)).toEqual([0, 2_500]);
    expect(p.stats()).toMatchObject({ sent: 10, queued: 0 });
  });

  it('holds every batch back during a backoff, then sends them in order', async () => {
    answers(503, 200);
    const p = pipeline();
    for (const event of events(0, 10)) p.enqueue(event);
    await vi.advanceTimersByTimeAsync(0);
    for (const event of events(10, 30)) p.enqueue(event);
    await vi.advanceTimersByTimeAsync(499);
    expect(collector.batches).toHaveLength(1);
    expect(p.stats().queued).toBe(30);
    await vi.advanceTimersByTimeAsync(1);
    expect(collector.batches.slice(1).map((b) => b.events[0]?.id)).toEqual(['e0', 'e10', 'e20']);
    expect(collector.acceptedIds()).toEqual(events(0, 30).map((e) => e.id));
  });

  it('flush() tries at once despite a running backoff', async () => {
    answers(status(429, { 'Retry-After': '60' }), 200);
    const p = pipeline();
    for (const event of events(0, 10)) p.enqueue(event);
    await vi.advanceTimersByTimeAsync(0);
    await p.flush();
    expect(collector.times.map((t) => t - T0)).toEqual([0, 0]);
    expect(p.stats()).toMatchObject({ sent: 10, queued: 0 });
  });

  it('flush() resolves after a retryable failure and the events stay queued', async () => {
    answers(503);
    const p = pipeline();
    for (const event of events(0, 15)) p.enqueue(event);
    await p.flush();
    expect(collector.batches.map((b) => b.events.length)).toEqual([10, 5]);
    expect(p.stats()).toMatchObject({ queued: 15, inFlight: 0, sent: 0, dropped: 0, retried: 2 });
  });

  it('a throwing onError does not stop delivery', async () => {
    answers(500, 200);
    const p = pipeline({
      onError: () => {
        throw new Error('app bug');
      },
    });
    for (const event of events(0, 10)) p.enqueue(event);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(p.stats().sent).toBe(10);
  });
});
