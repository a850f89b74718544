/**
 * A 64-bit digest of an event id, as two 32-bit halves: what the NDJSON
 * store's deduplication window keeps instead of the id itself (8 bytes
 * instead of ~80 for a UUID string in a `Set`). Each half is MurmurHash3
 * (x86, 32-bit) of the id's UTF-16 code units, with its own seed. Two
 * different ids share a digest with probability about 2^-64 per pair, so
 * for a window of 10 million ids a new id is taken for a repeat about once
 * in 10^12 events; ids are the client's random UUIDs, which no one can aim
 * at another client's.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function murmur(id: string, seed: number): number {
  let h = seed;
  const length = id.length;
  const whole = length & ~1;
  for (let i = 0; i < whole; i += 2) {
    let k = id.charCodeAt(i) | (id.charCodeAt(i + 1) << 16);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  if (whole < length) {
    let k = id.charCodeAt(whole);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
  }
  h ^= length * 2;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The two halves of a digest; `(0, 0)` never occurs (it marks an empty slot). */
export interface IdDigest {
  high: number;
  low: number;
}

/** Writes the digest of `id` into `out` (reused by callers, so hashing allocates nothing) and returns it. */
export function digestId(id: string, out: IdDigest): IdDigest {
  out.high = murmur(id, 0x9747b28c);
  const low = murmur(id, 0x3c6ef372);
  out.low = out.high === 0 && low === 0 ? 1 : low;
  return out;
}
