/**
 * PostgreSQL text and jsonb cannot hold U+0000, which valid JSON (and so a
 * valid batch) may contain, nor an unpaired UTF-16 surrogate. Such events
 * are refused up front, naming where, instead of failing the whole insert on
 * every retry. Events from the collector hold no unpaired surrogate (it
 * replaces them with U+FFFD, well-formed.ts); the check stays for events
 * appended to the store directly, sharing its walk with the U+0000 check.
 */
import { EventBatchError } from '../errors/index.js';
import type { ValidationIssue } from '../errors/index.js';
import type { SplitkitEvent } from '../events/types.js';
import { formatPath } from '../shared/zod-issues.js';
import { isWellFormed } from './well-formed.js';

/** Why PostgreSQL cannot store `text`, or undefined. */
function unstorable(text: string): string | undefined {
  const nul = text.includes('\u0000');
  // The collector replaces unpaired surrogates before a store sees them: only a direct append meets one here.
  const unpaired = !isWellFormed(text);
  if (nul || unpaired)
    return [nul && 'U+0000', unpaired && 'an unpaired UTF-16 surrogate'].filter(Boolean).join(' or ');
  return undefined;
}

function findUnstorable(value: unknown, path: PropertyKey[], issues: ValidationIssue[]): void {
  if (typeof value === 'string') {
    const what = unstorable(value);
    if (what !== undefined) issues.push({ path: formatPath(path), message: `PostgreSQL cannot store ${what} in text` });
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => findUnstorable(item, [...path, index], issues));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (unstorable(key) !== undefined) {
      issues.push({ path: formatPath(path), message: `PostgreSQL cannot store the key ${JSON.stringify(key)}` });
    }
    findUnstorable(item, [...path, key], issues);
  }
}

/**
 * Most UTF-8 bytes of an indexed column (`id`, `name`): a btree entry must fit a third of a page (~2,700 bytes),
 * or the insert fails on every retry. The protocol's own limits are far below it.
 */
export const MAX_INDEXED_BYTES = 2000;

/** Throws {@link EventBatchError} listing every string PostgreSQL cannot store (paths like `events[2].metadata.note`). */
export function assertStorableInPostgres(events: readonly SplitkitEvent[]): void {
  const issues: ValidationIssue[] = [];
  events.forEach((event, index) => {
    for (const key of ['id', 'name'] as const) {
      const value: unknown = event[key];
      if (typeof value === 'string' && Buffer.byteLength(value) > MAX_INDEXED_BYTES) {
        issues.push({
          path: formatPath(['events', index, key]),
          message: `longer than the ${MAX_INDEXED_BYTES} bytes PostgreSQL can index`,
        });
      }
    }
    findUnstorable(event, ['events', index], issues);
  });
  if (issues.length > 0) throw new EventBatchError(issues);
}
