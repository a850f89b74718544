/**
 * The wall clock (Date.now) can jump backwards while a page or process runs: an NTP step, a user fixing the
 * date, a laptop resuming, a VM restored. Timers run on a monotonic clock and do not jump; what the pipeline
 * and the exposure dedupe compute from `now()` must not stretch a pause by the jump.
 */
import { describe, expect, it, vi } from 'vitest';
import { createExposureDeduper } from '../../src/events/exposure-dedupe.js';
import { events, status, usePipelineTest } from './helpers.js';

const { collector, pipeline } = usePipelineTest();
const HOUR = 3_600_000;

describe('the wall clock going backwards', () => {
  it('does not stretch a retry backoff by the jump: the batch and those behind it go when the backoff ends', async () => {
    let failures = 0;
    // The batch of e0 fails twice, then goes through; every other batch goes through.
    collector.reply((batch) => status(batch.events[0]?.id === 'e0' && failures++ < 2 ? 503 : 200));
    const p = pipeline();
    for (const event of events(0, 10)) p.enqueue(event);
    await vi.advanceTimersByTimeAsync(0);
    expect(collector.batches).toHaveLength(1);
    // A backoff of 500 ms (random 0.5 · 1000) runs; the clock is set back an hour; a batch waits behind it.
    vi.setSystemTime(Date.now() - HOUR);
    for (const event of events(10, 20)) p.enqueue(event);
    await vi.advanceTimersByTimeAsync(499);
    expect(collector.batches).toHaveLength(1);
    // The backoff ends on time: the retry (failing again) and the batch behind it go.
    await vi.advanceTimersByTimeAsync(1);
    expect(collector.batches).toHaveLength(3);
    // The second backoff (1,000 ms) is not lengthened by the one set before the jump either.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(new Set(collector.acceptedIds())).toEqual(new Set(events(0, 20).map((e) => e.id)));
    expect(p.stats()).toMatchObject({ queued: 0, sent: 20 });
  });

  it('does not keep an exposure from logging again for the jump on top of its ttl', () => {
    let now = 10 * HOUR;
    const dedupe = createExposureDeduper({ ttlMs: HOUR, now: () => now });
    expect(dedupe.shouldLog('k')).toBe(true);
    now -= 5 * HOUR;
    // Logged "in the future": the window is no longer known, so the exposure logs once more, and its window starts now.
    expect(dedupe.shouldLog('k')).toBe(true);
    expect(dedupe.shouldLog('k')).toBe(false);
    now += HOUR;
    expect(dedupe.shouldLog('k')).toBe(true);
  });
});
