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

/**
 * The end of the hash followed by `mod buckets`, in one function: mixes the
 * last `totalLength % 4` bytes (packed little-endian in `tail`), runs the final
 * avalanche and takes the remainder. An unsigned 32-bit hash returned from a
 * call that is not inlined is boxed as a heap number; a bucket (< 10000) never is.
 */
export function finalizeBucket(h: number, tail: number, totalLength: number, buckets: number): number {
  // Written out rather than calling scramble(), which stays out of bundles that only bucket. Unguarded:
  // without tail bytes `tail` is 0, and 0 scrambles to 0, which leaves `h` as it is.
  tail = Math.imul(tail, C1);
  tail = (tail << 15) | (tail >>> 17);
  h ^= Math.imul(tail, C2);
  h ^= totalLength;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) % buckets;
}

/**
 * MurmurHash3 x86_32 of `bytes[0, length)`.
 * @param bytes - the input; only the first `length` bytes are read.
 * @param length - number of bytes to hash.
 * @param seed - 32-bit seed, default 0.
 * @returns the unsigned 32-bit hash (0 … 2³² − 1).
 */
export function murmur3(bytes: Uint8Array, length: number, seed = 0): number {
  let h = seed | 0;
  let tail = 0;
  for (let i = 0; i < length; i++) {
    tail |= bytes[i]! << ((i & 3) << 3);
    if ((i & 3) === 3) {
      h ^= scramble(tail);
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) | 0;
      tail = 0;
    }
  }
  return finalizeBucket(h, tail, length, 2 ** 32);
}
