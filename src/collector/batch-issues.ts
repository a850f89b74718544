/**
 * The issues of a refused batch as the collector answers them
 * (docs/protocol.md): each issue inside an event names that event by `index`
 * and, when it is short enough to echo, `id`, so a client can drop exactly
 * the events named and resend the rest. Lists are capped; `issueCount` says
 * how many were found.
 */
import type { ValidationIssue } from '../errors/index.js';

/** Longest event id echoed back in an issue; a longer one is left out (never echo an oversized id). */
export const MAX_ECHOED_ID_LENGTH = 128;

/** One issue of a refused batch. */
export interface BatchIssue extends ValidationIssue {
  /** Position in `events` of the event the issue is in; absent for problems of the batch itself. */
  index?: number;
  /** That event's `id`, when it is a string of at most {@link MAX_ECHOED_ID_LENGTH} characters. */
  id?: string;
}

/** The body of a 400 or 422 answer. */
export interface IssuesBody {
  error: string;
  issues: BatchIssue[];
  /** Issues found; more than `issues.length` when the list was capped (a lower bound when validation stopped early). */
  issueCount: number;
}

/** The id to echo for `event`, if any. */
export function echoedId(event: unknown): string | undefined {
  const id = (event as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'string' && id.length <= MAX_ECHOED_ID_LENGTH ? id : undefined;
}

/** An issue inside the event at `index` of `events`. */
export function eventIssue(index: number, event: unknown, path: string, message: string): BatchIssue {
  const id = echoedId(event);
  return id === undefined ? { index, path, message } : { index, id, path, message };
}

const EVENT_PATH = /^events\[(\d+)\]/;

/**
 * Names the event of each issue whose path starts with `events[i]` (a
 * store's refusal lists paths only) and keeps the first `max`.
 */
export function issuesBody(
  error: string,
  issues: readonly ValidationIssue[],
  events: readonly unknown[],
  max: number,
): IssuesBody {
  const named = issues.slice(0, max).map((issue): BatchIssue => {
    const match = EVENT_PATH.exec(issue.path);
    const index = match === null ? undefined : Number(match[1]);
    if (index === undefined || index >= events.length) return { path: issue.path, message: issue.message };
    return eventIssue(index, events[index], issue.path, issue.message);
  });
  return { error, issues: named, issueCount: issues.length };
}
