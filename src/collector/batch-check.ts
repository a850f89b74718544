/**
 * Validates a parsed body as an event batch, one event at a time, so the work
 * stops once enough issues are found and every issue names its event. Each
 * event goes through the protocol's own `parseEventBatch` (in a batch of
 * one), so every protocol limit applies, unless the fast path of
 * plain-event.ts proves it valid first; the collector adds its time window.
 * Every accepted event leaves with well-formed strings (well-formed.ts), so
 * every store gets the same text; the events of a body that escapes no
 * surrogate (nearly all) are not walked for them.
 */
import { EventBatchError } from '../errors/index.js';
import type { ValidationIssue } from '../errors/index.js';
import { parseEventBatch } from '../events/schema.js';
import type { EventBatch, SplitkitEvent } from '../events/types.js';
import { eventIssue } from './batch-issues.js';
import type { BatchIssue } from './batch-issues.js';
import { plainEvent } from './plain-event.js';
import { MAX_EVENT_ID_LENGTH, MAX_EVENT_NAME_LENGTH } from '../events/limits.js';
import { isPlainObject } from '../shared/plain-object.js';
import { formatPath } from '../shared/zod-issues.js';
import { isWellFormed, wellFormedEvent } from './well-formed.js';

/** What the check needs to know. */
export interface BatchCheckLimits {
  /** Validation stops once this many issues are found. */
  maxIssues: number;
  /** The collector's clock, epoch ms. */
  now: number;
  maxEventAgeMs: number;
  maxEventAheadMs: number;
  /**
   * False when no string of the body escapes a UTF-16 surrogate (body-shape.ts), so none can hold an unpaired
   * one and the events are not walked for them. Default true.
   */
  surrogateEscapes?: boolean;
  /**
   * True when the body is not valid UTF-8: its bad bytes were decoded as U+FFFD, as every UTF-8 decoder does,
   * so distinct ids may have become one. Default false.
   */
  notUtf8?: boolean;
}

/** A valid batch, or the issues found (at most `maxIssues`). */
export type BatchCheck = { ok: true; batch: EventBatch } | { ok: false; issues: BatchIssue[] };

// A valid envelope to check one event in, so only the event's own issues come back.
const ENVELOPE = {
  batchId: 'event-check',
  sentAt: '2000-01-01T00:00:00.000Z',
  sdk: { name: 'collector', version: '0' },
};

function problems(input: unknown): { value: EventBatch | undefined; issues: readonly ValidationIssue[] } {
  try {
    return { value: parseEventBatch(input), issues: [] };
  } catch (error) {
    if (error instanceof EventBatchError) return { value: undefined, issues: error.issues };
    throw error;
  }
}

/** Days, hours or ms, whichever reads best. */
export function describeDuration(ms: number): string {
  const day = 86_400_000;
  if (ms % day === 0) return `${ms / day} day${ms === day ? '' : 's'}`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  return `${ms} ms`;
}

// The protocol's limits (docs/protocol.md): ids are deduplicated in memory and indexed by PostgreSQL, so an
// unbounded one costs memory and can fail every insert.
const MAX_ID_LENGTH = MAX_EVENT_ID_LENGTH;
const MAX_NAME_LENGTH = MAX_EVENT_NAME_LENGTH;
const KEYS_COLLIDE =
  'two keys of this object become this one when their unpaired UTF-16 surrogates are replaced with U+FFFD';

const NOT_UTF8 = 'holds bytes that are not UTF-8 (read as U+FFFD, they could make two ids one)';

function idOrNameProblem(
  event: SplitkitEvent,
  index: number,
  limits: { surrogates: boolean; notUtf8: boolean },
): { path: string; message: string } | undefined {
  if (event.id.length > MAX_ID_LENGTH)
    return { path: `events[${index}].id`, message: `longer than ${MAX_ID_LENGTH} characters` };
  // Other strings get U+FFFD for an unpaired surrogate (well-formed.ts); an id must not: two could become one.
  if (limits.surrogates && !isWellFormed(event.id))
    return { path: `events[${index}].id`, message: 'holds an unpaired UTF-16 surrogate' };
  // The same for bytes that are not UTF-8, already U+FFFD once decoded ("caf\xe9" and "caf\xe8" are one id).
  // A U+FFFD sent as such is refused too, but only in a body that is not UTF-8 anyway.
  if (limits.notUtf8 && event.id.includes('\ufffd')) return { path: `events[${index}].id`, message: NOT_UTF8 };
  if (event.name.length > MAX_NAME_LENGTH)
    return { path: `events[${index}].name`, message: `longer than ${MAX_NAME_LENGTH} characters` };
  return undefined;
}

function timeProblem(time: number, limits: BatchCheckLimits): string | undefined {
  if (time < limits.now - limits.maxEventAgeMs)
    return `more than ${describeDuration(limits.maxEventAgeMs)} before the collector's clock`;
  if (time > limits.now + limits.maxEventAheadMs)
    return `more than ${describeDuration(limits.maxEventAheadMs)} after the collector's clock`;
  return undefined;
}

/** The event as the schema returns it, or undefined after adding its issues to `issues` (up to `maxIssues`). */
function schemaEvent(
  event: unknown,
  index: number,
  issues: BatchIssue[],
  maxIssues: number,
): SplitkitEvent | undefined {
  const checked = problems({ ...ENVELOPE, events: [event] });
  for (const issue of checked.issues) {
    if (issues.length >= maxIssues) break;
    issues.push(eventIssue(index, event, issue.path.replace(/^events\[0\]/, `events[${index}]`), issue.message));
  }
  return checked.value?.events[0];
}

/** Checks `input` (a parsed body) against the protocol and the time window. */
export function checkBatch(input: unknown, limits: BatchCheckLimits): BatchCheck {
  if (!isPlainObject(input) || !Array.isArray(input.events)) {
    return { ok: false, issues: problems(input).issues.slice(0, limits.maxIssues) };
  }
  const envelope = problems({ ...input, events: [] });
  const issues: BatchIssue[] = envelope.issues.slice(0, limits.maxIssues);
  const events: SplitkitEvent[] = [];
  const items: readonly unknown[] = input.events;
  const surrogates = limits.surrogateEscapes !== false;
  const idLimits = { surrogates, notUtf8: limits.notUtf8 === true };
  for (let index = 0; index < items.length && issues.length < limits.maxIssues; index++) {
    const event = items[index];
    const plain = plainEvent(event);
    const parsed = plain ?? schemaEvent(event, index, issues, limits.maxIssues);
    if (parsed === undefined) continue;
    const bad = idOrNameProblem(parsed, index, idLimits);
    const late = timeProblem(parsed.time, limits);
    if (bad !== undefined) issues.push(eventIssue(index, event, bad.path, bad.message));
    else if (late !== undefined) issues.push(eventIssue(index, event, `events[${index}].time`, late));
    else if (!surrogates) events.push(parsed);
    else {
      const repaired = wellFormedEvent(parsed);
      if (!Array.isArray(repaired)) events.push(repaired);
      else {
        const path = formatPath(['events', index, ...repaired]);
        issues.push(eventIssue(index, event, path, KEYS_COLLIDE));
      }
    }
  }
  if (issues.length > 0 || envelope.value === undefined) return { ok: false, issues };
  return { ok: true, batch: { ...envelope.value, events } };
}
