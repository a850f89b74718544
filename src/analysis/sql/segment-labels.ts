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
 * their units are added here before the values shown are picked, and the
 * statistics and quantile queries match every engine label of a shown value (`labels`).
 */
import type { SegmentValueAggregates } from '../aggregates.js';
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

/** An engine label's units, as the label count query of a segment attribute returns them. */
export interface LabelCount {
  label: string;
  units: number;
}

/**
 * The values of the engine labels `counts` under their in-memory labels, those with the same one merged:
 * each with its units (in all, as one number) and the engine labels it covers; no metrics yet.
 */
export function valuesOfLabels(counts: readonly LabelCount[]): SegmentValueAggregates[] {
  const byLabel = new Map<string, { units: number; labels: string[] }>();
  for (const { label, units } of counts) {
    const value = memoryLabel(label);
    const same = byLabel.get(value);
    if (same === undefined) byLabel.set(value, { units, labels: [label] });
    else {
      same.units += units;
      same.labels.push(label);
    }
  }
  return [...byLabel].map(([value, { units, labels }]) => ({ value, labels, units: [units], metrics: [] }));
}
