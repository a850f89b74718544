/**
 * The events a collector's 400 or 422 answer names
 * (docs/protocol.md#a-batch-with-invalid-events), so the pipeline drops just
 * those and sends the others.
 */
import type { SplitkitEvent } from './types.js';

/**
 * The events a refusal names, by index in the batch, each with why: every
 * issue of `body.issues` must carry the `index` of an event of the batch (and
 * that event's `id`, when it gives one). Undefined when the answer cannot be
 * trusted to name them all (no body, an issue about the batch itself, an
 * index or id that does not match): then the whole batch goes, as without it.
 */
export function refusedByAnswer(body: unknown, events: readonly SplitkitEvent[]): string[] | undefined {
  // Sparse: the problem of each event named, at its index.
  const refused: string[] = [];
  try {
    for (const { index, id, path, message } of (
      body as { issues: { index: number; id?: string; path: string; message: string }[] }
    ).issues) {
      // An index that is not one of the batch's (a string "2" is the same key as 2) finds no event.
      const event = events[index];
      if (!event || (id !== undefined && id !== event.id)) return undefined;
      refused[index] = `refused by the collector, ${path}: ${message}`;
    }
  } catch {
    // Not the documented shape (no body, no list, an issue that is not an object).
    return undefined;
  }
  return refused.length > 0 ? refused : undefined;
}
