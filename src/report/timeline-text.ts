/**
 * A metric's timeline in one sentence per treatment, for the terminal and as
 * the chart's caption: the first and last day's lift with its interval, and
 * whether the lift has stayed put lately (docs/analysis.md, "Effects over time").
 */
import type { ExperimentReport } from '../analysis/types.js';
import type { MetricResult } from '../analysis/metric-result.js';
import type { TimelinePoint } from '../analysis/timeline-result.js';
import { formatInterval, formatLift } from './numbers.js';
import { formatShownLift } from './comparison-cells.js';
import { paint, wrap } from './text-table.js';

/** Days the lift must stay near the last day's to read "steady". */
const STEADY_DAYS = 3;

/** One line per treatment, e.g. `green: day 1 +180% [+41%, +420%] → day 14 +9.8% [+1.2%, +19%], steady since day 8`. */
export function timelineSentences(result: MetricResult): string[] {
  const points = result.timeline ?? [];
  if (points.length === 0) return [];
  const variants = [...new Set(points.flatMap((p) => p.comparisons.map((c) => c.variant)))];
  const sentences = variants.map((variant) => `${variant}: ${sentence(points, variant)}`);
  // The timeline compares unadjusted values; said here, or its last day looks like a mistake beside the table.
  if (result.cuped?.status === 'adjusted')
    sentences.push('(not CUPED-adjusted, unlike the comparison in the table, so its last day differs from it)');
  return sentences;
}

function sentence(points: readonly TimelinePoint[], variant: string): string {
  const lifts = points.map((p) => {
    const c = p.comparisons.find((row) => row.variant === variant);
    return c?.status === 'ok' ? { day: p.day, lift: c.relativeLift, ci: c.relativeCi } : undefined;
  });
  const first = lifts.find((l) => l !== undefined);
  const lastDay = points.at(-1)?.day ?? 0;
  const last = lifts.at(-1);
  if (first === undefined) return `not enough data on any of the ${points.length} days`;
  const at = (l: { day: number; lift: number; ci: [number, number] }) =>
    `day ${l.day} ${formatShownLift(l.lift, l.ci)} ${formatInterval(l.ci, formatLift)}`;
  if (last === undefined) return `${at(first)} → day ${lastDay} not enough data`;
  if (first.day === last.day) return `${at(last)}, too early to tell whether it is steady`;
  // Steady: from some day on, every day's lift stays within a quarter of the last interval's width of the
  // last lift (half its half-width), for STEADY_DAYS days or more.
  const tolerance = (last.ci[1] - last.ci[0]) / 4;
  if (!Number.isFinite(tolerance)) return `${at(first)} → ${at(last)}, the interval is still unbounded`;
  let since = lastDay;
  for (let i = lifts.length - 1; i >= 0; i--) {
    const l = lifts[i];
    if (l === undefined || Math.abs(l.lift - last.lift) > tolerance) break;
    since = l.day;
  }
  if (points.length < STEADY_DAYS) return `${at(first)} → ${at(last)}, too early to tell whether it is steady`;
  const settled = lastDay - since + 1 >= STEADY_DAYS ? `steady since day ${since}` : 'still moving';
  return `${at(first)} → ${at(last)}, ${settled}`;
}

/** The terminal's "Over time" block: one line per metric and treatment, or nothing without a timeline. */
export function timelineLines(report: ExperimentReport, color: boolean): string[] {
  const span = report.timeline;
  if (span === undefined) return [];
  const lines = report.metrics.flatMap((result) =>
    timelineSentences(result).flatMap((s) => wrap(`  ${result.metric.key} ${s}`, '    ')),
  );
  const head = `Over time (cumulative lift by day since the first exposure, ${span.days} day${span.days === 1 ? '' : 's'}${span.truncated ? `, cut at day ${span.maxDays}` : ''})`;
  return ['', paint(head, 'bold', color), ...lines];
}
