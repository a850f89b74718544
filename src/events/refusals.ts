/**
 * Finding the events of a batch that must go so the others can: those that
 * cannot be sent (after a failed attempt), and those a collector's 400 or 422
 * answer names (docs/protocol.md#a-batch-with-invalid-events). Both give the
 * events by index in the batch, each with why.
 */
import { quietly } from '../io/quietly.js';
import { eventProblem, serializeFailure } from './limits.js';
import type { SplitkitEvent } from './types.js';

/** Events to drop from a batch: index in its `events` → why. */
export type Refused = Map<number, string>;

/**
 * The events that cannot be sent as they are (past the limits, or failing to
 * serialize, e.g. metadata changed after it was tracked). Runs only after an
 * attempt failed without an answer, which is where such an event shows.
 */
export function unsendableEvents(events: readonly SplitkitEvent[]): Refused {
  const refused: Refused = new Map();
  events.forEach((event, index) => {
    let problem = eventProblem(event);
    try {
      JSON.stringify(event);
    } catch (error) {
      problem ??= serializeFailure(error);
    }
    if (problem) refused.set(index, problem);
  });
  return refused;
}

/**
 * The events a refusal names: every issue of `body.issues` must carry the
 * `index` of an event of the batch (and that event's `id`, when it gives one).
 * Undefined when the answer cannot be trusted to name them all (no body, an
 * issue about the batch itself, an index or id that does not match): then the
 * whole batch goes, as without this answer.
 */
export function refusedByAnswer(body: unknown, events: readonly SplitkitEvent[]): Refused | undefined {
  const issues = (body as { issues?: unknown } | null | undefined)?.issues;
  if (!Array.isArray(issues) || issues.length === 0) return undefined;
  const refused: Refused = new Map();
  for (const issue of issues as { index?: unknown; id?: unknown; path?: unknown; message?: unknown }[]) {
    const index = issue?.index;
    const event = typeof index === 'number' ? events[index] : undefined;
    if (!event || (issue.id !== undefined && issue.id !== event.id)) return undefined;
    if (!refused.has(index as number)) refused.set(index as number, `${String(issue.path)}: ${String(issue.message)}`);
  }
  return refused;
}

/** `"purchase" (id 8e2f…)`: an event in a message, clipped so an oversized name or id cannot flood a log. */
export function eventLabel(event: SplitkitEvent): string {
  const clip = (text: unknown): string => quietly(() => String(text).slice(0, 64), '?');
  return `"${clip(event.name)}" (id ${clip(event.id)})`;
}
