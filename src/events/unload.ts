/**
 * The page is hiding or unloading: every waiting batch goes out in requests
 * that fit the browser's 64 KiB limit for such requests (unload-chunks.ts).
 */
import { batchBody, divideBatch, type OutboundBatch } from './outbound-batch.js';
import type { SplitkitEvent } from './types.js';
import { chunkEvents, utf8Length } from './unload-chunks.js';

// Room for a batch id longer than the batch's own, when a chunk gets a fresh one.
const ID_SLACK_BYTES = 64;

/**
 * Cuts `batch` into batches whose bodies (sent at `sentAt`) fit an unload
 * request; a batch that fits is returned as is (same id). Events too large
 * for any unload request are left out and handed to `onOversized`.
 */
export function chunkBatch(
  batch: OutboundBatch,
  sdk: { name: string; version: string },
  sentAt: string,
  uuid: () => string,
  onOversized: (events: SplitkitEvent[]) => void,
): OutboundBatch[] {
  const envelope = utf8Length(JSON.stringify(batchBody(batch, sdk, sentAt, []))) + ID_SLACK_BYTES;
  const { _fitting: fitting, _oversized: oversized } = chunkEvents(batch.events, envelope);
  if (oversized.length > 0) onOversized(oversized);
  return fitting.length === 1 && oversized.length === 0
    ? [batch]
    : divideBatch(batch, fitting, uuid, batch._failedAttempts);
}
