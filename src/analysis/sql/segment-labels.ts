/**
 * Segment labels as the SQL engines return them, turned into the in-memory
 * engine's labels. A label is the attribute's string, `(none)` for `null`,
 * or else the value's JSON text as JavaScript writes it (`JSON.stringify`:
 * `1e+21`, `1e-7`, `{"a":1}`). Each engine writes JSON its own way (DuckDB
 * `1e21` and `1.0`, PostgreSQL `{"a": 1}` and `1000000000000000000000`), so
 * the SQL marks a non-string value's label with {@link JSON_LABEL}. SQL keys
 * the labels it can rewrite itself (strings, numbers, booleans: label-keys.ts)
 * by their in-memory label; the others, **odd** labels (objects, arrays,
 * quoted strings, numbers beyond a double), Node rewrites:
 * `JSON.stringify(JSON.parse(text))` is the in-memory label of the same
 * stored value. Labels that become one value (`1`, `1.0` and `"1"`; an object
 * and the string of its JSON text) are added up before the values shown are
 * picked, and the statistics and quantile queries group by the values shown
 * (`sk_shown<a>`, queries.ts).
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

/** A label (or key) of a segment attribute with its units, as the label count queries return them. */
export interface LabelCount {
  label: string;
  units: number;
}

/**
 * The values the label count queries (queries.ts) found under their in-memory labels, each with its units
 * (in all, as one number) and the keys of `sk_labels<a>` it covers (`labels`), and how many values the
 * attribute has in all (`total`, some perhaps not among `values`). `keyed` are keys SQL wrote as their
 * in-memory labels, `odd` the labels only Node can rewrite (each its own key), `keys` the number of keys in all.
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
  for (const { label, units } of keyed) add(label, units, [label]);
  const values = byValue.size;
  for (const { label, units } of odd) add(memoryLabel(label), units, [label]);
  return {
    values: [...byValue].map(([value, { units, labels }]) => ({ value, labels, units: [units], metrics: [] })),
    // Every key is a value; an odd label adds one when its in-memory label is no key (nor another odd's).
    total: keys + byValue.size - values,
  };
}
