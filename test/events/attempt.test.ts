import { describe, expect, it } from 'vitest';
import { isoNow } from '../../src/events/attempt.js';
import type { Scheduler } from '../../src/io/scheduler.js';

const clock = (now: () => number): Scheduler => ({ now, setTimeout: () => 0, clearTimeout: () => {} });
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('isoNow', () => {
  it("writes the scheduler's time", () => {
    expect(isoNow(clock(() => Date.UTC(2025, 0, 2, 3, 4, 5, 6)))).toBe('2025-01-02T03:04:05.006Z');
  });

  it('falls back to the host clock when the scheduler throws or returns garbage', () => {
    const before = Date.now();
    for (const now of [() => { throw new Error('broken clock'); }, () => Number.NaN, () => 1e20]) {
      const text = isoNow(clock(now));
      expect(text).toMatch(ISO);
      expect(Date.parse(text)).toBeGreaterThanOrEqual(before - 1);
    }
  });
});
