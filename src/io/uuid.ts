/**
 * Random ids: events, batches and device ids. `crypto.randomUUID` exists only in
 * secure contexts (https, localhost), so a page served over plain http falls
 * back to `getRandomValues`, which every browser and Node offer. It sits with
 * the I/O layer because it reads the platform's randomness and the pipeline,
 * the client and the device cookie all use it.
 */

/** A random RFC 4122 version-4 UUID. */
export function randomUuid(): string {
  const crypto = globalThis.crypto;
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  // The version (4) and variant (10xx) bits.
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  // Two hex digits per byte, and a dash before bytes 4, 6, 8 and 10 (8-4-4-4-12 digits).
  return Array.from(
    bytes,
    (byte, i) => ([4, 6, 8, 10].includes(i) ? '-' : '') + byte.toString(16).padStart(2, '0'),
  ).join('');
}
