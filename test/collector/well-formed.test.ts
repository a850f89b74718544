import { describe, expect, it } from 'vitest';
import { isWellFormed, wellFormedEvent } from '../../src/collector/well-formed.js';

const F = '\ufffd';

describe('wellFormedEvent', () => {
  it('returns the event itself when every string and key is well formed (surrogate pairs included)', () => {
    const event = { id: 'e1', name: '🧪 test', units: { userID: 'ü' }, metadata: { list: [1, null, true, '𝄞'] } };
    expect(wellFormedEvent(event)).toBe(event);
  });

  it('replaces each unpaired surrogate with U+FFFD in values and keys at any depth, leaving the input alone', () => {
    const event = {
      name: 'a\ud800',
      units: { userID: '\udc00u' },
      metadata: { ['k\ud83d']: [{ deep: ['x\udfffy', 2, false, null] }], pair: '\ud83e\uddea' },
    };
    const before = JSON.stringify(event);
    const fixed = wellFormedEvent(event);
    expect(fixed).toEqual({
      name: `a${F}`,
      units: { userID: `${F}u` },
      metadata: { [`k${F}`]: [{ deep: [`x${F}y`, 2, false, null] }], pair: '🧪' },
    });
    // Reversed halves are two unpaired surrogates, not a pair.
    expect(wellFormedEvent({ s: '\udc00\ud800' })).toEqual({ s: F + F });
    expect(JSON.stringify(event)).toBe(before);
  });

  it('keeps key order', () => {
    const fixed = wellFormedEvent(JSON.parse('{"a":1,"\\ud800":2,"b":3}') as object);
    expect(Object.entries(fixed)).toEqual([
      ['a', 1],
      [F, 2],
      ['b', 3],
    ]);
  });

  it('returns the path of a key two keys of one object would become (either value would be lost)', () => {
    // Two repaired keys, or a repaired key and one that was already U+FFFD: at the top, nested, in arrays.
    expect(wellFormedEvent(JSON.parse('{"a":1,"\\ud800":2,"\\udc00":4}') as object)).toEqual([F]);
    expect(wellFormedEvent(JSON.parse('{"m":{"\\ufffd":"good","\\ud800":"bad"}}') as object)).toEqual(['m', F]);
    expect(wellFormedEvent(JSON.parse('{"l":[0,{"\\udfff":1,"\\ud800":2}]}') as object)).toEqual(['l', 1, F]);
    // Keys that stay apart are fine: a repaired key beside a different one.
    expect(wellFormedEvent(JSON.parse('{"\\ud800x":1,"\\ud800y":2}') as object)).toEqual({
      [`${F}x`]: 1,
      [`${F}y`]: 2,
    });
  });

  it('keeps a __proto__ key as a key, not a prototype', () => {
    const fixed = wellFormedEvent(JSON.parse('{"__proto__":{"x":1},"k":"\\ud800"}') as object);
    expect(Object.getPrototypeOf(fixed)).toBe(Object.prototype);
    expect(Object.keys(fixed)).toEqual(['__proto__', 'k']);
    expect(Object.getOwnPropertyDescriptor(fixed, '__proto__')?.value).toEqual({ x: 1 });
  });
});

describe('isWellFormed', () => {
  it('tells unpaired surrogates from pairs', () => {
    expect(['', 'abc', '🧪', 'ä\u0000'].map(isWellFormed)).toEqual([true, true, true, true]);
    expect(['\ud800', 'a\udc00', '\ud83e\ud83e\uddea'].map(isWellFormed)).toEqual([false, false, false]);
  });
});
