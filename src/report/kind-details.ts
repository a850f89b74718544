/**
 * What the reports print next to the numbers of the quantile, funnel,
 * active-day and retention metrics: eligible units, events per unit-day,
 * each variant's quantile interval, and the funnel's step rows.
 */
import type { ComparisonResult, MissingComparison } from '../analysis/comparison-result.js';
import type { ExperimentReport } from '../analysis/types.js';
import type { FunnelStepResult, MetricResult } from '../analysis/metric-result.js';
import { formatLiftWithCi, formatPAdjusted, resultLabel, shownOutcome } from './comparison-cells.js';
import { formatCount, formatInterval, formatNumber, formatPercent, formatTime, formatLevel } from './numbers.js';
import { intervalHeading, shownComparison } from './methods-text.js';
import { quantileName } from './kind-definitions.js';
import { clipName, LINE_WIDTH, paint, renderTable, wrap } from './text-table.js';
import type { Cell, Style } from './text-table.js';

/** Sentences about an added kind's metric (empty for the other kinds). */
export function kindDetails(result: MetricResult, confidence: number): string[] {
  const { metric, variants, measurement } = result;
  const out: string[] = [];
  if (metric.kind === 'activeDays' || metric.kind === 'retention') {
    const end = measurement?.eligibilityEnd;
    const by = end !== undefined && Number.isFinite(end) ? ` by ${formatTime(end)}` : '';
    const counts = variants
      .map(
        (v) =>
          `${v.variant} ${formatCount(v.summary.eligibleUnits ?? v.summary.units)} of ${formatCount(v.summary.enrolledUnits ?? v.summary.units)}`,
      )
      .join(', ');
    out.push(`Eligible units (days complete${by}): ${counts}`);
  }
  if (metric.kind === 'activeDays') {
    out.push(
      `Events per unit-day: ${variants.map((v) => `${v.variant} ${formatNumber(v.summary.eventsPerUnitDay ?? Number.NaN)}`).join(', ')}`,
    );
  }
  if (metric.kind === 'quantile') {
    const name = quantileName(metric.quantile ?? 0);
    const level = formatLevel(confidence);
    const parts = variants.map((v) => {
      const q = v.summary.quantile;
      const from = `from ${formatCount(v.summary.total)} values of ${formatCount(v.summary.units)} units`;
      if (q === undefined) return `${v.variant} ${name} ${formatNumber(v.summary.value)} (no interval) ${from}`;
      // Two equal order statistics: an interval of no width claims certainty (the comparison refuses it too).
      if (!(q.standardError > 0))
        return `${v.variant} ${name} ${formatNumber(v.summary.value)} (no interval: the values around it are all equal) ${from}`;
      return `${v.variant} ${name} ${formatNumber(v.summary.value)} ${level} CI ${formatInterval(q.ci, formatNumber)} ${from}, ${formatCount(q.unitsWithValues)} with values`;
    });
    out.push(parts.join('; '));
  }
  return out;
}

/** The terminal lines of an added kind's details and a funnel's step table. */
export function kindTerminalLines(report: ExperimentReport, color: boolean): string[] {
  const lines: string[] = [];
  for (const result of report.metrics) {
    const details = kindDetails(result, report.confidence);
    if (details.length === 0 && result.steps === undefined) continue;
    lines.push('', paint(`${result.metric.key} (${result.metric.kind})`, 'bold', color));
    for (const text of details) lines.push(...wrap(`  ${text}`, '    '));
    if (result.steps !== undefined) lines.push(...funnelTable(result.steps, report, color));
  }
  return lines;
}

function comparisonCells(c: ComparisonResult | MissingComparison | undefined, notes: string[]): Cell[] {
  if (c === undefined) return [{ text: 'control', style: 'dim' }];
  if (c.status !== 'ok') {
    let at = notes.indexOf(c.reason);
    if (at < 0) at = notes.push(c.reason) - 1;
    return [{ text: `not enough data [${at + 1}]`, style: 'dim' }];
  }
  const outcome = shownOutcome(c);
  const style: Style | undefined = outcome === 'better' ? 'green' : outcome === 'worse' ? 'red' : undefined;
  // With sequential testing the step rows print their always-valid interval and p-value, as the main table does.
  const shown = shownComparison(c);
  return [
    { text: formatLiftWithCi(shown), ...(style ? { style } : {}) },
    formatPAdjusted(shown),
    { text: resultLabel(c), ...(style ? { style } : {}) },
  ];
}

// Per step: every variant's units reaching it and their share of all units, then (from step 2) the
// conversion from the step before. Lifts are relative to control; p adjusted within the funnel's steps.
// The step table, indented; without its units column when it would not fit the width (the HTML and JSON have it).
function fittedFunnelTable(rows: Cell[][], color: boolean): string[] {
  const align = ['l', 'l', 'r', 'r', 'r', 'r', 'l'] as const;
  const indent = (line: string) => `  ${line}`;
  if (renderTable(rows, align, false).every((line) => [...indent(line)].length <= LINE_WIDTH))
    return renderTable(rows, align, color).map(indent);
  const narrow = rows.map((row) => (row.length > 3 ? [...row.slice(0, 2), ...row.slice(3)] : row));
  return [
    ...renderTable(narrow, [...align.slice(0, 2), ...align.slice(3)], color).map(indent),
    paint('  (units column left out to fit the width; the HTML and JSON reports have it)', 'dim', color),
  ];
}

function funnelTable(steps: readonly FunnelStepResult[], report: ExperimentReport, color: boolean): string[] {
  const ci = intervalHeading(report, formatLevel(report.confidence));
  const header: Cell[] = ['step', 'variant', 'units', 'rate', `lift [${ci}]`, 'p (adj.)', ''].map((text) => ({
    text,
    style: 'dim' as const,
  }));
  const rows: Cell[][] = [header];
  const notes: string[] = [];
  for (const step of steps) {
    step.variants.forEach((row, i) => {
      const label = i === 0 ? clipName(`${step.step} ${step.event}`) : '';
      rows.push([
        label,
        clipName(row.variant),
        formatCount(row.reached),
        formatPercent(row.share, 2),
        ...comparisonCells(row.comparison, notes),
      ]);
    });
    if (step.step === 1) continue;
    step.variants.forEach((row, i) => {
      const label = i === 0 ? `  ÷ step ${step.step - 1}` : '';
      rows.push([
        label,
        clipName(row.variant),
        '',
        formatPercent(row.stepConversion ?? Number.NaN, 2),
        ...comparisonCells(row.stepComparison, notes),
      ]);
    });
  }
  return [
    ...fittedFunnelTable(rows, color),
    ...wrap(
      '  units: reaching the step; rate: share of all units, or (÷) of those at the step before. Step rows are ' +
        "exploratory: p adjusted within the funnel's steps, so a label may differ from the overall row's; the " +
        'verdict reads only the overall row.',
      '  ',
    ).map((l) => paint(l, 'dim', color)),
    ...notes.flatMap((text, i) => wrap(`  [${i + 1}] ${text}`, '      ')).map((l) => paint(l, 'dim', color)),
  ];
}
