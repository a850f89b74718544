/**
 * Making stored text safe to print in a terminal or a script's comment. Segment
 * values, variant and metric keys reach the report from events anyone can send
 * to a collector; an ESC or BEL in one would be a terminal control sequence (set
 * the window title, recolour or rewrite what was printed), a line break would
 * break the table or end a `--` comment and leave the rest to run, and a
 * bidirectional override would make a row read backwards.
 */

// C0 controls, DEL, C1 controls, the line and paragraph separators, and the bidirectional embeddings,
// overrides and isolates.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `text` with each control character shown as its `\uXXXX` escape. */
function printableText(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A copy of `value` in which every string (keys of plain objects too) is {@link printableText}. */
export function printable<T>(value: T): T {
  if (typeof value === 'string') return printableText(value) as T;
  if (Array.isArray(value)) return value.map(printable) as T;
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[printableText(key)] = printable(item);
  return copy as T;
}
