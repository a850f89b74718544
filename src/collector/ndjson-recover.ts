/**
 * Opening an NDJSON log for writing, also after a crash: checks that the
 * file is an event log, repairs an unfinished last line so later appends
 * start on a fresh line, and loads the deduplication window from the newest
 * lines. Only the first line and the window's lines are read, so opening
 * takes time in proportion to the window, not to the log's history.
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { Logger } from '../io/logger.js';
import { parseStoredEvent } from './event-query.js';
import { createIdWindow } from './id-window.js';
import type { IdWindow } from './id-window.js';
import type { Line } from './ndjson-lines.js';
import { readLinesBackward } from './ndjson-tail.js';

/** What was found in the log. */
export interface RecoveredLog {
  /** Ids of the newest stored events, at least `capacity` of them when the log holds that many. */
  ids: IdWindow;
  /** Size of the file after the repair: everything before it is whole lines. */
  size: number;
}

/** Bytes read to find the first line: more than any stored event takes. */
const FIRST_LINE_BYTES = 256 * 1024;

/**
 * Refuses a file that is not an event log before anything in it is changed
 * (its last line would be cut as an unfinished write): its first line must be
 * an event, or, when it is the only line and unfinished, the start of one (a
 * first write cut short).
 */
function assertLogStart(line: Line): void {
  if (parseStoredEvent(line.text) !== undefined) return;
  if (!line.complete && line.text.trimStart().startsWith('{"')) return;
  throw new Error(
    'it is not a splitkit event log (its first line is not an event); refusing to write to it (the file is left as it was)',
  );
}

/** The first line that is not blank, from the start of the file (at most {@link FIRST_LINE_BYTES}). */
async function firstLine(reader: FileHandle, size: number): Promise<Line | undefined> {
  const buffer = Buffer.alloc(Math.min(size, FIRST_LINE_BYTES));
  const { bytesRead } = await reader.read(buffer, 0, buffer.length, 0);
  let start = 0;
  for (;;) {
    const newline = buffer.indexOf(0x0a, start);
    if (newline === -1 || newline >= bytesRead) {
      // No newline in reach: the whole file is one unfinished line, or one too long to be an event.
      if (start >= bytesRead) return undefined;
      const text = buffer.toString('utf8', start, bytesRead);
      return { text, start, end: bytesRead, complete: bytesRead < size };
    }
    const text = buffer.toString('utf8', start, newline);
    if (text.trim() !== '') return { text, start, end: newline + 1, complete: true };
    start = newline + 1;
  }
}

/**
 * The id of a stored line. Lines the store wrote are `JSON.stringify` of a
 * validated event, whose first key is `id`: its value is read directly,
 * without parsing the line (ten times faster); any other line is parsed.
 */
function storedId(text: string): string | undefined {
  if (text.startsWith('{"id":"') && text.endsWith('}')) {
    const close = text.indexOf('"', 7);
    const id = text.slice(7, close);
    if (close > 7 && !id.includes('\\')) return id;
  }
  return parseStoredEvent(text)?.id;
}

/**
 * Checks and repairs the log at `path` (open for appending as `handle`) and
 * loads the ids of its newest `capacity` events. A last line without `\n` is
 * what a write cut short leaves behind: it is never an acknowledged event, so
 * it is cut off; only when it is a whole event (a file edited by hand) is it
 * kept and finished with `\n`. Lines among the newest that are not events are
 * skipped and reported, never deleted. A file whose first line is not an
 * event is refused untouched.
 */
export async function recoverLog(
  path: string,
  handle: FileHandle,
  capacity: number,
  logger: Logger,
): Promise<RecoveredLog> {
  const ids = createIdWindow(capacity);
  const reader = await open(path, 'r');
  try {
    let size = (await reader.stat()).size;
    const first = await firstLine(reader, size);
    if (first !== undefined) assertLogStart(first);
    let skipped = 0;
    for await (const line of readLinesBackward(reader, size)) {
      if (!line.complete) {
        size = await repairLastLine(path, handle, line, ids, logger);
        continue;
      }
      const id = storedId(line.text);
      if (id === undefined) {
        if (line.text.trim() !== '') skipped++;
        continue;
      }
      if (!ids.addOlder(id)) break;
    }
    if (skipped > 0) logger.warn(`splitkit: ${path}: skipped ${skipped} line(s) that are not events`);
    return { ids, size };
  } finally {
    await reader.close();
  }
}

/** Finishes or cuts the unfinished last line; returns the file's size after it. */
async function repairLastLine(
  path: string,
  handle: FileHandle,
  line: Line,
  ids: IdWindow,
  logger: Logger,
): Promise<number> {
  const event = parseStoredEvent(line.text);
  if (event !== undefined) {
    await handle.write('\n');
    await handle.datasync();
    ids.addOlder(event.id);
    logger.warn(`splitkit: ${path}: the last line had no newline; added one`);
    return line.end + 1;
  }
  await handle.truncate(line.start);
  await handle.datasync();
  logger.warn(
    `splitkit: ${path}: dropped an unfinished last line (${line.end - line.start} bytes at byte ${line.start}), left by an interrupted write`,
  );
  return line.start;
}
