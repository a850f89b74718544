/**
 * Random ids: events, batches and device ids. It sits with the I/O layer
 * because it reads the platform's randomness and the pipeline, the client and
 * the device cookie all use it.
 *
 * Every event takes one, so this is on the hot path. The random bytes come
 * from `crypto.getRandomValues`, which every browser and Node offer
 * (`crypto.randomUUID` exists only in secure contexts: https, localhost), 256
 * ids' worth at a time as Node's own `randomUUID` does; each id is written by
 * one `String.fromCharCode` call, which makes a flat string where joining hex
 * pairs builds a chain of partial ones. In Node that takes under half the time
 * of `crypto.randomUUID`.
 */

/** Random bytes for the next ids, 16 an id; refilled once `used` reaches the end. */
let pool: Uint8Array | undefined;
let used = 0;
/** The character codes of the high and of the low hex digit of each byte value. */
let high: Uint8Array;
let low: Uint8Array;

/** A random RFC 4122 version-4 UUID. */
export function randomUuid(): string {
  if (!pool || used === pool.length) {
    if (!pool) {
      high = new Uint8Array(256);
      low = new Uint8Array(256);
      for (let i = 0; i < 256; i++) {
        high[i] = '0123456789abcdef'.charCodeAt(i >> 4);
        low[i] = '0123456789abcdef'.charCodeAt(i & 15);
      }
    }
    pool = globalThis.crypto.getRandomValues(pool ?? new Uint8Array(4096));
    used = 0;
  }
  const b = pool;
  const o = used;
  used += 16;
  const h = high;
  const l = low;
  // 8-4-4-4-12 digits and dashes (45). The version digit is 4 (52); the variant bits of byte 8 are 10.
  // biome-ignore format: grouped as the id is, one line a group.
  return String.fromCharCode(
    h[b[o]!]!, l[b[o]!]!, h[b[o + 1]!]!, l[b[o + 1]!]!, h[b[o + 2]!]!, l[b[o + 2]!]!, h[b[o + 3]!]!, l[b[o + 3]!]!, 45,
    h[b[o + 4]!]!, l[b[o + 4]!]!, h[b[o + 5]!]!, l[b[o + 5]!]!, 45,
    52, l[b[o + 6]!]!, h[b[o + 7]!]!, l[b[o + 7]!]!, 45,
    h[(b[o + 8]! & 0x3f) | 0x80]!, l[b[o + 8]!]!, h[b[o + 9]!]!, l[b[o + 9]!]!, 45,
    h[b[o + 10]!]!, l[b[o + 10]!]!, h[b[o + 11]!]!, l[b[o + 11]!]!, h[b[o + 12]!]!, l[b[o + 12]!]!,
    h[b[o + 13]!]!, l[b[o + 13]!]!, h[b[o + 14]!]!, l[b[o + 14]!]!, h[b[o + 15]!]!, l[b[o + 15]!]!,
  );
}
