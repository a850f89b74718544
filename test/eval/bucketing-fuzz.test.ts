/**
 * Fuzzes the allocation-free UTF-8 hasher against TextEncoder + murmurhash3js-revisited (the reference of
 * docs/bucketing.md) on seeded random salts and unit ids: every kind of code unit (ASCII, 2- and 3-byte,
 * surrogate pairs, lone and reversed surrogates, at every position), lengths around the 4-byte blocks,
 * and very long ids.
 */
import murmurHash3 from 'murmurhash3js-revisited';
import { describe, expect, it } from 'vitest';
import { bucket } from '../../src/eval/hash.js';
import { hashOf, prepareSalt } from '../../src/eval/hasher.js';
import { seededRandom } from '../../src/testing/index.js';

const utf8 = new TextEncoder();
const reference = (salt: string, id: string): number => murmurHash3.x86.hash32(utf8.encode(`${salt}.${id}`), 0);

/** A random UTF-16 string: its code units drawn from ranges that take every branch of the encoder. */
function text(r: () => number, length: number): string {
  const units: number[] = [];
  const RANGES: [number, number][] = [
    [0x00, 0x7f],
    [0x80, 0x7ff],
    [0x800, 0xd7ff],
    [0xd800, 0xdbff], // high surrogate: paired or lone
    [0xdc00, 0xdfff], // low surrogate: lone unless after a high one
    [0xe000, 0xffff],
  ];
  for (let i = 0; i < length; i++) {
    const [low, high] = RANGES[Math.floor(r() * RANGES.length)]!;
    units.push(low + Math.floor(r() * (high - low + 1)));
  }
  let out = '';
  // In slices: one spread of a million arguments would overflow the stack.
  for (let i = 0; i < units.length; i += 4096) out += String.fromCharCode(...units.slice(i, i + 4096));
  return out;
}

describe('the hasher agrees with TextEncoder + murmurhash3js-revisited', () => {
  it('on 20,000 seeded random salts and unit ids of 0 to 40 code units', () => {
    const r = seededRandom(3);
    const differences: string[] = [];
    for (let n = 0; n < 20_000; n++) {
      const salt = text(r, Math.floor(r() * 12));
      const id = text(r, Math.floor(r() * 41));
      const expected = reference(salt, id);
      if (hashOf(prepareSalt(salt), id) !== expected || bucket(salt, id) !== expected % 10000) {
        differences.push(JSON.stringify([salt, id]));
      }
    }
    expect(differences.slice(0, 5)).toEqual([]);
  });

  it('on ids that end or start in the middle of a surrogate pair', () => {
    for (const id of ['\ud83d', '\ude00', '\ude00\ud83d', 'a\ud83d', '\ud83d\ud83d\ude00', '\ud83d\ude00\ude00']) {
      for (const salt of ['s', 'é', '\ud83d', '😀', 'abc']) {
        expect(hashOf(prepareSalt(salt), id), JSON.stringify([salt, id])).toBe(reference(salt, id));
      }
    }
  });

  it('on very long ids (up to 1 MB of mixed text)', () => {
    const r = seededRandom(4);
    for (const length of [1_000, 65_537, 1_000_003]) {
      const id = text(r, length);
      expect(hashOf(prepareSalt('long'), id)).toBe(reference('long', id));
    }
  });
});
