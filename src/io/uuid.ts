/**
 * Random ids: events, batches and device ids. It sits with the I/O layer
 * because it reads the platform's randomness and the pipeline, the client and
 * the device cookie all use it.
 *
 * Every event takes one, so this is on the hot path. The random bytes come
 * from `crypto.getRandomValues`, which every browser and Node offer
 * (`crypto.randomUUID` exists only in secure contexts: https, localhost), 256
 * ids' worth at a time as Node's own `randomUUID` does, and each id is written
 * by one `String.fromCharCode` call: a flat string, where joining hex pairs
 * builds a chain of partial ones. In Node it takes under half the time of
 * `crypto.randomUUID`.
 */

/** Random bytes for the next ids, one a hex digit: 31 an id (its version digit is always 4). */
let pool: Uint8Array | undefined;
let next = 0;
/** The character code of the hex digit of each byte value's low 4 bits. */
let digit: Uint8Array;

/** A random RFC 4122 version-4 UUID. */
export function randomUuid(): string {
  if (!pool || next === pool.length) {
    digit ??= new Uint8Array(256).map((_, i) => '0123456789abcdef'.charCodeAt(i & 15));
    pool = globalThis.crypto.getRandomValues(pool ?? new Uint8Array(31 * 256));
    next = 0;
  }
  const b = pool;
  const c = digit;
  let i = next;
  next += 31;
  // 8-4-4-4-12 digits and dashes (45): the version digit is 4 (52), the variant digit 8 to b (bits 10xx).
  // biome-ignore format: one line a group of digits.
  return String.fromCharCode(
    c[b[i++]!]!, c[b[i++]!]!, c[b[i++]!]!, c[b[i++]!]!, c[b[i++]!]!, c[b[i++]!]!, c[b[i++]!]!, c[b[i++]!]!, 45,
    c[b[i++]!]!, c[b[i++]!]!, c[b[i++]!]!, c[b[i++]!]!, 45,
    52, c[b[i++]!]!, c[b[i++]!]!, c[b[i++]!]!, 45,
    c[(b[i++]! & 3) | 8]!, c[b[i++]!]!, c[b[i++]!]!, c[b[i++]!]!, 45,
    c[b[i++]!]!, c[b[i++]!]!, c[b[i++]!]!, c[b[i++]!]!, c[b[i++]!]!, c[b[i++]!]!,
    c[b[i++]!]!, c[b[i++]!]!, c[b[i++]!]!, c[b[i++]!]!, c[b[i++]!]!, c[b[i++]!]!,
  );
}
