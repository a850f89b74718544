/**
 * Bucketing hashes `salt + "." + unitId` as UTF-8 with murmur3_x86_32. The
 * salt part is fixed per rule, so it is mixed once ({@link prepareSalt}); per
 * unit, hashing resumes from there and feeds the id's UTF-8 bytes straight
 * from its UTF-16 code units: no TextEncoder, no buffer, no allocation.
 */
// The order of these imports is on purpose: bundlers lay modules out in import order, and this order gzips
// the lite bundle (a) smallest without growing (b) (`npm run size`). Measure before reordering.
import { BUCKET_COUNT } from './threshold.js';
import { C1, C2, finalizeBucket } from './murmur3.js';

/** A salt prepared for hashing: the murmur state after the bytes of `salt + "."`. */
export interface HashPrefix {
  /** Murmur state after the prefix's whole 4-byte blocks (seed 0). */
  readonly _mixedState: number;
  /** The prefix's last 0–3 bytes, packed little-endian into one word (the block still being filled). */
  readonly _tailWord: number;
  /** Number of UTF-8 bytes in the prefix. */
  readonly _byteCount: number;
}

/** A prefix being prepared: {@link hashText} leaves its state here instead of finishing the hash. */
type MutablePrefix = { -readonly [K in keyof HashPrefix]: HashPrefix[K] };

/**
 * murmur3 of `prefix`'s bytes followed by the UTF-8 bytes of `text`, mod
 * `modulus`; with `keep`, the unfinished state is stored there instead (how
 * salts are prepared, so one UTF-8 encoder serves both). UTF-8 is what TextEncoder produces: surrogate pairs joined, a
 * lone surrogate as U+FFFD. The block mix is written out here rather than
 * called, so no 32-bit intermediate crosses a call boundary (where the engine
 * could box it as a heap number); a bucket (< 10000) never is.
 */
function hashText(prefix: HashPrefix, text: string, modulus: number, keep?: MutablePrefix): number {
  let h = prefix._mixedState;
  let k = prefix._tailWord;
  let length = prefix._byteCount;
  const end = text.length;
  for (let i = 0; i < end; ) {
    let code = text.charCodeAt(i++);
    // Continuation bytes still to come after the byte in `code`, and the code point they come from.
    let rest = 0;
    let point = code;
    if (code >= 0x80) {
      if (code >= 0xd800 && code < 0xe000) {
        const low = text.charCodeAt(i);
        if (code < 0xdc00 && low >= 0xdc00 && low < 0xe000) {
          point = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          i++;
        } else point = 0xfffd;
      }
      rest = point < 0x800 ? 1 : point < 0x10000 ? 2 : 3;
      // The lead byte: 110xxxxx, 1110xxxx or 11110xxx.
      code = ((0xff00 >> (rest + 1)) & 0xff) | (point >> (6 * rest));
    }
    for (;;) {
      k |= code << ((length & 3) << 3);
      if ((++length & 3) === 0) {
        k = Math.imul(k, C1);
        k = (k << 15) | (k >>> 17);
        h ^= Math.imul(k, C2);
        h = (h << 13) | (h >>> 19);
        h = (Math.imul(h, 5) + 0xe6546b64) | 0;
        k = 0;
      }
      if (rest === 0) break;
      code = 0x80 | ((point >> (6 * --rest)) & 0x3f);
    }
  }
  if (keep !== undefined) {
    keep._mixedState = h;
    keep._tailWord = k;
    keep._byteCount = length;
    return 0;
  }
  return finalizeBucket(h, k, length, modulus);
}

/** Encodes and mixes `salt + "."` once, at compile time. */
export function prepareSalt(salt: string): HashPrefix {
  // The prefix starts empty, so it is also the state the salt's bytes are hashed from.
  const prefix: MutablePrefix = { _mixedState: 0, _tailWord: 0, _byteCount: 0 };
  hashText(prefix, `${salt}.`, 0, prefix);
  return prefix;
}

/** The unit's bucket in [0, 10000): murmur3_x86_32 of the UTF-8 bytes of `salt + "." + unitId` (the salt `prefix` was prepared from), seed 0, mod 10000. */
export function bucketOf(prefix: HashPrefix, unitId: string): number {
  return hashText(prefix, unitId, BUCKET_COUNT);
}

/**
 * The full hash: murmur3_x86_32 of the UTF-8 bytes of `salt + "." + unitId` (the salt `prefix` was prepared from), seed 0 (unsigned).
 * The tests' hook: evaluation needs only {@link bucketOf}, but the whole 32 bits compare with a reference murmur3 more strictly than a bucket.
 */
export function hashOf(prefix: HashPrefix, unitId: string): number {
  return hashText(prefix, unitId, 2 ** 32);
}
