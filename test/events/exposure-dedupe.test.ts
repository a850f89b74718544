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

describe('createExposureDeduper with two-part keys', () => {
  it('logs each unit and exposure pair once', () => {
    const dedupe = createExposureDeduper();
    expect(dedupe.shouldLogFor('u1', 'gate\u0000a\u0000true')).toBe(true);
    expect(dedupe.shouldLogFor('u1', 'gate\u0000a\u0000true')).toBe(false);
    expect(dedupe.shouldLogFor('u1', 'gate\u0000a\u0000false')).toBe(true);
    expect(dedupe.shouldLogFor('u2', 'gate\u0000a\u0000true')).toBe(true);
    expect(dedupe.size()).toBe(3);
  });

  it('forgets the least recently seen pair across exposures', () => {
    const dedupe = createExposureDeduper({ maxEntries: 3 });
    dedupe.shouldLogFor('u1', 'x');
    dedupe.shouldLogFor('u1', 'y');
    dedupe.shouldLogFor('u2', 'x');
    expect(dedupe.shouldLogFor('u1', 'x')).toBe(false); // now the most recent; (u1, y) is the oldest
    expect(dedupe.shouldLogFor('u3', 'z')).toBe(true); // evicts (u1, y)
    expect(dedupe.size()).toBe(3);
    expect(dedupe.shouldLogFor('u2', 'x')).toBe(false);
    expect(dedupe.shouldLogFor('u1', 'x')).toBe(false);
    expect(dedupe.shouldLogFor('u1', 'y')).toBe(true);
  });

  it('keeps an exposure usable after its last unit was evicted to make room for the next', () => {
    const dedupe = createExposureDeduper({ maxEntries: 1 });
    expect(dedupe.shouldLogFor('u1', 'x')).toBe(true);
    expect(dedupe.shouldLogFor('u2', 'x')).toBe(true); // evicts (u1, x), the only unit of x
    expect(dedupe.shouldLogFor('u2', 'x')).toBe(false);
    expect(dedupe.shouldLogFor('u1', 'x')).toBe(true);
    expect(dedupe.size()).toBe(1);
  });

  it('keeps recency order while it grows to maxEntries', () => {
    // Slots are handed out one new key at a time up to maxEntries; recency must hold while they are, and once eviction starts.
    const dedupe = createExposureDeduper({ maxEntries: 5_000 });
    dedupe.shouldLogFor('first', 'e');
    for (let i = 0; i < 4_998; i++) {
      dedupe.shouldLogFor(`u${i}`, 'e');
      if (i % 1_000 === 0) expect(dedupe.shouldLogFor('first', 'e')).toBe(false); // keeps it recent
    }
    expect(dedupe.size()).toBe(4_999);
    expect(dedupe.shouldLogFor('last', 'e')).toBe(true); // fills the last slot
    expect(dedupe.shouldLogFor('new', 'e')).toBe(true); // evicts u0, the least recently seen
    expect(dedupe.shouldLogFor('first', 'e')).toBe(false);
    expect(dedupe.shouldLogFor('u1', 'e')).toBe(false);
    expect(dedupe.shouldLogFor('u0', 'e')).toBe(true);
  });

  it('applies the window per pair', () => {
    let now = 0;
    const dedupe = createExposureDeduper({ ttlMs: 1000, now: () => now });
    expect(dedupe.shouldLogFor('u', 'x')).toBe(true);
    now = 600;
    expect(dedupe.shouldLogFor('u', 'y')).toBe(true);
    now = 1000;
    expect(dedupe.shouldLogFor('u', 'x')).toBe(true);
    expect(dedupe.shouldLogFor('u', 'y')).toBe(false);
    now = 1600;
    expect(dedupe.shouldLogFor('u', 'y')).toBe(true);
  });

  it('clear forgets every pair and hands out slots from the first again', () => {
    const dedupe = createExposureDeduper({ maxEntries: 3_000 });
    for (let i = 0; i < 3_000; i++) dedupe.shouldLogFor(`u${i}`, 'x');
    dedupe.clear();
    expect(dedupe.size()).toBe(0);
    for (let i = 0; i < 3_000; i++) expect(dedupe.shouldLogFor(`u${i}`, 'x')).toBe(true);
    expect(dedupe.shouldLogFor('u0', 'x')).toBe(false);
  });
});
