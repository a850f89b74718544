/** Matching events against an {@link EventQuery} in memory (stores that cannot push filters down). */
import type { SplitkitEvent } from '../events/types.js';
import type { EventQuery } from '../events/store.js';

/** True when `event` passes every filter of `query`; an empty list matches nothing. */
export function matchesQuery(event: SplitkitEvent, query: EventQuery): boolean {
  if (query.types !== undefined && !query.types.includes(event.type)) return false;
  if (query.names !== undefined && !query.names.includes(event.name)) return false;
  if (query.from !== undefined && !(event.time >= query.from)) return false;
  if (query.to !== undefined && !(event.time <= query.to)) return false;
  return true;
}

/** Why a stored line is no event: not JSON, JSON but no object, or an object without a string `id`. */
export type StoredLineProblem = 'notJson' | 'notObject' | 'noId';

/** Reads one stored line: the event, or why it is none (every read skips those; `skippedLines()` counts them). */
export function readStoredLine(text: string): SplitkitEvent | StoredLineProblem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'notJson';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'notObject';
  return typeof (value as { id?: unknown }).id === 'string' ? (value as SplitkitEvent) : 'noId';
}

/** Parses one stored line; `undefined` for anything that is not an object with a string `id`. */
export function parseStoredEvent(text: string): SplitkitEvent | undefined {
  const read = readStoredLine(text);
  return typeof read === 'string' ? undefined : read;
}
