/** Checks that events handed to a store can be deduplicated by id. */
import { EventBatchError } from '../errors/index.js';
import type { SplitkitEvent } from '../events/types.js';

/** Throws {@link EventBatchError} (path `events[i].id`) unless every event has a non-empty string id. */
export function assertEventIds(events: readonly SplitkitEvent[]): void {
  const issues = [];
  for (const [index, event] of events.entries()) {
    const id = (event as { id?: unknown } | null)?.id;
    if (typeof id !== 'string' || id === '')
      issues.push({ path: `events[${index}].id`, message: 'expected a non-empty string' });
  }
  if (issues.length > 0) throw new EventBatchError(issues);
}
