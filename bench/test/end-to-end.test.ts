import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createArrivals, summarizeLatency } from '../serve/arrivals.js';
import type { EndToEndLatency } from '../serve/end-to-end-latency.js';
import { endToEndFailures, endToEndTable } from '../serve/end-to-end-report.js';

describe('arrivals', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves a wait only with its own marker, at the first sighting', async () => {
    const arrivals = createArrivals();
    const waiting = arrivals.waitFor(3, 1_000);
    arrivals.heard(2, 10); // an earlier update heard late
    arrivals.heard(4, 11);
    arrivals.heard(3, 12);
    arrivals.heard(3, 13);
    await expect(waiting).resolves.toBe(12);
  });

  it('answers at once for a marker already seen', async () => {
    const arrivals = createArrivals();
    arrivals.heard(5, 40);
    arrivals.heard(5, 41);
    await expect(arrivals.waitFor(5, 1_000)).resolves.toBe(40);
  });

  it('resolves undefined when the marker is not seen within the timeout, and a later sighting changes nothing', async () => {
    const arrivals = createArrivals();
    const waiting = arrivals.waitFor(7, 1_000);
    vi.advanceTimersByTime(999);
    arrivals.heard(6, 1);
    vi.advanceTimersByTime(1);
    await expect(waiting).resolves.toBeUndefined();
    arrivals.heard(7, 2);
    await expect(arrivals.waitFor(7, 1_000)).resolves.toBe(2);
  });
});

describe('summarizeLatency', () => {
  it('gives the median, the interpolated 90th percentile and the maximum', () => {
    // 1..11 in any order: median 6, p90 at rank 9 (0-based) = 10, max 11.
    expect(summarizeLatency([11, 3, 7, 1, 9, 5, 2, 10, 4, 8, 6])).toEqual({ median: 6, p90: 10, max: 11, n: 11 });
    expect(summarizeLatency([1, 2])).toEqual({ median: 1.5, p90: 1.9, max: 2, n: 2 });
  });

  it('is NaN without samples', () => {
    const summary = summarizeLatency([]);
    expect(summary.n).toBe(0);
    expect([summary.median, summary.p90, summary.max].every(Number.isNaN)).toBe(true);
  });
});

describe('end-to-end report', () => {
  const result = (missedSse: number[], missedPolling: number[], errors: string[] = []): EndToEndLatency => ({
    updates: 4,
    pollIntervalMs: 1000,
    sse: {
      way: 'SSE',
      ms: summarizeLatency([60, 70, 80, 90].slice(missedSse.length)),
      missed: missedSse,
      boundMs: 5000,
    },
    polling: {
      way: 'polling',
      ms: summarizeLatency([200, 400, 600, 1000].slice(missedPolling.length)),
      missed: missedPolling,
      boundMs: 7000,
    },
    errors,
  });

  it('has no failures when every update was heard and nothing was reported', () => {
    expect(endToEndFailures(result([], []))).toEqual([]);
  });

  it('names each way that missed updates, with the updates and the bound, and every reported error', () => {
    expect(endToEndFailures(result([], [2, 4], ['FETCH_FAILED: boom']))).toEqual([
      'the polling client never heard updates 2, 4 within 7,000 ms',
      'a client reported FETCH_FAILED: boom',
    ]);
    expect(endToEndFailures(result([3], []))).toEqual(['the SSE client never heard update 3 within 5,000 ms']);
  });

  it('reports polling relative to its interval as well as in ms', () => {
    const table = endToEndTable(result([], []));
    expect(table).toContain('polling every 1,000 ms');
    // Polling: median 500 ms, p90 880 ms, max 1000 ms → 0.50 / 0.88 / 1.00 of the interval.
    expect(table).toMatch(/polling every 1,000 ms +500\.0 +880\.0 +1,000\.0 +0\.50 \/ 0\.88 \/ 1\.00 +4\/4/);
    expect(table).toMatch(/SSE stream +75\.0 +87\.0 +90\.0 +– +4\/4/);
  });
});
