/**
 * shutdown() loads its module with import() at the call. When that load fails (a page gone offline cannot
 * fetch the chunk), the pipeline stops at once, as at a deadline: what is left is reported, kept in storage
 * with persistence, and nothing more is sent.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualScheduler, events, quotaStorage, status, usePipelineTest } from './helpers.js';

const { collector, pipeline } = usePipelineTest();
afterEach(() => vi.doUnmock('../../src/events/shutdown.js'));

describe('a shutdown that cannot load', () => {
  it('stops at once and keeps what is left in storage', async () => {
    vi.doMock('../../src/events/shutdown.js', () => {
      throw new Error('chunk failed to load');
    });
    collector.reply(() => status(503));
    const storage = quotaStorage();
    const p = pipeline({ persistence: { storage }, flushIntervalMs: 60_000 });
    for (const event of events(0, 4)) p.enqueue(event);
    expect(await p.shutdown({ timeoutMs: 60_000 })).toMatchObject({
      delivered: false,
      undelivered: 4,
      stats: { queued: 4, sent: 0, dropped: 0 },
    });
    const kept = JSON.parse(storage.values.get('splitkit.events') ?? '{}') as { events: { id: string }[] };
    expect(kept.events.map((e) => e.id)).toEqual(events(0, 4).map((e) => e.id));
    await vi.advanceTimersByTimeAsync(120_000);
    expect(collector.batches).toHaveLength(0);
  });

  it('counts the deadline from the call: the time the module took to load comes out of the wait', async () => {
    const { drain } =
      await vi.importActual<typeof import('../../src/events/shutdown.js')>('../../src/events/shutdown.js');
    // The manual scheduler's time alone, on real timers (it drains promises with setImmediate).
    vi.useRealTimers();
    const scheduler = new ManualScheduler();
    scheduler.time = 5_000;
    let stopped = 0;
    const host = {
      _scheduler: scheduler,
      _drain: () => undefined,
      _force: () => undefined,
      _changed: () => undefined,
      _stop: () => ({ delivered: false, undelivered: 1, stats: {} }) as never,
    };
    // shutdown() was called at 0 with 8 s; its module arrived 5 s later: 3 s of the wait remain.
    const done = drain(host, 8_000, 0).then(() => stopped++);
    await scheduler.advance(2_900);
    expect(stopped).toBe(0);
    await scheduler.advance(200);
    await done;
    expect(stopped).toBe(1);
  });
});
