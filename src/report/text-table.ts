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

/** `text` cut to `max` terminal columns, the last one an ellipsis when it was longer. */
export function clip(text: string, max: number): string {
  if (widthOf(text) <= max) return text;
  let out = '';
  let used = 0;
  for (const char of text) {
    const w = charWidth(char.codePointAt(0) ?? 0);
    if (used + w > max - 1) break;
    out += char;
    used += w;
  }
  return `${out}…`;
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

// Terminal columns: one per code point (so "−", "▲" and "χ²" count as one each), two for East Asian wide and
// emoji characters ("日本" is 4), none for combining marks, zero-width characters and variation selectors.
function widthOf(text: string): number {
  let n = 0;
  for (const char of text) n += charWidth(char.codePointAt(0) ?? 0);
  return n;
}

// Wide: Hangul Jamo, CJK (radicals to Yi, Hangul syllables, compatibility ideographs, vertical and
// half/full-width forms), emoji (pictographs, emoticons, transport, supplemental symbols) and the CJK
// extension planes; a regional indicator is 1, so a flag (two of them) is 2.
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f680, 0x1f6ff],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];
const ZERO: readonly (readonly [number, number])[] = [
  [0x0300, 0x036f],
  [0x200b, 0x200f],
  [0xfe00, 0xfe0f],
  [0xe0100, 0xe01ef],
];

function charWidth(code: number): number {
  const within = (ranges: readonly (readonly [number, number])[]) => ranges.some(([a, b]) => code >= a && code <= b);
  if (within(ZERO)) return 0;
  return within(WIDE) ? 2 : 1;
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
