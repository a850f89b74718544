/**
 * Fixed-width text tables. Cells are padded on their plain text and coloured
 * afterwards, so ANSI codes never throw the columns out of line.
 */

/** A cell: plain text, or text with an ANSI style to wrap it in. */
export type Cell = string | { text: string; style?: Style };

/** The few styles the terminal report uses. */
export type Style = 'bold' | 'dim' | 'green' | 'red' | 'yellow';

const ANSI: Record<Style, [string, string]> = {
  bold: ['\u001b[1m', '\u001b[22m'],
  dim: ['\u001b[2m', '\u001b[22m'],
  green: ['\u001b[32m', '\u001b[39m'],
  red: ['\u001b[31m', '\u001b[39m'],
  yellow: ['\u001b[33m', '\u001b[39m'],
};

/** `text` cut to `max` characters (code points), the last one an ellipsis when it was longer. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Variant, segment and metric names are cut to this width in the terminal tables (the units table and the
 * definitions show them whole) to keep rows within the line.
 */
const NAME_WIDTH = 13;

/** `name` cut to {@link NAME_WIDTH}. */
export const clipName = (name: string): string => clip(name, NAME_WIDTH);

/** `text` wrapped in the ANSI codes of `style` when `color` is on. */
export function paint(text: string, style: Style | undefined, color: boolean): string {
  if (!color || style === undefined) return text;
  const [open, close] = ANSI[style];
  return `${open}${text}${close}`;
}

/**
 * Lays out rows in columns separated by two spaces. `align[i]` is `r` for
 * right-aligned (numbers) columns. Lines have no trailing spaces.
 */
export function renderTable(
  rows: readonly (readonly Cell[])[],
  align: readonly ('l' | 'r')[],
  color: boolean,
): string[] {
  const text = (cell: Cell | undefined) => (cell === undefined ? '' : typeof cell === 'string' ? cell : cell.text);
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, widthOf(text(cell)));
    });
  }
  return rows.map((row) => {
    // Nothing is padded after the last non-empty cell, so lines carry no trailing spaces, coloured or not.
    let last = row.length - 1;
    while (last >= 0 && text(row[last]) === '') last--;
    return row
      .slice(0, last + 1)
      .map((cell, i) => {
        const plain = text(cell);
        const gap = ' '.repeat(Math.max(0, (widths[i] ?? 0) - widthOf(plain)));
        const padded = align[i] === 'r' ? gap + plain : i === last ? plain : plain + gap;
        return paint(padded, typeof cell === 'string' ? undefined : cell.style, color);
      })
      .join('  ');
  });
}

// Code points, not UTF-16 units, so "−", "▲" and "χ²" count as one column each.
function widthOf(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Width the terminal report keeps its lines within. */
export const LINE_WIDTH = 100;

/**
 * `text` broken at spaces into lines of at most `width` columns; lines after
 * the first start with `indent`. A single word longer than a line stays whole.
 */
export function wrap(text: string, indent = '', width = LINE_WIDTH): string[] {
  const lead = /^ */.exec(text)?.[0] ?? '';
  const lines: string[] = [];
  let line = lead;
  for (const word of text.slice(lead.length).split(' ')) {
    const fresh = line.trim() === '';
    const candidate = fresh ? line + word : `${line} ${word}`;
    if (fresh || widthOf(candidate) <= width) line = candidate;
    else {
      lines.push(line);
      line = `${indent}${word}`;
    }
  }
  lines.push(line);
  return lines;
}
