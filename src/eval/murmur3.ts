/**
 * MurmurHash3, x86 32-bit variant. Written with `Math.imul` so every step
 * stays in 32-bit integer arithmetic and nothing is allocated. Hashing can
 * resume from an intermediate state, so a fixed prefix (a salt) is mixed once
 * and each unit id continues from there; the constants and the final step
 * are shared with the hasher, which feeds a unit id's UTF-8 bytes itself.
 */

/** First murmur3 multiplication constant. */
export const C1 = 0xcc9e2d51;
/** Second murmur3 multiplication constant. */
export const C2 = 0x1b873593;

/** Scrambles one little-endian 32-bit word the way both blocks and the tail are. */
function scramble(k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, C2);
}

/** Mixes one whole 4-byte block `k` (little-endian word) into state `h`. */
function mixBlock(h: number, k: number): number {
  h ^= scramble(k);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** The final avalanche; `totalLength` is the number of bytes hashed in all. Returns a signed 32-bit value. */
function avalanche(h: number, totalLength: number): number {
  h ^= totalLength;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * The final avalanche followed by `mod buckets`, in one function: an unsigned
 * 32-bit hash returned from a call that is not inlined is boxed as a heap
 * number; a bucket (< 10000) never is.
 */
export function finalizeBucket(h: number, totalLength: number, buckets: number): number {
  return (avalanche(h, totalLength) >>> 0) % buckets;
}

function wordAt(bytes: Uint8Array, i: number): number {
  return bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
}

/**
 * Mixes the whole 4-byte blocks of `bytes[0, length)` into state `h` without
 * finalizing; the caller keeps the remaining `length % 4` bytes.
 */
export function murmur3Blocks(h: number, bytes: Uint8Array, length: number): number {
  const blockEnd = length - (length & 3);
  for (let i = 0; i < blockEnd; i += 4) h = mixBlock(h, wordAt(bytes, i));
  return h;
}

/** Mixes all of `bytes[0, length)` (blocks and tail) into `h`, without the final avalanche. */
function mixAll(h: number, bytes: Uint8Array, length: number): number {
  h = murmur3Blocks(h, bytes, length);
  const blockEnd = length - (length & 3);
  const rest = length & 3;
  if (rest === 0) return h;
  let k = bytes[blockEnd]!;
  if (rest > 1) k |= bytes[blockEnd + 1]! << 8;
  if (rest > 2) k |= bytes[blockEnd + 2]! << 16;
  return h ^ scramble(k);
}

/**
 * MurmurHash3 x86_32 of `bytes[0, length)`.
 * @param bytes - the input; only the first `length` bytes are read.
 * @param length - number of bytes to hash.
 * @param seed - 32-bit seed, default 0.
 * @returns the unsigned 32-bit hash (0 … 2³² − 1).
 */
export function murmur3(bytes: Uint8Array, length: number, seed = 0): number {
  return avalanche(mixAll(seed | 0, bytes, length), length) >>> 0;
}
