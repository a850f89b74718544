/** NDJSON event logs written by tests the way the collector's NDJSON store writes them: one event a line. */
import { writeFileSync } from 'node:fs';

/** `events` as NDJSON, each line ending in a newline. */
export function ndjsonLines(events: readonly object[]): string {
  return events.map((event) => `${JSON.stringify(event)}\n`).join('');
}

/** Writes `events` to `path` as an NDJSON log, then `tail` (a torn last line, say); returns `path`. */
export function writeEventLog(path: string, events: readonly object[], tail = ''): string {
  writeFileSync(path, ndjsonLines(events) + tail);
  return path;
}
