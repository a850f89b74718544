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
 */
export function skippedLinesQuery(file: string): string {
  const lines = logLines(file);
  // json_type fails on a line that is not JSON: each test runs only where the one before passed.
  return `SELECT reason, count(*) AS n, list(line_no ORDER BY line_no)[1:${SKIPPED_LINES_SHOWN}] AS first
FROM (
  SELECT line_no, CASE WHEN t IS NULL THEN 'notJson' WHEN t <> 'OBJECT' THEN 'notObject' ELSE 'noId' END AS reason
  FROM (
    SELECT line_no, t, CASE WHEN t = 'OBJECT' THEN json_type(line, '$.id') END AS id_type
    FROM (
      SELECT line_no, line, CASE WHEN json_valid(line) THEN json_type(line) END AS t
      FROM (SELECT row_number() OVER () AS line_no, line FROM ${lines}) l
      WHERE line IS NOT NULL AND trim(line, ' ' || chr(9) || chr(13)) <> ''
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
  return `SELECT count(*) AS n FROM ${logLines(file)}
WHERE line IS NOT NULL AND trim(line, ' ' || chr(9) || chr(13)) <> '' AND CASE
  WHEN NOT json_valid(line) THEN true
  WHEN starts_with(line, '{"id":"') THEN false
  WHEN json_type(line) <> 'OBJECT' THEN true
  ELSE coalesce(json_type(line, '$.id'), 'NULL') = 'NULL' END`;
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

/**
 * Checks the NDJSON log `files` (the one file of an NDJSON store; line numbers of
 * several would be ambiguous, so they are not checked) with DuckDB (`run`), keeping
 * the scan's order for the line numbers. A check that fails (a line longer than
 * DuckDB's reader takes) is a note, never the analysis's failure.
 */
export async function checkLogLines(
  run: SqlExecutor,
  files: readonly string[],
  notes: string[],
): Promise<SkippedLines | undefined> {
  const [file] = files;
  if (file === undefined || files.length > 1) return undefined;
  let setting: Record<string, unknown> | undefined;
  try {
    const [count] = await run(skippedLinesCountQuery(file));
    if (Number(count?.n) === 0) return skippedLinesOf([]);
    [setting] = await run("SELECT current_setting('preserve_insertion_order') AS v");
    await run('SET preserve_insertion_order = true');
    return skippedLinesOf(await run(skippedLinesQuery(file)));
  } catch (error) {
    notes.push(
      `The log's lines were not checked for lines that are not events (${String((error as Error)?.message)
        .split('\n')[0]
        ?.trim()}).`,
    );
    return undefined;
  } finally {
    if (setting !== undefined)
      await run(`SET preserve_insertion_order = ${String(setting.v === true)}`).catch(() => {});
  }
}
