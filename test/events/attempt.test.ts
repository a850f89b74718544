import { describe, expect, it, vi } from 'vitest';
import { isoNow, startAttempt } from '../../src/events/attempt.js';
import type { EventBatch } from '../../src/events/types.js';
import type { Scheduler } from '../../src/io/scheduler.js';

const clock = (now: () => number): Scheduler => ({ now, setTimeout: () => 0, clearTimeout: () => {} });
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('isoNow', () => {
  it("writes the scheduler's time", () => {
    expect(isoNow(clock(() => Date.UTC(2025, 0, 2, 3, 4, 5, 6)))).toBe('2025-01-02T03:04:05.006Z');
  });

  it('falls back to the host clock when the scheduler throws or returns garbage', () => {
    const before = Date.now();
    for (const now of [
      () => {
        throw new Error('broken clock');
      },
      () => Number.NaN,
      () => 1e20,
    ]) {
      const text = isoNow(clock(now));
      expect(text).toMatch(ISO);
      expect(Date.parse(text)).toBeGreaterThanOrEqual(before - 1);
    }
  });
});

describe('startAttempt', () => {
  const batch = {
    batchId: 'b',
    sentAt: '',
    sdk: { name: 'splitkit', version: '0' },
    events: [],
  } as unknown as EventBatch;
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };

  it('delivers the first outcome once, later than the call', async () => {
    const done = vi.fn();
    startAttempt(async () => ({ status: 200 }), batch, false, 1_000, clock(Date.now), done);
    expect(done).not.toHaveBeenCalled();
    await settle();
    expect(done).toHaveBeenCalledExactlyOnceWith({ status: 200 }, '', undefined);
  });

  it('delivers no outcome after giving up, even one already decided but not yet delivered', async () => {
    // Giving up after 0, 1, 2, … microtasks: one of these lands between the answer being decided and its
    // delivery, which is queued a microtask later.
    for (let ticks = 0; ticks < 8; ticks++) {
      const done = vi.fn();
      const giveUp = startAttempt(() => Promise.resolve({ status: 200 }), batch, false, 1_000, clock(Date.now), done);
      for (let i = 0; i < ticks; i++) await Promise.resolve();
      const delivered = done.mock.calls.length > 0;
      giveUp();
      await settle();
      if (!delivered) expect(done, `gave up after ${ticks} microtasks`).not.toHaveBeenCalled();
    }
  });

  it('turns an answer that throws when read into a failed attempt', async () => {
    // It once left a rejected promise nobody handled, which ends a Node process, and no outcome.
    const done = vi.fn();
    const answer = {
      get status(): number {
        throw new Error('status getter');
      },
    };
    startAttempt(() => Promise.resolve(answer) as never, batch, false, 1_000, clock(Date.now), done);
    await settle();
    expect(done).toHaveBeenCalledExactlyOnceWith(undefined, 'network error: status getter', expect.any(Error));
  });
});
