/**
 * Counting the lines of an NDJSON log that are not events, which every read
 * skips: the analysis says how many there were, so a log damaged by hand or
 * by another writer never loses rows silently.
 */
import { readStoredLine, type StoredLineProblem } from './event-query.js';
import { readLines } from './ndjson-lines.js';

/**
 * The lines of a log that are not events: how many, how many for each reason (`notJson`; `notObject`, JSON
 * but no object; `noId`, an object without a string `id`), and the first three (the first line is 1).
 */
export interface StoredLineCheck {
  count: number;
  reasons: Record<StoredLineProblem, number>;
  first: { line: number; reason: StoredLineProblem }[];
}

/**
 * Reads the log at `path` (up to `end` bytes) and counts its lines that are not events. A blank line is no
 * damage, and an unfinished last line is a write in progress: neither counts.
 */
export async function checkStoredLines(path: string, end: number | undefined): Promise<StoredLineCheck> {
  const check: StoredLineCheck = { count: 0, reasons: { notJson: 0, notObject: 0, noId: 0 }, first: [] };
  let line = 0;
  for await (const each of readLines(path, end)) {
    line++;
    if (!each.complete || /^[ \t\r]*$/.test(each.text)) continue;
    const reason = readStoredLine(each.text);
    if (typeof reason !== 'string') continue;
    check.count++;
    check.reasons[reason]++;
    if (check.first.length < 3) check.first.push({ line, reason });
  }
  return check;
}
