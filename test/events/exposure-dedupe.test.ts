import { describe, expect, it } from 'vitest';
import { createExposureDeduper } from '../../src/events/exposure-dedupe.js';

describe('createExposureDeduper', () => {
  it('logs a key once', () => {
    const dedupe = createExposureDeduper();
    expect(dedupe.shouldLog('a')).toBe(true);
    expect(dedupe.shouldLog('a')).toBe(false);
    expect(dedupe.shouldLog('b')).toBe(true);
    expect(dedupe.size()).toBe(2);
  });

  it('forgets the least recently seen key past maxEntries', () => {
    const dedupe = createExposureDeduper({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c']) dedupe.shouldLog(key);
    expect(dedupe.shouldLog('a')).toBe(false); // a is now the most recent
    expect(dedupe.shouldLog('d')).toBe(true); // evicts b
    expect(dedupe.size()).toBe(3);
    expect(dedupe.shouldLog('a')).toBe(false);
    expect(dedupe.shouldLog('c')).toBe(false);
    expect(dedupe.shouldLog('b')).toBe(true);
  });

  it('logs again once the window has passed, counted from the last log', () => {
    let now = 0;
    const dedupe = createExposureDeduper({ ttlMs: 1000, now: () => now });
    expect(dedupe.shouldLog('a')).toBe(true);
    now = 999;
    expect(dedupe.shouldLog('a')).toBe(false);
    now = 1000;
    expect(dedupe.shouldLog('a')).toBe(true);
    now = 1500;
    expect(dedupe.shouldLog('a')).toBe(false);
    now = 2000;
    expect(dedupe.shouldLog('a')).toBe(true);
  });

  it('stays bounded with a million distinct users', () => {
    const dedupe = createExposureDeduper({ maxEntries: 10_000 });
    let logged = 0;
    for (let i = 0; i < 1_000_000; i++) if (dedupe.shouldLog(`gate\u0000checkout\u0000user-${i}`)) logged++;
    expect(logged).toBe(1_000_000);
    expect(dedupe.size()).toBe(10_000);
    // The most recent users are still remembered, the first ones forgotten.
    expect(dedupe.shouldLog('gate\u0000checkout\u0000user-999999')).toBe(false);
    expect(dedupe.shouldLog('gate\u0000checkout\u0000user-0')).toBe(true);
  });

  it('clear forgets everything', () => {
    const dedupe = createExposureDeduper();
    dedupe.shouldLog('a');
    dedupe.clear();
    expect(dedupe.size()).toBe(0);
    expect(dedupe.shouldLog('a')).toBe(true);
  });
});
