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
  _fitting: SplitkitEvent[][];
  _oversized: SplitkitEvent[];
}

/**
 * Groups `events` in order into chunks whose batch body (the envelope
 * `{"batchId":…,"events":[]}` of `envelopeBytes` plus the events and commas)
 * stays within `maxBytes`.
 */
export function chunkEvents(
  events: readonly SplitkitEvent[],
  envelopeBytes: number,
  maxBytes = MAX_UNLOAD_BODY_BYTES,
): Chunks {
  const fitting: SplitkitEvent[][] = [];
  const oversized: SplitkitEvent[] = [];
  let current: SplitkitEvent[] = [];
  // A body of n events has n - 1 commas: it is the envelope less one byte, plus each event and a comma.
  const empty = envelopeBytes - 1;
  let size = empty;
  for (const event of events) {
    const added = utf8Length(JSON.stringify(event)) + 1;
    if (empty + added > maxBytes) {
      oversized.push(event);
      continue;
    }
    if (size + added > maxBytes) {
      fitting.push(current);
      current = [];
      size = empty;
    }
    size += added;
    current.push(event);
  }
  if (current.length > 0) fitting.push(current);
  return { _fitting: fitting, _oversized: oversized };
}

/** Bytes `text` takes in UTF-8 (only while the page unloads, so the encoded copy is no concern). */
export function utf8Length(text: string): number {
  // A Blob holds the text as UTF-8 (a lone surrogate as U+FFFD, like TextEncoder) and knows its size.
  return new Blob([text]).size;
}
