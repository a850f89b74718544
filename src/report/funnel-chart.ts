/**
 * A funnel as inline SVG: for each step, one bar per variant with the share
 * of the variant's units that reached it, so where the variants part ways
 * is visible at a glance. Plain SVG with its own presentation attributes,
 * nothing fetched, every text escaped.
 */
import type { FunnelStepResult } from '../analysis/metric-result.js';
import { escapeHtml } from './escape.js';
import { formatPercent } from './numbers.js';

const WIDTH = 880;
const LEFT = 44;
const RIGHT = 12;
const TOP = 28;
const PLOT_HEIGHT = 200;
const LABEL_HEIGHT = 40;
/** Distinct colours per variant (control first), repeated past eight variants. */
const COLORS = ['#57606a', '#0969da', '#bf8700', '#8250df', '#1a7f37', '#cf222e', '#1b7c83', '#9a6700'];
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif" font-size="12"';

/** An `<svg>` element of the funnel `steps`; `title` is its accessible name. */
export function funnelChart(steps: readonly FunnelStepResult[], title: string): string {
  const variants = steps[0]?.variants.map((v) => v.variant) ?? [];
  const height = TOP + PLOT_HEIGHT + LABEL_HEIGHT;
  const plotWidth = WIDTH - LEFT - RIGHT;
  const groupWidth = plotWidth / Math.max(1, steps.length);
  const barWidth = Math.min(48, (groupWidth * 0.8) / Math.max(1, variants.length));
  const y = (share: number) => TOP + PLOT_HEIGHT * (1 - Math.min(1, Math.max(0, share)));
  const parts: string[] = [
    `<svg class="funnel" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${escapeHtml(title)}" style="display:block;max-width:100%;height:auto">`,
    `<title>${escapeHtml(title)}</title>`,
  ];
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    const ty = y(tick).toFixed(1);
    parts.push(
      `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${ty}" y2="${ty}" stroke="#eaeef2"/>`,
      `<text x="${LEFT - 6}" y="${ty}" dy="4" text-anchor="end" fill="#57606a" ${FONT}>${formatPercent(tick, 0)}</text>`,
    );
  }
  // Legend along the top: one swatch per variant.
  variants.forEach((name, v) => {
    const lx = LEFT + v * 150;
    parts.push(
      `<rect x="${lx}" y="6" width="10" height="10" fill="${COLORS[v % COLORS.length]}"/>`,
      `<text x="${lx + 14}" y="15" fill="#1f2328" ${FONT}>${escapeHtml(name)}</text>`,
    );
  });
  steps.forEach((step, s) => {
    const center = LEFT + groupWidth * (s + 0.5);
    const start = center - (barWidth * step.variants.length) / 2;
    step.variants.forEach((row, v) => {
      const share = Number.isFinite(row.share) ? row.share : 0;
      const x = start + v * barWidth;
      const top = y(share);
      parts.push(
        `<rect x="${(x + 1).toFixed(1)}" y="${top.toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${(TOP + PLOT_HEIGHT - top).toFixed(1)}" fill="${COLORS[v % COLORS.length]}">` +
          `<title>${escapeHtml(`${row.variant}, step ${step.step} ${step.event}: ${row.reached} units, ${formatPercent(row.share, 2)}`)}</title></rect>`,
        `<text x="${(x + barWidth / 2).toFixed(1)}" y="${(top - 4).toFixed(1)}" text-anchor="middle" fill="#1f2328" ${FONT}>${formatPercent(row.share, 1)}</text>`,
      );
    });
    parts.push(
      `<text x="${center.toFixed(1)}" y="${TOP + PLOT_HEIGHT + 18}" text-anchor="middle" fill="#1f2328" ${FONT}>${escapeHtml(`${step.step}. ${step.event}`)}</text>`,
    );
  });
  parts.push(
    `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${TOP + PLOT_HEIGHT}" y2="${TOP + PLOT_HEIGHT}" stroke="#1f2328"/>`,
  );
  parts.push('</svg>');
  return parts.join('');
}
