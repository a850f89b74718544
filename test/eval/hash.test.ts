import fc from 'fast-check';
import murmurHash3 from 'murmurhash3js-revisited';
import { describe, expect, it } from 'vitest';
import { bucket, murmur3 } from '../../src/eval/hash.js';
import { bucketOf, hashOf, prepareSalt } from '../../src/eval/hasher.js';

const utf8 = new TextEncoder();
/** The independent reference: murmurhash3js-revisited over TextEncoder's UTF-8 bytes. */
const reference = (salt: string, unitId: string) => murmurHash3.x86.hash32(utf8.encode(`${salt}.${unitId}`), 0);
const bytes = (text: string) => utf8.encode(text);

// Strings of arbitrary UTF-16 code units, so lone surrogates are exercised too.
const anyCodeUnits = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  maxLength: 40,
});
const anyText = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), anyCodeUnits);

describe('murmur3', () => {
  it('matches published MurmurHash3_x86_32 values', () => {
    expect(murmur3(bytes(''), 0)).toBe(0);
    expect(murmur3(bytes(''), 0, 1)).toBe(0x514e28b7);
    expect(murmur3(bytes(''), 0, 0xffffffff)).toBe(0x81f16f39);
    expect(murmur3(bytes('hello'), 5)).toBe(0x248bfa47);
    expect(murmur3(bytes('The quick brown fox jumps over the lazy dog'), 43)).toBe(0x2e4ff723);
  });

  it('agrees with murmurhash3js-revisited on arbitrary bytes and seeds', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 0, max: 0xffffffff }), (input, seed) => {
        expect(murmur3(input, input.length, seed)).toBe(murmurHash3.x86.hash32(input, seed));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads only the first `length` bytes and returns an unsigned 32-bit integer', () => {
    const input = bytes('abcdefgh');
    expect(murmur3(input, 5)).toBe(murmur3(bytes('abcde'), 5));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 16 }), (input) => {
        const hash = murmur3(input, input.length);
        expect(Number.isInteger(hash) && hash >= 0 && hash <= 0xffffffff).toBe(true);
      }),
    );
  });
});

describe('bucket', () => {
  it('is murmur3 of the UTF-8 bytes of `salt.unitId`, seed 0, mod 10000', () => {
    fc.assert(
      fc.property(anyText, anyText, (salt, unitId) => {
        expect(bucket(salt, unitId)).toBe(reference(salt, unitId) % 10000);
      }),
      { numRuns: 5000 },
    );
  });

  it('hashes UTF-8, not UTF-16 code units', () => {
    // "é" is one UTF-16 unit (0x00e9) but two UTF-8 bytes (0xc3 0xa9).
    expect(bucket('s', 'é')).toBe(murmurHash3.x86.hash32([0x73, 0x2e, 0xc3, 0xa9], 0) % 10000);
    expect(bucket('s', 'é')).not.toBe(murmurHash3.x86.hash32([0x73, 0x2e, 0xe9], 0) % 10000);
    // A lone surrogate is hashed as U+FFFD, like TextEncoder does.
    expect(bucket('s', '\ud800')).toBe(bucket('s', '\ufffd'));
  });

  it('joins only a high surrogate followed by a low one, at the edges of both ranges', () => {
    // Random code units rarely pair a high surrogate with a unit just outside the low range.
    const edges = [0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0x41];
    for (const first of edges)
      for (const second of edges) {
        const unitId = String.fromCharCode(first, second);
        expect(bucket('s', unitId)).toBe(reference('s', unitId) % 10000);
      }
  });

  it('always lies in [0, 10000)', () => {
    let outside = 0;
    let seenLow = false;
    let seenHigh = false;
    for (let i = 0; i < 20000; i++) {
      const value = bucket('range', `u${i}`);
      if (!(Number.isInteger(value) && value >= 0 && value < 10000)) outside++;
      if (value < 100) seenLow = true;
      if (value >= 9900) seenHigh = true;
    }
    expect(outside).toBe(0);
    // Both ends of the range are reached (each is hit with probability 1 − 0.99^20000).
    expect(seenLow && seenHigh).toBe(true);
  });
});

describe('hashOf and bucketOf on a prepared salt', () => {
  it('gives the reference hash for every prefix tail length (0–3 bytes) and any id', () => {
    // Salts whose "salt." prefix is 4, 5, 6 and 7 bytes long leave tails of 0, 1, 2 and 3 bytes.
    const salts = ['abc', 'abcd', 'abcde', 'abcdef', 'é', 'éé', '日本'];
    const prefixes = salts.map(prepareSalt);
    fc.assert(
      fc.property(anyText, (unitId) => {
        prefixes.forEach((prefix, i) => {
          expect(hashOf(prefix, unitId)).toBe(reference(salts[i]!, unitId));
          expect(bucketOf(prefix, unitId)).toBe(reference(salts[i]!, unitId) % 10000);
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('handles every id length from 0 to 17 with every prefix alignment, ASCII and not', () => {
    for (const salt of ['abc', 'abcd', 'abcde', 'abcdef']) {
      const prefix = prepareSalt(salt);
      for (let length = 0; length <= 17; length++) {
        const ascii = 'k7Qz!~ 0aZ'.repeat(2).slice(0, length);
        for (const id of [ascii, `${ascii}é`, `é${ascii}`])
          expect(bucketOf(prefix, id)).toBe(reference(salt, id) % 10000);
      }
    }
  });

  it('hashes long ids, ASCII and not, without a size limit', () => {
    const prefix = prepareSalt('long');
    for (const length of [255, 256, 257, 1000, 30000, 70000, 200000]) {
      for (const id of ['x'.repeat(length), 'é'.repeat(length), `${'a'.repeat(length)}😀`]) {
        expect(hashOf(prefix, id)).toBe(reference('long', id));
      }
    }
    expect(hashOf(prefix, 'short')).toBe(reference('long', 'short'));
  });

  it('does not depend on what was hashed before (no state leaks between calls)', () => {
    const prefix = prepareSalt('leak');
    hashOf(prefix, 'a much longer id than the next one, hashed first');
    expect(hashOf(prefix, 'ab')).toBe(reference('leak', 'ab'));
    hashOf(prepareSalt('x'), 'ü');
    expect(hashOf(prefix, 'ab')).toBe(reference('leak', 'ab'));
  });
});
