/**
 * The page is hiding or unloading: hand every waiting batch to a synchronous
 * sender (a beacon) in chunks that fit the browser's 64 KiB limit, in queue
 * order, and stop at the first chunk the browser does not take (its quota is
 * shared, so the next ones would fail too). What was not taken stays queued.
 */
import { batchBody, newBatch, passWaiters, settleWaiters, type OutboundBatch } from './outbound-batch.js';
import type { EventBatch, SplitkitEvent } from './types.js';
import { chunkEvents, utf8Length } from './unload-chunks.js';

/** What a hand-off needs from the pipeline. */
export interface UnloadContext {
  sdk: { name: string; version: string };
  sentAt: string;
  uuid: () => string;
  /** Events too large for any unload request: dropped and reported. */
  onOversized: (events: SplitkitEvent[]) => void;
}

// Room for a batch id longer than the batch's own, when a chunk gets a fresh one.
const ID_SLACK_BYTES = 64;

/** Cuts `batch` into unload-sized batches; a batch that fits is returned as is (same id). */
export function chunkBatch(batch: OutboundBatch, context: UnloadContext): OutboundBatch[] {
  const envelope = utf8Length(JSON.stringify(batchBody(batch, context.sdk, context.sentAt, []))) + ID_SLACK_BYTES;
  const { chunks, oversized } = chunkEvents(batch.events, envelope);
  if (oversized.length > 0) context.onOversized(oversized);
  if (chunks.length === 1 && oversized.length === 0) return [batch];
  let order = batch.order;
  const parts = chunks.map((events) => {
    const part = newBatch(context.uuid(), events, order, batch.forced, batch.attempt);
    order += events.length;
    return part;
  });
  passWaiters(batch, parts);
  return parts;
}

/**
 * Offers `batches` to `send` chunk by chunk. Returns the batches not taken
 * (to put back in the queue) and reports each taken chunk's events to `onTaken`.
 */
export function handOff(
  batches: readonly OutboundBatch[],
  send: (batch: EventBatch) => boolean,
  onTaken: (events: SplitkitEvent[]) => void,
  context: UnloadContext,
): OutboundBatch[] {
  const parts = batches.flatMap((batch) => chunkBatch(batch, context));
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as OutboundBatch;
    let taken = false;
    try {
      taken = send(batchBody(part, context.sdk, context.sentAt)) === true;
    } catch {
      // A sender that throws did not take the batch.
    }
    if (!taken) return parts.slice(i);
    onTaken(part.events);
    settleWaiters(part);
  }
  return [];
}
