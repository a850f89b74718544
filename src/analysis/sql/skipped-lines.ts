/**
 * Lines of an NDJSON event log that are not events: the store's reader and
 * DuckDB's read skip them, and the report says how many, why, and where the
 * first ones are (docs/analysis.md, "Lines that are not events"). A blank line
 * (nothing but spaces, tabs or a carriage return) is not worth a note.
 */
import type { SkippedLines, SkippedLineReason } from '../types.js';
import { readPath } from './dialect-duckdb.js';
import { literal } from './dialect.js';
import type { SqlExecutor } from './run-sql.js';

/** How many of the skipped lines the report names by number. */
export const SKIPPED_LINES_SHOWN = 3;

const REASONS: readonly SkippedLineReason[] = ['notJson', 'notObject', 'noId'];

/**
 * One row per reason found in the NDJSON `file`: `reason`, `n` and `first`, the
 * 1-based numbers of its first {@link SKIPPED_LINES_SHOWN} lines. Every line is
 * read as text (a delimiter no JSON text holds unescaped, no quoting), so a blank
 * line keeps its number. What counts as an event is what the DuckDB engine reads
 * as one: a JSON object whose `id` is present and not `null` (a number too; the
 * store's own reader wants a string, docs/analysis.md). The line numbers come from
 * the scan's order: the statement must run with `preserve_insertion_order` on.
 * Lines from number `before` on are left out (a last line still being written).
 */
export function skippedLinesQuery(file: string, before = Number.POSITIVE_INFINITY): string {
  const lines = logLines(file);
  const upTo = Number.isFinite(before) ? ` AND line_no < ${before}` : '';
  // json_type fails on a line that is not JSON: each test runs only where the one before passed.
  return `SELECT reason, count(*) AS n, list(line_no ORDER BY line_no)[1:${SKIPPED_LINES_SHOWN}] AS first
FROM (
  SELECT line_no, CASE WHEN t IS NULL THEN 'notJson' WHEN t <> 'OBJECT' THEN 'notObject' ELSE 'noId' END AS reason
  FROM (
    SELECT line_no, t, CASE WHEN t = 'OBJECT' THEN json_type(line, '$.id') END AS id_type
    FROM (
      SELECT line_no, line, CASE WHEN json_valid(line) THEN json_type(line) END AS t
      FROM (SELECT row_number() OVER () AS line_no, line FROM ${lines}) l
      WHERE line IS NOT NULL AND trim(line, ' ' || chr(9) || chr(13)) <> ''${upTo}
    ) v
  ) o
  WHERE t IS NULL OR t <> 'OBJECT' OR coalesce(id_type, 'NULL') = 'NULL'
) s
GROUP BY reason`;
}

/** Every line of the NDJSON `file` as the text column `line` (a blank line is NULL or blanks). */
function logLines(file: string): string {
  return `read_csv(${literal(readPath(file))}, columns = {'line': 'VARCHAR'}, delim = chr(0), quote = '',
    escape = '', header = false, auto_detect = false, strict_mode = false)`;
}

/**
 * A query of one row, `n` the number of lines of `file` that {@link skippedLinesQuery}
 * lists, counted without numbering the lines, so DuckDB scans on every core: a
 * line starting `{"id":"` that is JSON is an event without a second parse. About
 * 0.35 CPU-s per million lines, a quarter of numbering them, which runs only when
 * this finds some (docs/analysis.md, "Lines that are not events").
 */
export function skippedLinesCountQuery(file: string): string {
  // bytes: the file's size when its last line ends in a newline, one more when it does not.
  return `SELECT count(*) AS lines, sum(strlen(coalesce(line, '')) + 1) AS bytes, count(*) FILTER (WHERE line IS NOT NULL AND trim(line, ' ' || chr(9) || chr(13)) <> ''
  AND CASE
  WHEN NOT json_valid(line) THEN true
  WHEN starts_with(line, '{"id":"') THEN false
  WHEN json_type(line) <> 'OBJECT' THEN true
  ELSE coalesce(json_type(line, '$.id'), 'NULL') = 'NULL' END) AS n
FROM ${logLines(file)}`;
}

/** The {@link SkippedLines} of the rows of {@link skippedLinesQuery}. */
export function skippedLinesOf(rows: readonly Record<string, unknown>[]): SkippedLines {
  const reasons: Record<SkippedLineReason, number> = { notJson: 0, notObject: 0, noId: 0 };
  const first: { line: number; reason: SkippedLineReason }[] = [];
  for (const row of rows) {
    const reason = row.reason as SkippedLineReason;
    if (!REASONS.includes(reason)) continue;
    reasons[reason] = Number(row.n);
    for (const line of (row.first as unknown[]) ?? []) first.push({ line: Number(line), reason });
  }
  first.sort((a, b) => a.line - b.line);
  return {
    count: reasons.notJson + reasons.notObject + reasons.noId,
    reasons,
    first: first.slice(0, SKIPPED_LINES_SHOWN),
  };
}

/** The lines of one file and those of them that are not events, numbered from the file's first line. */
export interface CheckedLines {
  /** Every line, blank ones included. */
  lines: number;
  skipped: SkippedLines;
}

/**
 * Checks the NDJSON `file` with DuckDB (`run`): a parallel count, then, only when it finds some, the
 * numbered scan, with the scan's order kept for the line numbers. Throws DuckDB's error.
 */
export async function checkFileLines(run: SqlExecutor, file: string): Promise<CheckedLines> {
  const [count] = await run(skippedLinesCountQuery(file));
  const lines = Number(count?.lines ?? 0);
  if (Number(count?.n) === 0) return { lines, skipped: skippedLinesOf([]) };
  // A last line without its newline is a write still in progress (or cut short): the store's reader
  // waits for it and the column cache converts up to the line before, so it is not counted either.
  const [size] = await run(`SELECT size FROM read_blob(${literal(readPath(file))})`);
  const unfinished = Number(count?.bytes) === Number(size?.size) + 1;
  const [setting] = await run("SELECT current_setting('preserve_insertion_order') AS v");
  await run('SET preserve_insertion_order = true');
  try {
    return { lines, skipped: skippedLinesOf(await run(skippedLinesQuery(file, unfinished ? lines : undefined))) };
  } finally {
    await run(`SET preserve_insertion_order = ${String(setting?.v === true)}`).catch(() => {});
  }
}

/**
 * The skipped lines of consecutive pieces of one log (the column cache's parts), each numbered from its own
 * first line, as one log's: counts added, line numbers moved by the lines before.
 */
export function joinCheckedLines(pieces: readonly CheckedLines[]): CheckedLines {
  const reasons: Record<SkippedLineReason, number> = { notJson: 0, notObject: 0, noId: 0 };
  const first: SkippedLines['first'] = [];
  let lines = 0;
  for (const piece of pieces) {
    for (const reason of REASONS) reasons[reason] += piece.skipped.reasons[reason];
    for (const f of piece.skipped.first) first.push({ line: f.line + lines, reason: f.reason });
    lines += piece.lines;
  }
  return {
    lines,
    skipped: {
      count: reasons.notJson + reasons.notObject + reasons.noId,
      reasons,
      first: first.slice(0, SKIPPED_LINES_SHOWN),
    },
  };
}

/** Whether `value` is a {@link CheckedLines} (as a cache manifest stores it). */
export function isCheckedLines(value: unknown): value is CheckedLines {
  const v = value as CheckedLines | undefined;
  return (
    Number.isSafeInteger(v?.lines) &&
    Number.isSafeInteger(v?.skipped?.count) &&
    REASONS.every((reason) => Number.isSafeInteger(v?.skipped.reasons?.[reason])) &&
    Array.isArray(v?.skipped.first) &&
    v.skipped.first.every((f) => Number.isSafeInteger(f?.line) && REASONS.includes(f?.reason))
  );
}

/**
 * Checks the NDJSON log `files` (the one file of an NDJSON store; line numbers of
 * several would be ambiguous, so they are not checked) with DuckDB (`run`). A check
 * that fails (a line longer than DuckDB's reader takes) is a note, never the
 * analysis's failure.
 */
export async function checkLogLines(
  run: SqlExecutor,
  files: readonly string[],
  notes: string[],
): Promise<SkippedLines | undefined> {
  const [file] = files;
  if (file === undefined || files.length > 1) return undefined;
  try {
    return (await checkFileLines(run, file)).skipped;
  } catch (error) {
    notes.push(uncheckedNote(error));
    return undefined;
  }
}

/** The note when the lines could not be checked. */
export function uncheckedNote(error: unknown): string {
  return `The log's lines were not checked for lines that are not events (${String((error as Error)?.message)
    .split('\n')[0]
    ?.trim()}).`;
}
