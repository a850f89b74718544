/**
 * PostgreSQL text and jsonb cannot hold U+0000 or a lone UTF-16 surrogate,
 * both of which valid JSON (and so a valid batch) may contain. Such events
 * are refused up front, naming where, instead of failing the whole insert on
 * every retry.
 */
import { EventBatchError } from '../errors/index.js';
import type { ValidationIssue } from '../errors/index.js';
import type { SplitkitEvent } from '../events/types.js';
import { formatPath } from '../shared/zod-issues.js';

const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function findUnstorable(value: unknown, path: PropertyKey[], issues: ValidationIssue[]): void {
  if (typeof value === 'string') {
    if (UNSTORABLE.test(value)) {
      issues.push({ path: formatPath(path), message: 'PostgreSQL cannot store U+0000 or an unpaired surrogate in text' });
    }
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => findUnstorable(item, [...path, index], issues));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (UNSTORABLE.test(key)) {
      issues.push({ path: formatPath(path), message: `PostgreSQL cannot store the key ${JSON.stringify(key)}` });
    }
    findUnstorable(item, [...path, key], issues);
  }
}

/** Throws {@link EventBatchError} listing every string PostgreSQL cannot store (paths like `events[2].metadata.note`). */
export function assertStorableInPostgres(events: readonly SplitkitEvent[]): void {
  const issues: ValidationIssue[] = [];
  events.forEach((event, index) => findUnstorable(event, ['events', index], issues));
  if (issues.length > 0) throw new EventBatchError(issues);
}
