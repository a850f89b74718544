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

/** Parses one stored line; `undefined` for anything that is not an object with a string `id`. */
export function parseStoredEvent(text: string): SplitkitEvent | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    return typeof (value as { id?: unknown }).id === 'string' ? (value as SplitkitEvent) : undefined;
  } catch {
    return undefined;
  }
}
