/**
 * The report as plain fixed-width text for a terminal: verdict, units and the
 * sample ratio check, one table row per variant and metric, guardrails, the
 * power hint, segments and notes. ANSI colour only when asked (see {@link useColor}).
 */
import type { ExperimentReport, MetricResult, SegmentBreakdown, VariantMetricResult } from '../analysis/types.js';
import {
  NONE,
  formatCount,
  formatDifference,
  formatDifferenceCi,
  formatInterval,
  formatLift,
  formatNumber,
  formatP,
  formatPercent,
  formatTime,
  formatValue,
  outcomeLabel,
  powerSentence,
} from './format.js';
import { paint, renderTable } from './text-table.js';
import type { Cell, Style } from './text-table.js';

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
export function renderTerminalReport(report: ExperimentReport, options: TerminalReportOptions = {}): string {
  const color = options.color === true;
  const level = `${formatPercent(report.confidence, 0)} confidence`;
  const lines: string[] = [
    paint(`Experiment ${report.experiment.key}`, 'bold', color),
    `unit ${report.experiment.unit} · control ${report.experiment.control} · ${level} · ${formatCount(report.units)} units` +
      (report.window ? ` · first exposures ${formatTime(report.window.from)} → ${formatTime(report.window.to)}` : ''),
    '',
    ...verdictLines(report, color),
    '',
    ...unitLines(report, color),
    '',
    paint('Metrics', 'bold', color),
    ...renderTable([metricHeader(report), ...report.metrics.flatMap(metricRows)], METRIC_ALIGN, color),
    ...guardrailLines(report, color),
    ...powerLines(report, color),
    ...report.segments.flatMap((s) => segmentLines(s, report, color)),
    ...(report.notes.length > 0 ? ['', paint('Notes', 'bold', color), ...report.notes.map((n) => `  - ${n}`)] : []),
  ];
  return `${lines.join('\n')}\n`;
}

const DECISION_STYLE: Record<string, Style> = { ship: 'green', 'do not ship': 'red', invalid: 'yellow', inconclusive: 'dim' };

function verdictLines(report: ExperimentReport, color: boolean): string[] {
  const { verdict } = report;
  const which = verdict.variants.length > 0 ? ` ${verdict.variants.join(', ')}` : '';
  const head = paint(`Verdict: ${verdict.decision.toUpperCase()}${which}`, DECISION_STYLE[verdict.decision], color);
  const lines = [paint(head, 'bold', color), ...verdict.reasons.map((r) => `  - ${r}`)];
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
      ? paint(`SRM: not checked (${srm.reason})`, 'dim', color)
      : srm.mismatch
        ? paint(`SRM: MISMATCH  χ² = ${formatNumber(srm.chiSquare)}, p = ${formatP(srm.pValue)} < ${srm.threshold}: results are not trustworthy`, 'yellow', color)
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
    excluded.length > 0 ? `Excluded: ${excluded.map(([n, what]) => `${formatCount(n as number)} ${what}`).join(' · ')}` : 'Excluded: nothing',
    `Events: ${formatCount(e.counted)} counted (${formatCount(e.stitched)} through identity links) · ` +
      `${formatCount(e.beforeExposure)} before exposure · ${formatCount(e.unattributed)} not from enrolled units`,
  ];
}

const METRIC_ALIGN = ['l', 'l', 'r', 'r', 'r', 'l', 'r', 'l', 'r', 'l'] as const;

function metricHeader(report: ExperimentReport): Cell[] {
  const level = formatPercent(report.confidence, 0);
  return ['metric', 'variant', 'units', 'value', 'difference', `${level} CI`, 'lift', `lift ${level} CI`, 'p', ''].map(
    (text) => ({ text, style: 'dim' as const }),
  );
}

function metricRows(result: MetricResult): Cell[][] {
  const { metric } = result;
  const arrow = metric.direction === 'increase' ? '↑' : '↓';
  const labels = [`${metric.key} ${arrow}`, `${metric.kind}, ${metric.role}`];
  return result.variants.map((row, i) => [labels[i] ?? '', ...variantCells(result, row)]);
}

function variantCells(result: MetricResult, row: VariantMetricResult): Cell[] {
  const kind = result.metric.kind;
  const base: Cell[] = [row.variant, formatCount(row.summary.units), formatValue(kind, row.summary.value)];
  const c = row.comparison;
  if (c === undefined) return [...base, '', '', '', '', '', { text: 'control', style: 'dim' }];
  if (c.status !== 'ok') return [...base, NONE, '', NONE, '', '', { text: `not enough data: ${c.reason}`, style: 'dim' }];
  const style: Style | undefined = c.outcome === 'better' ? 'green' : c.outcome === 'worse' ? 'red' : undefined;
  return [
    ...base,
    formatDifference(kind, c.difference),
    formatDifferenceCi(kind, c),
    { text: formatLift(c.relativeLift), ...(style ? { style } : {}) },
    formatInterval(c.relativeCi, formatLift),
    formatP(c.pValue),
    { text: outcomeLabel(c.outcome), ...(style ? { style } : {}) },
  ];
}

function guardrailLines(report: ExperimentReport, color: boolean): string[] {
  const guardrails = report.metrics.filter((m) => m.metric.role === 'guardrail');
  if (guardrails.length === 0) return [];
  const lines = ['', paint('Guardrails', 'bold', color)];
  for (const { metric, variants } of guardrails) {
    for (const row of variants) {
      const c = row.comparison;
      if (c === undefined) continue;
      const state =
        c.status !== 'ok'
          ? paint(`not enough data (${c.reason})`, 'dim', color)
          : c.outcome === 'worse'
            ? paint(`HURT (${formatLift(c.relativeLift)}, p = ${formatP(c.pValue)})`, 'red', color)
            : paint(`ok (${formatLift(c.relativeLift)}, p = ${formatP(c.pValue)})`, 'green', color);
      lines.push(`  ${metric.key} in ${row.variant}: ${state}`);
    }
  }
  return lines;
}

function powerLines(report: ExperimentReport, color: boolean): string[] {
  if (report.power.length === 0) return [];
  return ['', paint('Power', 'bold', color), ...report.power.map((hint) => `  ${powerSentence(hint)}`)];
}

function segmentLines(breakdown: SegmentBreakdown, report: ExperimentReport, color: boolean): string[] {
  const level = formatPercent(report.confidence, 0);
  const header: Cell[] = [breakdown.attribute, 'metric', 'variant', 'units', 'value', 'lift', `lift ${level} CI`, 'p', ''].map(
    (text) => ({ text, style: 'dim' as const }),
  );
  const rows: Cell[][] = [header];
  for (const segment of breakdown.values) {
    segment.metrics.forEach((result, m) => {
      result.variants.forEach((row, i) => {
        const cells = variantCells(result, row);
        const first = m === 0 && i === 0 ? segment.value : '';
        // Keep units, value, lift, lift CI, p and the marker: the absolute difference is in the main table.
        rows.push([first, i === 0 ? result.metric.key : '', ...cells.slice(0, 3), ...cells.slice(5)]);
      });
    });
  }
  return ['', paint(`Segments by ${breakdown.attribute}`, 'bold', color), ...renderTable(rows, ['l', 'l', 'l', 'r', 'r', 'r', 'l', 'r', 'l'], color)];
}
