/**
 * Segment labels as the SQL engines return them, turned into the in-memory
 * engine's labels. A label is the attribute's string, `(none)` for `null`,
 * or else the value's JSON text as JavaScript writes it (`JSON.stringify`:
 * `1e+21`, `1e-7`, `{"a":1}`). Each engine writes JSON its own way (DuckDB
 * `1e21` and `1.0`, PostgreSQL `{"a": 1}` and `1000000000000000000000`), and
 * matching JavaScript's number formatting in SQL would take a page of string
 * functions per engine, so the SQL marks a non-string value's label with
 * {@link JSON_LABEL} and Node rewrites it: `JSON.stringify(JSON.parse(text))`
 * is the in-memory label of the same stored value. Two engine labels can so
 * become one (`1` and `1.0`, the string `"1"` and the number 1), as in memory:
 * their aggregates are merged here, and the quantile stages match every
 * engine label of a shown value (`labels`).
 */
import type { SegmentValueAggregates } from '../aggregates.js';
import { mergeSegments } from '../segment-aggregates.js';
import { NO_SEGMENT_VALUE, OTHER_SEGMENT_VALUE } from '../assignments.js';
import { literal } from './dialect.js';

/**
 * The first character of an engine label that holds a value's JSON text. A
 * string label starting with it is returned with it doubled, so every label reads one way.
 */
export const JSON_LABEL = '\u0001';

/** {@link JSON_LABEL} as an SQL expression, the same in DuckDB and PostgreSQL: the one spelling both dialects use. */
export const JSON_LABEL_SQL = `chr(${JSON_LABEL.charCodeAt(0)})`;

/**
 * SQL true for a stored string `text` (its first character `first`) that the in-memory engine labels with its
 * JSON text (`quotedSegmentString`): the dialects then mark it as JSON, so Node writes it as memory does.
 */
export function quotedLabelSql(text: string, first: string): string {
  return `(${text} IN (${literal(NO_SEGMENT_VALUE)}, ${literal(OTHER_SEGMENT_VALUE)}) OR ${first} = '"')`;
}

/** The in-memory label of the engine label `label` (see the module comment). */
export function memoryLabel(label: string): string {
  if (!label.startsWith(JSON_LABEL)) return label;
  const text = label.slice(JSON_LABEL.length);
  if (text.startsWith(JSON_LABEL)) return text;
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    // No engine writes JSON that Node cannot read back; if one did, its text is the best label there is.
    return text;
  }
}

/**
 * `values` (one per engine label, `value` the engine label) under their
 * in-memory labels, those with the same one merged, each with the engine labels it covers.
 */
export function withMemoryLabels(values: readonly SegmentValueAggregates[]): SegmentValueAggregates[] {
  const byLabel = new Map<string, SegmentValueAggregates[]>();
  for (const value of values) {
    const label = memoryLabel(value.value);
    const same = byLabel.get(label);
    if (same === undefined) byLabel.set(label, [value]);
    else same.push(value);
  }
  return [...byLabel].map(([label, same]) => ({
    ...mergeSegments(label, same),
    labels: same.flatMap((s) => s.labels ?? [s.value]),
  }));
}
