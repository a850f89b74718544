/**
 * shutdown() loads its module with import() at the call. When that load fails (a page gone offline cannot
 * fetch the chunk), the pipeline stops at once, as at a deadline: what is left is reported, kept in storage
 * with persistence, and nothing more is sent.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { events, quotaStorage, status, usePipelineTest } from './helpers.js';

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
});
