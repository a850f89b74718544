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

/**
 * Whether `text`, a JSON number's text, is also how JavaScript writes that number (its in-memory label): an
 * integer of at most 15 digits, without leading zeros, not `-0`. The label count query (queries.ts) keys
 * such labels by the text in SQL, by the same rule.
 */
export function isCanonicalInteger(text: string): boolean {
  return /^(0|-?[1-9][0-9]{0,14})$/.test(text);
}

/** A label (or key) of a segment attribute with its units, as the label count queries return them. */
export interface LabelCount {
  label: string;
  units: number;
}

/**
 * The values the label count queries (queries.ts) found under their in-memory labels, each with its units
 * (in all, as one number) and the engine labels it covers, and how many values the attribute has in all
 * (`total`, some perhaps not among `values`). `keyed` are keys SQL wrote as their in-memory labels (a
 * string, or an integer's text, which covers that integer's engine label too), `odd` the labels only Node
 * can rewrite, `keys` the number of keys in all.
 */
export function labelValues(
  keyed: readonly LabelCount[],
  odd: readonly LabelCount[],
  keys: number,
): { values: SegmentValueAggregates[]; total: number } {
  const byValue = new Map<string, { units: number; labels: string[] }>();
  const add = (value: string, units: number, labels: string[]) => {
    const same = byValue.get(value);
    if (same === undefined) byValue.set(value, { units, labels });
    else {
      same.units += units;
      same.labels.push(...labels);
    }
  };
  for (const { label, units } of keyed)
    add(label, units, isCanonicalInteger(label) ? [label, `${JSON_LABEL}${label}`] : [label]);
  const values = byValue.size;
  for (const { label, units } of odd) add(memoryLabel(label), units, [label]);
  return {
    values: [...byValue].map(([value, { units, labels }]) => ({ value, labels, units: [units], metrics: [] })),
    // Every key is a value; an odd label adds one when its in-memory label is no key (nor another odd's).
    total: keys + byValue.size - values,
  };
}
