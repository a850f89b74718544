/**
 * Opening an NDJSON log after a crash: loads the ids of every stored event
 * and repairs an unfinished last line, so later appends start on a fresh line.
 */
import type { FileHandle } from 'node:fs/promises';
import type { Logger } from '../io/logger.js';
import { parseStoredEvent } from './event-query.js';
import { readLines } from './ndjson-lines.js';
import type { Line } from './ndjson-lines.js';

/** What was found in the log. */
export interface RecoveredLog {
  /** Ids of every stored event. */
  ids: Set<string>;
  /** Size of the file after the repair: everything before it is whole lines. */
  size: number;
}

/**
 * Refuses a file that is not an event log before anything in it is changed
 * (its last line would be cut as an unfinished write): its first line must be
 * an event, or, when it is the only line and unfinished, the start of one (a
 * first write cut short).
 */
function assertLogStart(line: Line, isEvent: boolean): void {
  if (isEvent || (!line.complete && line.text.trimStart().startsWith('{"'))) return;
  throw new Error(
    'it is not a splitkit event log (its first line is not an event); refusing to write to it (the file is left as it was)',
  );
}

/**
 * Scans the log at `path` (open for appending as `handle`). A last line
 * without `\n` is what a write cut short leaves behind: it is never an
 * acknowledged event, so it is cut off; only when it is a whole event (a
 * file edited by hand) is it kept and finished with `\n`. Lines that are not
 * events are skipped and reported, never deleted. A file whose first line is
 * not an event is refused untouched.
 */
export async function recoverLog(path: string, handle: FileHandle, logger: Logger): Promise<RecoveredLog> {
  const ids = new Set<string>();
  let size = 0;
  let skipped = 0;
  let seenLine = false;
  for await (const line of readLines(path)) {
    const event = parseStoredEvent(line.text);
    if (!seenLine && line.text.trim() !== '') {
      seenLine = true;
      assertLogStart(line, event !== undefined);
    }
    if (line.complete) {
      size = line.end;
      if (event === undefined) {
        if (line.text.trim() !== '') skipped++;
        continue;
      }
      ids.add(event.id);
    } else if (event !== undefined) {
      await handle.write('\n');
      await handle.datasync();
      ids.add(event.id);
      size = line.end + 1;
      logger.warn(`splitkit: ${path}: the last line had no newline; added one`);
    } else {
      await handle.truncate(size);
      await handle.datasync();
      logger.warn(
        `splitkit: ${path}: dropped an unfinished last line (${line.end - line.start} bytes at byte ${line.start}), left by an interrupted write`,
      );
    }
  }
  if (skipped > 0) logger.warn(`splitkit: ${path}: skipped ${skipped} line(s) that are not events`);
  return { ids, size };
}
