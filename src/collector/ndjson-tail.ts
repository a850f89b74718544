/**
 * Reads a log's lines from its end backwards, so reopening a log loads only
 * its newest lines (the deduplication window), however long its history.
 */
import type { FileHandle } from 'node:fs/promises';
import type { Line } from './ndjson-lines.js';

const NEWLINE = 0x0a;
const CHUNK_BYTES = 1024 * 1024;

/**
 * Yields the lines of the file open as `handle` (for reading), from byte
 * `end` (exclusive) back to its first line. The first line yielded is the
 * piece after the last `\n`, marked incomplete, when there is one.
 */
export async function* readLinesBackward(handle: FileHandle, end: number): AsyncGenerator<Line> {
  let position = end;
  // The start of a line whose beginning lies in an earlier chunk.
  let carry = Buffer.alloc(0);
  while (position > 0) {
    const length = Math.min(CHUNK_BYTES, position);
    position -= length;
    const chunk = Buffer.allocUnsafe(length);
    let read = 0;
    while (read < length) {
      const { bytesRead } = await handle.read(chunk, read, length - read, position + read);
      if (bytesRead === 0) throw new Error(`the file ended before byte ${position + length}`);
      read += bytesRead;
    }
    const buffer = carry.length === 0 ? chunk : Buffer.concat([chunk, carry]);
    let lineEnd = buffer.length;
    let newline = lineEnd === 0 ? -1 : buffer.lastIndexOf(NEWLINE, lineEnd - 1);
    while (newline !== -1) {
      const line = piece(buffer, newline + 1, lineEnd, position, end);
      if (line !== undefined) yield line;
      lineEnd = newline;
      newline = newline === 0 ? -1 : buffer.lastIndexOf(NEWLINE, newline - 1);
    }
    carry = Buffer.from(buffer.subarray(0, lineEnd));
  }
  const first = piece(carry, 0, carry.length, 0, end);
  if (first !== undefined) yield first;
}

/** The line in `buffer[from, to)` (`buffer` starts at byte `offset` of the file); none for an empty last piece. */
function piece(buffer: Buffer, from: number, to: number, offset: number, fileEnd: number): Line | undefined {
  const start = offset + from;
  const complete = offset + to < fileEnd;
  if (!complete && from === to) return undefined;
  return {
    text: buffer.toString('utf8', from, to),
    start,
    end: complete ? offset + to + 1 : offset + to,
    complete,
  };
}
