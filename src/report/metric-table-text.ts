/**
 * The terminal report's metric table: one row per metric and variant, with
 * the comparison against control, footnotes for missing comparisons and the
 * legend of its marks.
 */
import type { ExperimentReport } from '../analysis/types.js';
import type { MetricResult, VariantMetricResult } from '../analysis/metric-result.js';
import {
  formatDifferenceWithCi,
  formatLiftWithCi,
  formatPAdjusted,
  resultLabel,
  shownOutcome,
  UNTRUSTED_TEXT,
} from './comparison-cells.js';
import { formatValue, formatLevel } from './numbers.js';
import { adjustedLegend, intervalHeading, shownComparison } from './methods-text.js';
import { clipName, LINE_WIDTH, paint, renderTable, wrap } from './text-table.js';
import type { Cell, Style } from './text-table.js';

const METRIC_ALIGN = ['l', 'l', 'r', 'r', 'r', 'r', 'l'] as const;

function metricHeader(report: ExperimentReport): Cell[] {
  const level = formatLevel(report.confidence);
  const ci = intervalHeading(report, level);
  return ['metric', 'variant', 'value', `difference [${ci}]`, `lift [${ci}]`, 'p (adj.)', ''].map((text) => ({
    text,
    style: 'dim' as const,
  }));
}

/** Long "not enough data" reasons, numbered once each and printed under their table. */
export class Footnotes {
  private readonly texts: string[] = [];

  /** The marker of `text`, e.g. `[2]`. */
  add(text: string): string {
    let i = this.texts.indexOf(text);
    if (i < 0) i = this.texts.push(text) - 1;
    return `[${i + 1}]`;
  }

  lines(color: boolean): string[] {
    return this.texts.flatMap((text, i) => wrap(`  [${i + 1}] ${text}`, '      ')).map((l) => paint(l, 'dim', color));
  }
}

/** The metric table, narrowed to the line width when it would not fit, then its footnotes. */
export function metricTable(report: ExperimentReport, color: boolean): string[] {
  const notes = new Footnotes();
  const rows = [metricHeader(report), ...report.metrics.flatMap((m) => metricRows(m, notes))];
  const full = renderTable(rows, METRIC_ALIGN, false);
  if (full.every((line) => [...line].length <= LINE_WIDTH))
    return [...renderTable(rows, METRIC_ALIGN, color), ...notes.lines(color)];
  // Too wide (long names, many digits): the difference column goes; the HTML and JSON reports keep it.
  const narrow = rows.map((row) => (row.length > 4 ? [...row.slice(0, 3), ...row.slice(4)] : row));
  const align = [...METRIC_ALIGN.slice(0, 3), ...METRIC_ALIGN.slice(4)];
  const note = paint(
    '  (difference column left out to fit the width; the HTML and JSON reports have it)',
    'dim',
    color,
  );
  return [...renderTable(narrow, align, color), note, ...notes.lines(color)];
}

function metricRows(result: MetricResult, notes: Footnotes): Cell[][] {
  const { metric } = result;
  const arrow = metric.direction === 'increase' ? '↑' : '↓';
  const labels = [`${clipName(metric.key)} ${arrow}`, metric.role === 'secondary' ? 'secondary*' : metric.role];
  return result.variants.map((row, i) => [labels[i] ?? '', ...variantCells(result, row, notes)]);
}

/** A row's cells after the metric's own: variant, value, difference [CI], lift [CI], p (adj.), result. */
export function variantCells(result: MetricResult, row: VariantMetricResult, notes: Footnotes): Cell[] {
  const kind = result.metric.kind;
  const base: Cell[] = [clipName(row.variant), formatValue(kind, row.summary.value)];
  const shown = row.comparison;
  if (shown === undefined) return [...base, { text: 'control', style: 'dim' }];
  // Said in the wide interval column, so the row stays within the width.
  if (shown.status !== 'ok') return [...base, { text: `not enough data ${notes.add(shown.reason)}`, style: 'dim' }];
  const c = shownComparison(shown);
  const outcome = shownOutcome(c);
  const style: Style | undefined = outcome === 'better' ? 'green' : outcome === 'worse' ? 'red' : undefined;
  return [
    ...base,
    formatDifferenceWithCi(kind, c),
    { text: formatLiftWithCi(c), ...(style ? { style } : {}) },
    formatPAdjusted(c),
    { text: resultLabel(c), ...(style ? { style } : {}) },
  ];
}

/** What the marks and the p column of the table mean. */
export function legendLines(report: ExperimentReport, color: boolean): string[] {
  const level = formatLevel(report.confidence);
  const marks = report.srm.mismatch
    ? UNTRUSTED_TEXT
    : `▲/▼ significant at ${level} after adjustment · n.s. not significant · n.s. adj. only before it`;
  const adjusted = adjustedLegend(report);
  return [
    `p (adj.): p-value, and in brackets the one adjusted for multiple comparisons. * exploratory.`,
    marks,
    ...(adjusted === undefined ? [] : [adjusted]),
  ]
    .flatMap((line) => wrap(line, '  '))
    .map((line) => paint(line, 'dim', color));
}
