/**
 * Effects over time as an inline SVG line chart: per treatment the cumulative
 * relative lift at the end of each day (a line with dots) inside its
 * confidence band, a dashed zero line, days along the bottom. Days with not
 * enough data leave a gap and a grey mark on the axis, never a drawn interval.
 * Lifts past ±100% are cut at the edge and drawn as hollow dots (the numbers
 * are in the caption and the JSON report).
 */
import type { MetricResult } from '../analysis/metric-result.js';
import type { TimelinePoint } from '../analysis/timeline-result.js';
import { escapeHtml } from './escape.js';
import { ticks } from './forest-plot.js';
import { formatLift } from './numbers.js';
import { liftUndefined } from './comparison-cells.js';
import { clip } from './text-table.js';
import { timelineSentences } from './timeline-text.js';

const WIDTH = 880;
const HEIGHT = 260;
const LEFT = 64;
const RIGHT = 150;
const TOP = 12;
const BOTTOM = 40;
const LIMIT = 1;

/** Line colours of the treatments, in order (the control has no line). */
const TREATMENT_COLORS = ['#0969da', '#8250df', '#bf3989', '#1a7f37', '#9a6700', '#cf222e'];

interface Series {
  variant: string;
  color: string;
  /** Per point: the lift and its interval, or undefined for not enough data. */
  values: ({ lift: number; lo: number; hi: number } | undefined)[];
}

/** The chart's styles, added to the page's stylesheet. */
export const TIMELINE_CSS = `
svg.timeline { display: block; max-width: 100%; height: auto; margin: 4px 0; }
svg.timeline .grid { stroke: #eaeef2; } svg.timeline .axis { stroke: var(--muted); }
svg.timeline .zero { stroke: var(--fg); stroke-dasharray: 4 3; } svg.timeline .nodata { fill: #afb8c1; }
svg.timeline text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--fg); }
svg.timeline text.tick { fill: var(--muted); }
`;

/** The chart of `result`'s timeline with its one-line reading per treatment, or '' without a timeline. */
export function timelineBlock(result: MetricResult, control: string): string {
  const chart = timelineChart(result, control);
  if (chart === '') return '';
  const sentences = timelineSentences(result).map((s) => escapeHtml(s));
  return `<p class="muted">Over time (cumulative, by day): ${sentences.join('<br>')}</p>${chart}`;
}

/** An `<svg>` chart of `result.timeline`, or '' when it has no points. */
export function timelineChart(result: MetricResult, control: string): string {
  const points = result.timeline ?? [];
  if (points.length === 0) return '';
  const series = seriesOf(points);
  const title = `Cumulative relative lift of ${result.metric.key} against ${control}, by day`;
  const [lo, hi] = domain(series);
  const plotRight = WIDTH - RIGHT;
  const plotBottom = HEIGHT - BOTTOM;
  const days = points.length;
  const x = (i: number) => (days === 1 ? (LEFT + plotRight) / 2 : LEFT + (i / (days - 1)) * (plotRight - LEFT));
  const y = (v: number) => plotBottom - ((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * (plotBottom - TOP);
  const parts: string[] = [
    `<svg class="timeline" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(title)}">`,
    `<title>${escapeHtml(title)}</title>`,
  ];
  for (const tick of ticks(lo, hi)) {
    const ty = y(tick).toFixed(1);
    parts.push(
      `<line x1="${LEFT}" y1="${ty}" x2="${plotRight}" y2="${ty}" class="grid"/>`,
      `<text x="${LEFT - 8}" y="${(Number(ty) + 4).toFixed(1)}" text-anchor="end" class="tick">${escapeHtml(formatLift(tick))}</text>`,
    );
  }
  for (const i of dayTicks(days)) {
    const tx = x(i).toFixed(1);
    parts.push(
      `<line x1="${tx}" y1="${plotBottom}" x2="${tx}" y2="${plotBottom + 4}" class="axis"/>`,
      `<text x="${tx}" y="${plotBottom + 17}" text-anchor="middle" class="tick">${points[i]?.day ?? ''}</text>`,
    );
  }
  parts.push(
    `<text x="${((LEFT + plotRight) / 2).toFixed(1)}" y="${HEIGHT - 6}" text-anchor="middle" class="tick">day since the first exposure (24 h each)</text>`,
  );
  const zero = y(0).toFixed(1);
  parts.push(`<line x1="${LEFT}" y1="${zero}" x2="${plotRight}" y2="${zero}" class="zero"/>`);
  for (const s of series) parts.push(bands(s, x, y), lines(s, x, y));
  parts.push(missingMarks(series, x, plotBottom), legend(series, plotRight));
  parts.push('</svg>');
  return parts.join('');
}

function seriesOf(points: readonly TimelinePoint[]): Series[] {
  const variants = [...new Set(points.flatMap((p) => p.comparisons.map((c) => c.variant)))];
  return variants.map((variant, k) => ({
    variant,
    color: TREATMENT_COLORS[k % TREATMENT_COLORS.length] ?? '#57606a',
    values: points.map((p) => {
      const c = p.comparisons.find((row) => row.variant === variant);
      // A day whose lift is undefined (its interval unbounded on both sides) breaks the line, as a missing one does.
      if (c?.status !== 'ok' || !Number.isFinite(c.relativeLift) || liftUndefined(c.relativeCi)) return undefined;
      return { lift: c.relativeLift, lo: c.relativeCi[0], hi: c.relativeCi[1] };
    }),
  }));
}

// Runs of consecutive days with a comparison: bands and lines break where one is missing.
function runs(values: Series['values']): number[][] {
  const out: number[][] = [];
  let current: number[] = [];
  values.forEach((v, i) => {
    if (v === undefined) {
      if (current.length > 0) out.push(current);
      current = [];
    } else current.push(i);
  });
  if (current.length > 0) out.push(current);
  return out;
}

function bands(s: Series, x: (i: number) => number, y: (v: number) => number): string {
  return runs(s.values)
    .map((run) => {
      const upper = run.map((i) => `${x(i).toFixed(1)},${y(s.values[i]?.hi ?? 0).toFixed(1)}`);
      const lower = run.map((i) => `${x(i).toFixed(1)},${y(s.values[i]?.lo ?? 0).toFixed(1)}`).reverse();
      // One day alone has no width: a bar shows its interval.
      const only = run.length === 1 ? run[0] : undefined;
      if (only !== undefined) {
        const at = x(only).toFixed(1);
        return `<line x1="${at}" y1="${y(s.values[only]?.hi ?? 0).toFixed(1)}" x2="${at}" y2="${y(s.values[only]?.lo ?? 0).toFixed(1)}" stroke="${s.color}" stroke-opacity="0.35" stroke-width="8"/>`;
      }
      return `<polygon points="${[...upper, ...lower].join(' ')}" fill="${s.color}" fill-opacity="0.16"/>`;
    })
    .join('');
}

function lines(s: Series, x: (i: number) => number, y: (v: number) => number): string {
  return runs(s.values)
    .map((run) => {
      const pts = run.map((i) => `${x(i).toFixed(1)},${y(s.values[i]?.lift ?? 0).toFixed(1)}`);
      // A lift beyond the axis is drawn hollow at the edge, so a flat run along the edge is not read as a value.
      const dots = run
        .map((i, k) => {
          const [cx, cy] = (pts[k] ?? '').split(',');
          const lift = s.values[i]?.lift ?? 0;
          const fill = Math.abs(lift) > LIMIT ? `fill="#ffffff" stroke="${s.color}"` : `fill="${s.color}"`;
          return `<circle cx="${cx}" cy="${cy}" r="${Math.abs(lift) > LIMIT ? 3.5 : 2.5}" ${fill}/>`;
        })
        .join('');
      const line =
        pts.length > 1 ? `<polyline points="${pts.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2"/>` : '';
      return line + dots;
    })
    .join('');
}

// A grey tick under each day where a treatment had not enough data.
function missingMarks(series: readonly Series[], x: (i: number) => number, plotBottom: number): string {
  const days = new Set<number>();
  for (const s of series) {
    s.values.forEach((v, i) => {
      if (v === undefined) days.add(i);
    });
  }
  return [...days].map((i) => `<circle cx="${x(i).toFixed(1)}" cy="${plotBottom - 4}" r="3" class="nodata"/>`).join('');
}

function legend(series: readonly Series[], plotRight: number): string {
  const items = series.map((s, k) => {
    const y = TOP + 10 + k * 18;
    return (
      `<rect x="${plotRight + 16}" y="${y - 8}" width="14" height="10" fill="${s.color}" fill-opacity="0.3" stroke="${s.color}"/>` +
      `<text x="${plotRight + 36}" y="${y + 1}" class="label">${escapeHtml(clip(s.variant, 16))}</text>`
    );
  });
  const y = TOP + 10 + series.length * 18;
  items.push(
    `<circle cx="${plotRight + 23}" cy="${y - 3}" r="3" class="nodata"/>` +
      `<text x="${plotRight + 36}" y="${y + 1}" class="tick">not enough data</text>`,
  );
  return items.join('');
}

// Zero always in view; the rest fitted to the intervals within ±100%.
function domain(series: readonly Series[]): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const s of series) {
    for (const v of s.values) {
      if (v === undefined) continue;
      lo = Math.min(lo, v.lift, Number.isFinite(v.lo) ? v.lo : -LIMIT);
      hi = Math.max(hi, v.lift, Number.isFinite(v.hi) ? v.hi : LIMIT);
    }
  }
  lo = Math.max(lo, -LIMIT);
  hi = Math.min(hi, LIMIT);
  if (hi - lo === 0) return [-0.01, 0.01];
  const pad = (hi - lo) * 0.06;
  return [lo - pad, hi + pad];
}

// At most about 12 day labels, always the first and the last.
function dayTicks(days: number): number[] {
  const step = Math.max(1, Math.ceil(days / 12));
  const out: number[] = [];
  for (let i = 0; i < days; i += step) out.push(i);
  if (out.at(-1) !== days - 1) {
    if (days - 1 - (out.at(-1) ?? 0) < step / 2) out.pop();
    out.push(days - 1);
  }
  return out;
}
