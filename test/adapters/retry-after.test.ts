import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/adapters/retry-after.js';

const NOW = Date.UTC(2025, 5, 1, 8, 0, 0);

describe('parseRetryAfter', () => {
  it('reads seconds', () => {
    expect(parseRetryAfter('0', NOW)).toBe(0);
    expect(parseRetryAfter('7', NOW)).toBe(7000);
    expect(parseRetryAfter(' 120 ', NOW)).toBe(120_000);
    expect(parseRetryAfter('1.5', NOW)).toBe(1500);
  });

  it('reads HTTP dates (IMF-fixdate and the obsolete forms Date.parse knows)', () => {
    expect(parseRetryAfter('Sun, 01 Jun 2025 08:01:00 GMT', NOW)).toBe(60_000);
    expect(parseRetryAfter('Sunday, 01-Jun-25 08:00:10 GMT', NOW)).toBe(10_000);
    expect(parseRetryAfter('Sun Jun  1 08:00:10 2025', NOW)).toBe(10_000);
  });

  it('gives 0 for a date in the past', () => {
    expect(parseRetryAfter('Sat, 31 May 2025 08:00:00 GMT', NOW)).toBe(0);
  });

  it('gives undefined for missing or unreadable values', () => {
    for (const value of [null, undefined, '', 'soon', '-5', '1e3', 'Thu, 99 Foo 2025'])
      expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });

  it('gives undefined for text Date.parse reads as a date but no HTTP date is (not 0: that would retry at once)', () => {
    // V8's Date.parse reads each as a day in 2001 or 1999, long past.
    for (const value of ['soon 2', 'x 99', 'May 5', 'retry in 30', 'later 1.5'])
      expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});
