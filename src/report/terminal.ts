/**
 * The report as plain fixed-width text for a terminal: verdict, units and the
 * sample ratio check, one table row per variant and metric, guardrails, the
 * power hint, segments and notes. ANSI colour only when asked (see {@link useColor}).
 * Each section has its own file; this one puts them in order.
 */
import type { ExperimentReport } from '../analysis/types.js';
import { formatCount, formatTime, formatLevel } from './numbers.js';
import { reportReasonText } from './report-sentences.js';
import { kindTerminalLines } from './kind-details.js';
import { legendLines, metricTable } from './metric-table-text.js';
import { bayesLines, definitionLines, guardrailLines, powerLines } from './readouts-text.js';
import { segmentLines } from './segments-text.js';
import { paint, wrap } from './text-table.js';
import { timelineLines } from './timeline-text.js';
import type { Style } from './text-table.js';
import { unitLines } from './units-text.js';
import { printable } from '../shared/printable.js';
import { markUntrusted } from '../analysis/untrusted.js';

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
  // A report built elsewhere (or read back from JSON) gets the same marks as the analysis gives.
  if (report.srm.mismatch) markUntrusted(report.metrics, report.segments);
  const color = options.color === true;
  const level = `${formatLevel(report.confidence)} confidence`;
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
  const lines = [
    paint(head, 'bold', color),
    ...verdict.reasons.flatMap((r) => wrap(`  - ${reportReasonText(r, report)}`, '    ')),
  ];
  if (report.variantVerdicts.length > 1) {
    for (const v of report.variantVerdicts) {
      lines.push(`  ${v.variant}: ${v.decision}`);
      // The overall reasons are those of the variants with the overall decision; the others' are theirs.
      if (v.decision !== verdict.decision)
        lines.push(...v.reasons.flatMap((r) => wrap(`    - ${reportReasonText(r, report)}`, '      ')));
    }
  }
  return lines;
}
