/**
 * The report as plain fixed-width text for a terminal: verdict, units and the
 * sample ratio check, one table row per variant and metric, guardrails, the
 * power hint, segments and notes. ANSI colour only when asked (see {@link useColor}).
 */
import type { ExperimentReport, SegmentBreakdown } from '../analysis/types.js';
import type { MetricResult, VariantMetricResult } from '../analysis/metric-result.js';
import {
  bayesText,
  capsText,
  definitionText,
  formatCount,
  formatDifferenceWithCi,
  formatLift,
  formatLiftWithCi,
  formatNumber,
  formatP,
  formatPAdjusted,
  formatPercent,
  formatTime,
  formatValue,
  guardrailText,
  invalidText,
  methodName,
  outcomeLabel,
  powerSentence,
  reasonText,
  resultLabel,
} from './format.js';
import { kindTerminalLines } from './kind-details.js';
import { clipName, LINE_WIDTH, paint, renderTable, wrap } from './text-table.js';
import { cupedText, sequentialText, shownComparison } from './methods-text.js';
import { timelineLines } from './timeline-text.js';
import type { Cell, Style } from './text-table.js';
import { printable } from '../shared/printable.js';

/** Options of {@link renderTerminalReport}. */
export interface TerminalReportOptions {
  /** Use ANSI colours. Default false; pass `useColor(process.stdout)` for a terminal. */
  color?: boolean;
}

/** True when `stream` is a terminal (colour makes sense there, not in files or pipes). */
export function useColor(stream: { isTTY?: boolean }): boolean {
  return stream.isTTY === true;
}

/** Renders `report` as text lines joined with `\n` (ending with one). */
export function renderTerminalReport(input: ExperimentReport, options: TerminalReportOptions = {}): string {
  // Every string from stored data is printed through its escapes, never as a control sequence.
  const report = printable(input);
  const color = options.color === true;
  const level = `${formatPercent(report.confidence, 0)} confidence`;
  const lines: string[] = [
    paint(`Experiment ${report.experiment.key}`, 'bold', color),
    ...wrap(
      `unit ${report.experiment.unit} · control ${report.experiment.control} · ${level} · ${formatCount(report.units)} units` +
        (report.window ? ` · first exposures ${formatTime(report.window.from)} → ${formatTime(report.window.to)}` : ''),
    ),
    '',
    ...verdictLines(report, color),
    '',
    ...unitLines(report, color),
    '',
    paint('Metrics', 'bold', color),
    ...metricTable(report, color),
    ...legendLines(report, color),
    ...definitionLines(report, color),
    ...timelineLines(report, color),
    ...kindTerminalLines(report, color),
    ...bayesLines(report, color),
    ...guardrailLines(report, color),
    ...powerLines(report, color),
    ...report.segments.flatMap((s) => segmentLines(s, report, color)),
    ...(report.notes.length > 0
      ? ['', paint('Notes', 'bold', color), ...report.notes.flatMap((n) => wrap(`  - ${n}`, '    '))]
      : []),
  ];
  return `${lines.join('\n')}\n`;
}

const DECISION_STYLE: Record<string, Style> = {
  ship: 'green',
  'do not ship': 'red',
  invalid: 'yellow',
  inconclusive: 'dim',
};

function verdictLines(report: ExperimentReport, color: boolean): string[] {
  const { verdict } = report;
  const which = verdict.variants.length > 0 ? ` ${verdict.variants.join(', ')}` : '';
  const head = paint(`Verdict: ${verdict.decision.toUpperCase()}${which}`, DECISION_STYLE[verdict.decision], color);
  const lines = [paint(head, 'bold', color), ...verdict.reasons.flatMap((r) => wrap(`  - ${reasonText(r)}`, '    '))];
  if (report.variantVerdicts.length > 1) {
    for (const v of report.variantVerdicts) lines.push(`  ${v.variant}: ${v.decision}`);
  }
  return lines;
}

function unitLines(report: ExperimentReport, color: boolean): string[] {
  const rows: Cell[][] = [
    ['variant', 'weight', 'expected', 'units', 'observed'],
    ...report.variants.map((v) => [
      v.key,
      formatNumber(v.weight),
      formatPercent(v.expectedShare),
      formatCount(v.units),
      formatPercent(v.observedShare),
    ]),
  ];
  const { srm, exclusions: x } = report;
  const srmLine =
    srm.status !== 'ok'
      ? paint(
          `SRM: not checked (${srm.reason})` +
            (srm.status === 'not checked' && srm.assumed
              ? `\n  against the assumed weights: χ² = ${formatNumber(srm.assumed.chiSquare)}, p = ${formatP(srm.assumed.pValue)}`
              : ''),
          'dim',
          color,
        )
      : srm.mismatch
        ? paint(
            `SRM: MISMATCH  χ² = ${formatNumber(srm.chiSquare)}, p = ${formatP(srm.pValue)} < ${srm.threshold}: results are not trustworthy`,
            'yellow',
            color,
          )
        : `SRM: ok  χ² = ${formatNumber(srm.chiSquare)}, p = ${formatP(srm.pValue)} (flagged below ${srm.threshold})`;
  const excluded = [
    [x.multipleVariants, 'units in several variants'],
    [x.missingUnit, `exposures without ${report.experiment.unit}`],
    [x.unknownVariant, 'exposures of unknown variants'],
    [x.notRandomized, 'forced/override exposures'],
  ].filter(([n]) => (n as number) > 0);
  const e = report.events;
  return [
    paint('Units', 'bold', color),
    ...renderTable(rows, ['l', 'r', 'r', 'r', 'r'], color).map((l) => `  ${l}`),
    srmLine,
    excluded.length > 0
      ? `Excluded: ${excluded.map(([n, what]) => `${formatCount(n as number)} ${what}`).join(' · ')}`
      : 'Excluded: nothing',
    `Events: ${formatCount(e.counted)} counted (${formatCount(e.stitched)} through identity links) · ` +
      `${formatCount(e.beforeExposure)} before exposure · ${formatCount(e.unattributed)} not from enrolled units`,
    ...invalidLines(report, color),
  ];
}

function invalidLines(report: ExperimentReport, color: boolean): string[] {
  const text = invalidText(report.invalid);
  return text ? wrap(`Invalid, left out: ${text}`, '  ').map((l) => paint(l, 'yellow', color)) : [];
}

const METRIC_ALIGN = ['l', 'l', 'r', 'r', 'r', 'r', 'l'] as const;

function metricHeader(report: ExperimentReport): Cell[] {
  const level = formatPercent(report.confidence, 0);
  return ['metric', 'variant', 'value', `difference [${level} CI]`, `lift [${level} CI]`, 'p (adj.)', ''].map(
    (text) => ({ text, style: 'dim' as const }),
  );
}

/** Long "not enough data" reasons, numbered once each and printed under their table. */
class Footnotes {
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

function metricTable(report: ExperimentReport, color: boolean): string[] {
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

// variant, value, difference [CI], lift [CI], p (adj.), result
function variantCells(result: MetricResult, row: VariantMetricResult, notes: Footnotes): Cell[] {
  const kind = result.metric.kind;
  const base: Cell[] = [clipName(row.variant), formatValue(kind, row.summary.value)];
  const shown = row.comparison;
  if (shown === undefined) return [...base, { text: 'control', style: 'dim' }];
  // Said in the wide interval column, so the row stays within the width.
  if (shown.status !== 'ok') return [...base, { text: `not enough data ${notes.add(shown.reason)}`, style: 'dim' }];
  const c = shownComparison(shown);
  const style: Style | undefined = c.outcome === 'better' ? 'green' : c.outcome === 'worse' ? 'red' : undefined;
  return [
    ...base,
    formatDifferenceWithCi(kind, c),
    { text: formatLiftWithCi(c), ...(style ? { style } : {}) },
    formatPAdjusted(c),
    { text: resultLabel(c), ...(style ? { style } : {}) },
  ];
}

function legendLines(report: ExperimentReport, color: boolean): string[] {
  const level = formatPercent(report.confidence, 0);
  return [
    `p (adj.): p-value, and in brackets the one adjusted for multiple comparisons. * exploratory.`,
    `▲/▼ significant at ${level} after adjustment · n.s. not significant · n.s. adj. only before it`,
  ].map((line) => paint(line, 'dim', color));
}

function definitionLines(report: ExperimentReport, color: boolean): string[] {
  const lines = ['', paint('Definitions', 'bold', color)];
  for (const result of report.metrics) {
    const { metric, measurement } = result;
    const role = metric.role === 'secondary' ? 'secondary, exploratory' : metric.role;
    lines.push(...wrap(`  ${metric.key} (${metric.kind}, ${role}): ${definitionText(metric, measurement)}`, '    '));
    const caps = capsText(metric.kind, measurement);
    if (caps) lines.push(...wrap(`    ${caps}`, '    '));
    const cuped = cupedText(result);
    if (cuped) lines.push(...wrap(`    ${cuped}`, '    '));
  }
  const sequential = sequentialText(report);
  if (sequential) lines.push(...wrap(`  ${sequential}`, '    '));
  return lines;
}

function bayesLines(report: ExperimentReport, color: boolean): string[] {
  const lines: string[] = [];
  for (const { metric, variants } of report.metrics) {
    for (const row of variants) {
      const c = row.comparison;
      if (c?.status !== 'ok') continue;
      lines.push(
        ...wrap(
          `  ${metric.key} in ${row.variant}: ${bayesText(metric.kind, c, report.experiment.control, report.confidence)}`,
          '    ',
        ),
      );
    }
  }
  return lines.length > 0 ? ['', paint('Bayesian (docs/statistics.md for the priors)', 'bold', color), ...lines] : [];
}

function guardrailLines(report: ExperimentReport, color: boolean): string[] {
  const guardrails = report.metrics.filter((m) => m.metric.role === 'guardrail');
  if (guardrails.length === 0) return [];
  const lines = ['', paint('Guardrails', 'bold', color)];
  for (const { metric, variants } of guardrails) {
    for (const row of variants) {
      const c = row.comparison;
      if (c === undefined) continue;
      let state: string;
      let style: Style | undefined = 'dim';
      if (c.status !== 'ok') state = `not enough data (${c.reason})`;
      else {
        const check = c.guardrail;
        state = `${check ? guardrailText(check, report.confidence) : outcomeLabel(c.outcome)}; ${formatLift(c.relativeLift)}, p = ${formatP(c.pValue)}`;
        style =
          check?.status === 'hurt' || check?.status === 'fail' ? 'red' : check?.status === 'pass' ? 'green' : undefined;
      }
      lines.push(...wrap(`  ${metric.key} in ${row.variant}: ${state}`, '    ').map((l) => paint(l, style, color)));
    }
  }
  return lines;
}

function powerLines(report: ExperimentReport, color: boolean): string[] {
  if (report.power.length === 0) return [];
  return [
    '',
    paint('Power', 'bold', color),
    ...report.power.flatMap((hint) => wrap(`  ${powerSentence(hint)}`, '    ')),
  ];
}

function segmentLines(breakdown: SegmentBreakdown, report: ExperimentReport, color: boolean): string[] {
  const level = formatPercent(report.confidence, 0);
  const header: Cell[] = [
    breakdown.attribute,
    'metric',
    'variant',
    'units',
    'value',
    `lift [${level} CI]`,
    'p (adj.)',
    '',
  ].map((text) => ({ text, style: 'dim' as const }));
  const rows: Cell[][] = [header];
  const notes = new Footnotes();
  for (const segment of breakdown.values) {
    segment.metrics.forEach((result, m) => {
      result.variants.forEach((row, i) => {
        const cells = variantCells(result, row, notes);
        const first = m === 0 && i === 0 ? segment.value : '';
        // Keep value, lift [CI], p and the marker: the absolute difference is in the main table.
        // A missing comparison says so in the wide lift column, so the row stays within the width.
        const rest = row.comparison?.status === 'ok' ? cells.slice(3) : cells.slice(2);
        rows.push([
          clipName(first),
          i === 0 ? clipName(result.metric.key) : '',
          cells[0] ?? '',
          formatCount(row.summary.units),
          cells[1] ?? '',
          ...rest,
        ]);
      });
    });
  }
  const method = breakdown.values[0]?.metrics[0] ? segmentMethod(breakdown) : '';
  return [
    '',
    paint(`Segments by ${breakdown.attribute} (exploratory${method})`, 'bold', color),
    ...renderTable(rows, ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'l'], color),
    ...notes.lines(color),
  ];
}

function segmentMethod(breakdown: SegmentBreakdown): string {
  for (const segment of breakdown.values) {
    for (const result of segment.metrics) {
      for (const row of result.variants) {
        const c = row.comparison;
        if (c?.status === 'ok')
          return `; p adjusted by ${methodName(c.correction.method)} over ${formatCount(c.correction.size)} comparison${c.correction.size === 1 ? '' : 's'}`;
      }
    }
  }
  return '';
}
