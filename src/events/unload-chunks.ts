/**
 * Cuts events into request bodies that fit a page-unload request: browsers
 * cap a beacon or `keepalive` fetch at 64 KiB (for all such requests of the
 * page together), so each chunk's JSON stays under a safety margin of
 * 60 KiB. Events are never split; one that cannot fit even alone is set aside.
 */
import type { SplitkitEvent } from './types.js';

/** Largest JSON body, in UTF-8 bytes, of one request sent while the page unloads. */
export const MAX_UNLOAD_BODY_BYTES = 60 * 1024;

/** Events grouped into bodies under the limit, and the events too large to send this way. */
export interface Chunks {
  chunks: SplitkitEvent[][];
  oversized: SplitkitEvent[];
}

/**
 * Groups `events` in order into chunks whose batch body (the envelope
 * `{"batchId":…,"events":[]}` of `envelopeBytes` plus the events and commas)
 * stays within `maxBytes`.
 */
export function chunkEvents(events: readonly SplitkitEvent[], envelopeBytes: number, maxBytes = MAX_UNLOAD_BODY_BYTES): Chunks {
  const chunks: SplitkitEvent[][] = [];
  const oversized: SplitkitEvent[] = [];
  let current: SplitkitEvent[] = [];
  let size = envelopeBytes;
  for (const event of events) {
    const bytes = utf8Length(JSON.stringify(event));
    if (envelopeBytes + bytes > maxBytes) {
      oversized.push(event);
      continue;
    }
    // Every event after the first in a chunk adds a comma.
    const added = current.length === 0 ? bytes : bytes + 1;
    if (size + added > maxBytes) {
      chunks.push(current);
      current = [];
      size = envelopeBytes + bytes;
    } else {
      size += added;
    }
    current.push(event);
  }
  if (current.length > 0) chunks.push(current);
  return { chunks, oversized };
}

const encoder = new TextEncoder();

/** Bytes `text` takes in UTF-8 (only while the page unloads, so the encoded copy is no concern). */
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}
