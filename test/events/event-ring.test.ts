import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEventRing } from '../../src/events/event-ring.js';

describe('EventRing', () => {
  it('is first in, first out across growth and wrap-around', () => {
    const ring = createEventRing<number>();
    for (let i = 0; i < 10; i++) ring.push(i);
    expect(ring.shift()).toBe(0);
    expect(ring.shift()).toBe(1);
    for (let i = 10; i < 40; i++) ring.push(i); // wraps, then grows past 16
    expect(ring.length).toBe(38);
    expect(ring._copyAll()).toEqual(Array.from({ length: 38 }, (_, i) => i + 2));
    expect(ring._takeUpTo(5)).toEqual([2, 3, 4, 5, 6]);
    expect(ring.shift()).toBe(7);
  });

  it('returns undefined from an empty ring and takes at most what it has', () => {
    const ring = createEventRing<string>();
    expect(ring.shift()).toBeUndefined();
    ring.push('a');
    expect(ring._takeUpTo(10)).toEqual(['a']);
    expect(ring.length).toBe(0);
  });

  it('clear empties it', () => {
    const ring = createEventRing<number>();
    for (let i = 0; i < 100; i++) ring.push(i);
    ring.clear();
    expect(ring.length).toBe(0);
    expect(ring._copyAll()).toEqual([]);
  });

  it('behaves like an array queue under any sequence of operations', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer(),
            fc.constant('shift' as const),
            fc.nat(20).map((n) => ({ take: n })),
          ),
        ),
        (ops) => {
          const ring = createEventRing<number>();
          const model: number[] = [];
          for (const op of ops) {
            if (op === 'shift') expect(ring.shift()).toBe(model.shift());
            else if (typeof op === 'number') {
              ring.push(op);
              model.push(op);
            } else expect(ring._takeUpTo(op.take)).toEqual(model.splice(0, op.take));
            expect(ring.length).toBe(model.length);
          }
          expect(ring._copyAll()).toEqual(model);
        },
      ),
    );
  });
});
