/**
 * Bucketing hashes `salt + "." + unitId` as UTF-8. The salt part is fixed per
 * rule, so it is encoded and mixed once ({@link prepareSalt}). Per unit, an
 * all-ASCII id (its UTF-8 bytes are its char codes) is hashed straight from
 * the string; any other id is encoded with TextEncoder into a scratch buffer
 * owned by a {@link Hasher}. The ASCII path allocates nothing; the other one
 * at most TextEncoder's small result object (optimized away by V8 in our
 * measurements), for ids up to 64 KiB.
 */
import { C1, C2, finalizeBucket, murmur3Blocks, murmur3Continue, murmur3ContinueBucket } from './murmur3.js';
import { BUCKET_COUNT } from './threshold.js';

/** A salt prepared for hashing: `salt + "."` encoded and its whole 4-byte blocks already mixed. */
export interface HashPrefix {
  /** The salt it was made from. */
  readonly salt: string;
  /** Murmur state after the prefix's whole blocks (seed 0). */
  readonly state: number;
  /** Bytes of the prefix mixed into `state`. */
  readonly mixed: number;
  /** The last 0–3 bytes of the prefix, hashed together with the unit id. */
  readonly tail: Uint8Array;
  /** The same tail bytes packed little-endian into one word. */
  readonly tailWord: number;
}

const utf8 = new TextEncoder();

/** Encodes `salt + "."` and mixes its whole blocks. Done once per salt, at compile time. */
export function prepareSalt(salt: string): HashPrefix {
  const bytes = utf8.encode(`${salt}.`);
  const mixed = bytes.length - (bytes.length & 3);
  const tail = bytes.slice(mixed);
  let tailWord = 0;
  for (let i = 0; i < tail.length; i++) tailWord |= tail[i]! << (8 * i);
  return { salt, state: murmur3Blocks(0, bytes, bytes.length), mixed, tail, tailWord };
}

/**
 * The bucket of an all-ASCII id, reading char codes as bytes: no encoding,
 * no buffer. Returns -1 as soon as a character is not ASCII. The block mix is
 * written out here rather than called, so no 32-bit intermediate ever crosses
 * a call boundary (where the engine could box it as a heap number).
 */
function asciiBucket(prefix: HashPrefix, unitId: string): number {
  const length = unitId.length;
  let h = prefix.state;
  let k = prefix.tailWord;
  let filled = prefix.tail.length;
  let i = 0;
  for (;;) {
    if (filled === 0 && i + 4 <= length) {
      // A whole block straight from the string.
      const a = unitId.charCodeAt(i);
      const b = unitId.charCodeAt(i + 1);
      const c = unitId.charCodeAt(i + 2);
      const d = unitId.charCodeAt(i + 3);
      if ((a | b | c | d) >= 0x80) return -1;
      k = a | (b << 8) | (c << 16) | (d << 24);
      filled = 4;
      i += 4;
    } else if (i < length) {
      // One character at a time: completing the prefix tail's block, or the id's own tail.
      const code = unitId.charCodeAt(i++);
      if (code >= 0x80) return -1;
      k |= code << (8 * filled++);
    }
    if (filled === 4) {
      k = Math.imul(k, C1);
      k = (k << 15) | (k >>> 17);
      h ^= Math.imul(k, C2);
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) | 0;
      k = 0;
      filled = 0;
    } else if (i === length) {
      break;
    }
  }
  if (filled > 0) {
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, C2);
  }
  return finalizeBucket(h, prefix.mixed + prefix.tail.length + length, BUCKET_COUNT);
}

const INITIAL_BYTES = 256;
// Past this size a one-off buffer is used, so a single huge id cannot pin memory.
const MAX_RETAINED_BYTES = 64 * 1024;

/**
 * Owns the scratch buffer non-ASCII ids are encoded into. One hasher per
 * compiled ruleset keeps evaluation reentrant across rulesets; hashing never
 * calls user code, so a hasher is never in use by two hashes at once.
 */
export class Hasher {
  private buffer: Uint8Array = new Uint8Array(INITIAL_BYTES);
  // Views at offsets 0–3 (after a prefix tail) so TextEncoder can write without a new subarray.
  private views = offsetViews(this.buffer);
  // The buffer the last encode wrote to: the scratch buffer, or a one-off for a huge id.
  private encoded: Uint8Array = this.buffer;

  /** murmur3_x86_32 of the UTF-8 bytes of `prefix.salt + "." + unitId`, seed 0. */
  hash(prefix: HashPrefix, unitId: string): number {
    const length = this.encode(prefix, unitId);
    return murmur3Continue(prefix.state, this.encoded, length, prefix.mixed + length);
  }

  /** The unit's bucket in [0, 10000): {@link Hasher.hash} mod 10000. */
  bucket(prefix: HashPrefix, unitId: string): number {
    const ascii = asciiBucket(prefix, unitId);
    if (ascii >= 0) return ascii;
    const length = this.encode(prefix, unitId);
    return murmur3ContinueBucket(prefix.state, this.encoded, length, prefix.mixed + length, BUCKET_COUNT);
  }

  /**
   * Writes the prefix tail and the UTF-8 bytes of `unitId` into a buffer
   * (left in `encoded`) and returns how many bytes were written.
   */
  private encode(prefix: HashPrefix, unitId: string): number {
    const tail = prefix.tail;
    const offset = tail.length;
    const buffer = this.reserve(offset + 3 * unitId.length);
    this.encoded = buffer;
    for (let i = 0; i < offset; i++) buffer[i] = tail[i]!;
    // TextEncoder gives exact UTF-8 (surrogate pairs joined, lone surrogates as U+FFFD).
    const target = buffer === this.buffer ? this.views[offset]! : buffer.subarray(offset);
    return offset + utf8.encodeInto(unitId, target).written;
  }

  /** A buffer of at least `bytes` bytes: the scratch buffer, grown if needed, or a one-off for huge ids. */
  private reserve(bytes: number): Uint8Array {
    if (bytes <= this.buffer.length) return this.buffer;
    if (bytes > MAX_RETAINED_BYTES) return new Uint8Array(bytes);
    let size = this.buffer.length;
    while (size < bytes) size *= 2;
    this.buffer = new Uint8Array(size);
    this.views = offsetViews(this.buffer);
    return this.buffer;
  }
}

function offsetViews(buffer: Uint8Array): Uint8Array[] {
  return [buffer, buffer.subarray(1), buffer.subarray(2), buffer.subarray(3)];
}
