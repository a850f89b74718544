/**
 * The deduper's hand-made LRU (slots in arrays, recency as a linked list,
 * a map per exposure) against the plainest model of the same contract: a Map
 * of `[unit, exposure]` keys in recency order, each with when it last logged.
 * Any sequence of reads, clock moves and clears must get the same answers.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createExposureDeduper } from '../../src/events/exposure-dedupe.js';

type Step = { op: 'read'; unit: string; exposure: string } | { op: 'wait'; ms: number } | { op: 'clear' };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      op: fc.constant('read' as const),
      unit: fc.constantFrom('', 'a', 'b'),
      exposure: fc.constantFrom('', 'x', 'y'),
    }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('wait' as const), ms: fc.nat(40) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('clear' as const) }) },
);

/** The contract, as simply as it can be written. */
function model(maxEntries: number, ttlMs: number | undefined, now: () => number) {
  const loggedAt = new Map<string, number>();
  return {
    shouldLogFor(unit: string, exposure: string): boolean {
      const key = JSON.stringify([unit, exposure]);
      const last = loggedAt.get(key);
      loggedAt.delete(key);
      if (last !== undefined && (ttlMs === undefined || now() - last < ttlMs)) {
        loggedAt.set(key, last);
        return false;
      }
      if (last === undefined && loggedAt.size >= maxEntries) loggedAt.delete(loggedAt.keys().next().value!);
      loggedAt.set(key, now());
      return true;
    },
    clear: () => loggedAt.clear(),
    size: () => loggedAt.size,
  };
}

describe('exposure deduper against a model', () => {
  it('answers every read as a Map-based LRU with a window would', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
        fc.array(step, { maxLength: 300 }),
        (maxEntries, ttlMs, steps) => {
          let time = 1_000;
          const now = (): number => time;
          const real = createExposureDeduper({ maxEntries, ttlMs, now });
          const expected = model(maxEntries, ttlMs, now);
          for (const s of steps) {
            if (s.op === 'wait') time += s.ms;
            else if (s.op === 'clear') {
              real.clear();
              expected.clear();
            } else expect(real.shouldLogFor(s.unit, s.exposure)).toBe(expected.shouldLogFor(s.unit, s.exposure));
            expect(real.size()).toBe(expected.size());
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
