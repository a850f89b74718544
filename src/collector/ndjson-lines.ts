/** Reads a file as lines of UTF-8 text, keeping each line's byte offsets. */
import { createReadStream } from 'node:fs';

/** One line of the file. */
export interface Line {
  /** The line without its `\n`. */
  text: string;
  /** Byte offset of the line's first byte. */
  start: number;
  /** Byte offset just past the line (past its `\n` when complete). */
  end: number;
  /** False for a last line with no `\n` after it (a write that did not finish). */
  complete: boolean;
}

const NEWLINE = 0x0a;

/**
 * Yields the lines of `path` from the start of the file up to byte `end`
 * (exclusive; default: the end of the file). Lines are split on bytes, so a
 * multi-byte character split across read chunks is decoded whole.
 */
export async function* readLines(path: string, end?: number): AsyncGenerator<Line> {
  if (end === 0) return;
  const stream = createReadStream(path, end === undefined ? {} : { end: end - 1 });
  let pending: Buffer[] = [];
  let pendingStart = 0;
  let offset = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let from = 0;
    let newline = chunk.indexOf(NEWLINE, from);
    while (newline !== -1) {
      pending.push(chunk.subarray(from, newline));
      const lineEnd = offset + newline + 1;
      yield { text: Buffer.concat(pending).toString('utf8'), start: pendingStart, end: lineEnd, complete: true };
      pending = [];
      pendingStart = lineEnd;
      from = newline + 1;
      newline = chunk.indexOf(NEWLINE, from);
    }
    if (from < chunk.length) pending.push(chunk.subarray(from));
    offset += chunk.length;
  }
  if (pending.length > 0) {
    yield { text: Buffer.concat(pending).toString('utf8'), start: pendingStart, end: offset, complete: false };
  }
}
