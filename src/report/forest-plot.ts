/**
 * Forest plots as inline SVG: one row per comparison, the relative lift as a
 * dot and its confidence interval as a bar, against a dashed zero line.
 * Intervals reaching past ±100% are cut at the edge and end in an arrow
 * (the exact numbers are printed next to the plot).
 */
import type { Outcome } from '../analysis/comparison-result.js';
import { escapeHtml } from './escape.js';
import { formatInterval, formatLift } from './numbers.js';
import { clip } from './text-table.js';

/** One row of a forest plot. */
export type ForestRow =
  | { label: string; estimate: number; ci: readonly [number, number]; outcome: Outcome }
  /** No point to plot: `text` says why (default: not enough data). */
  | { label: string; missing: string; text?: string };

const WIDTH = 880;
const LABEL_WIDTH = 170;
const TEXT_WIDTH = 210;
const ROW_HEIGHT = 26;
const AXIS_HEIGHT = 30;
const LIMIT = 1;

/** Colours of the outcomes. */
const OUTCOME_COLORS: Record<Outcome, string> = { better: '#1a7f37', worse: '#cf222e', neutral: '#57606a' };

/** An `<svg>` element plotting `rows`; `title` is its accessible name. */
export function forestPlot(rows: readonly ForestRow[], title: string): string {
  const [lo, hi] = domain(rows);
  const plotLeft = LABEL_WIDTH;
  const plotRight = WIDTH - TEXT_WIDTH;
  const x = (v: number) => plotLeft + ((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * (plotRight - plotLeft);
  const height = rows.length * ROW_HEIGHT + AXIS_HEIGHT;
  const plotBottom = rows.length * ROW_HEIGHT;
  const parts: string[] = [
    `<svg class="forest" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${escapeHtml(title)}">`,
    `<title>${escapeHtml(title)}</title>`,
  ];
  for (const tick of ticks(lo, hi)) {
    const tx = x(tick).toFixed(1);
    parts.push(
      `<line x1="${tx}" y1="0" x2="${tx}" y2="${plotBottom}" class="grid"/>`,
      `<text x="${tx}" y="${plotBottom + 18}" text-anchor="middle" class="tick">${escapeHtml(formatLift(tick))}</text>`,
    );
  }
  const zero = x(0).toFixed(1);
  parts.push(`<line x1="${zero}" y1="0" x2="${zero}" y2="${plotBottom}" class="zero"/>`);
  rows.forEach((row, i) => parts.push(rowSvg(row, i, x, lo, hi)));
  parts.push('</svg>');
  return parts.join('');
}

function rowSvg(row: ForestRow, i: number, x: (v: number) => number, lo: number, hi: number): string {
  const y = i * ROW_HEIGHT + ROW_HEIGHT / 2;
  const label = `<text x="${LABEL_WIDTH - 10}" y="${y + 4}" text-anchor="end" class="label">${escapeHtml(clip(row.label, 24))}</text>`;
  const textX = WIDTH - TEXT_WIDTH + 10;
  if ('missing' in row) {
    return `${label}<text x="${textX}" y="${y + 4}" class="missing">${escapeHtml(row.text ?? 'not enough data')}</text>`;
  }
  const color = OUTCOME_COLORS[row.outcome];
  const [a, b] = row.ci;
  const x1 = x(a).toFixed(1);
  const x2 = x(b).toFixed(1);
  const arrows = [a < lo ? arrow(x(a), y, -1, color) : '', b > hi ? arrow(x(b), y, 1, color) : ''].join('');
  const text = `${formatLift(row.estimate)} ${formatInterval(row.ci, formatLift)}`;
  return (
    label +
    `<line x1="${x1}" y1="${y}" x2="${x2}" y2="${y}" stroke="${color}" class="ci"/>` +
    arrows +
    `<circle cx="${x(row.estimate).toFixed(1)}" cy="${y}" r="5" fill="${color}"/>` +
    `<text x="${textX}" y="${y + 4}" class="value ${escapeHtml(row.outcome)}">${escapeHtml(text)}</text>`
  );
}

function arrow(at: number, y: number, direction: 1 | -1, color: string): string {
  const tip = at.toFixed(1);
  const back = (at - direction * 7).toFixed(1);
  return `<polygon points="${tip},${y} ${back},${y - 5} ${back},${y + 5}" fill="${color}"/>`;
}

// Zero is always in view; the rest is fitted to the intervals, within ±100%.
function domain(rows: readonly ForestRow[]): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const row of rows) {
    if ('missing' in row) continue;
    lo = Math.min(lo, row.ci[0], row.estimate);
    hi = Math.max(hi, row.ci[1], row.estimate);
  }
  lo = Math.max(lo, -LIMIT);
  hi = Math.min(hi, LIMIT);
  if (hi - lo === 0) return [-0.01, 0.01];
  const pad = (hi - lo) * 0.08;
  return [lo - pad, hi + pad];
}

/** Round tick values (1, 2, 2.5 or 5 times a power of ten) covering [lo, hi], about four to eight of them. */
export function ticks(lo: number, hi: number): number[] {
  const raw = (hi - lo) / 7;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const out: number[] = [];
  // Multiples of the step, not a running sum, so 0.3 stays 0.3 (and -0 becomes 0).
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++)
    out.push(Number((k * step).toPrecision(12)) + 0);
  return out;
}
