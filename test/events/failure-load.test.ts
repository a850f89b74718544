/**
 * The failure handling loads with import() at the first failed delivery. When that load fails (a page
 * gone offline cannot fetch the chunk), the batch is kept, waits the longest backoff instead of going
 * again at once (no retry storm), and the next failure loads the module again.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { events, status, T0, usePipelineTest } from './helpers.js';

const { collector, errors, pipeline } = usePipelineTest();
// Taken before the tests install fake timers: the failed load settles on the runner's real time.
const realSetTimeout = globalThis.setTimeout;
afterEach(() => vi.doUnmock('../../src/events/failed-delivery.js'));

describe('failure handling that cannot load', () => {
  it('keeps the batch, backs off the longest delay, and loads the handling at the next failure', async () => {
    vi.doMock('../../src/events/failed-delivery.js', () => {
      throw new Error('chunk failed to load');
    });
    collector.reply((_batch, index) => status(index < 2 ? 503 : 200));
    const logged: unknown[] = [];
    const p = pipeline({
      retry: { baseDelayMs: 1000, maxDelayMs: 5000 },
      logger: { debug() {}, info() {}, warn() {}, error: (...args: unknown[]) => logged.push(args) },
    });
    for (const event of events(0, 10)) p.enqueue(event);
    await vi.advanceTimersByTimeAsync(100);
    // The failed load settles on the test runner's own time (module resolution), not the fake clock's.
    for (let i = 0; i < 200 && logged.length === 0; i++) await new Promise((resolve) => realSetTimeout(resolve, 10));
    expect(collector.times.map((t) => t - T0)).toEqual([0]);
    expect(p.stats()).toMatchObject({ queued: 10, sent: 0, dropped: 0 });
    expect(logged).toHaveLength(1);
    vi.doUnmock('../../src/events/failed-delivery.js');
    // Not before maxDelayMs from that failure (at 100 ms): then the second failure loads the handling, which
    // reports it and retries with its own backoff (0.5 · 1000 ms: the failed load counted no attempt).
    await vi.advanceTimersByTimeAsync(4900);
    expect(collector.times.map((t) => t - T0)).toEqual([0]);
    await vi.advanceTimersByTimeAsync(200);
    expect(collector.times.map((t) => t - T0)).toEqual([0, 5100]);
    for (let i = 0; i < 200 && errors.length === 0; i++) await new Promise((resolve) => realSetTimeout(resolve, 10));
    await vi.advanceTimersByTimeAsync(3000);
    const [, second, third] = collector.times;
    expect(third! - second!).toBeGreaterThanOrEqual(500);
    expect(p.stats()).toMatchObject({ queued: 0, sent: 10, retried: 1, dropped: 0 });
    expect(errors.map((e) => e.code)).toEqual(['TRANSPORT_FAILED']);
  });
});
