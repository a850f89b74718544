import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../src/index.js';
import type { EventBatch } from '../../src/events/types.js';

afterEach(() => vi.useRealTimers());

describe('default flush interval', () => {
  it.each([
    ['server', 5_000],
    ['browser', 10_000],
  ] as const)('%s: a lone event goes %i ms after it was tracked, not before', async (environment, interval) => {
    vi.useFakeTimers();
    const batches: EventBatch[] = [];
    const client = createClient({
      ruleset: {},
      environment,
      transport: async (batch) => {
        batches.push(batch);
        return { status: 200 };
      },
      events: { persist: false },
    });
    client.track('purchase', { user: { userID: 'u1' } });
    await vi.advanceTimersByTimeAsync(interval - 1);
    expect(batches).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(batches.map((b) => b.events.length)).toEqual([1]);
    await client.shutdown();
  });
});
