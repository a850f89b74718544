/**
 * The terminal report's segment breakdowns: per attribute, one table of the
 * comparisons within each of its values.
 */
import type { ExperimentReport, SegmentBreakdown } from '../analysis/types.js';
import { formatCount, formatLevel } from './numbers.js';
import { methodName } from './report-sentences.js';
import { Footnotes, variantCells } from './metric-table-text.js';
import { intervalHeading } from './methods-text.js';
import { clipName, LINE_WIDTH, paint, renderTable } from './text-table.js';
import type { Cell } from './text-table.js';

/** The breakdown by one attribute, as a table. */
export function segmentLines(breakdown: SegmentBreakdown, report: ExperimentReport, color: boolean): string[] {
  const level = formatLevel(report.confidence);
  const header: Cell[] = [
    breakdown.attribute,
    'metric',
    'variant',
    'units',
    'value',
    `lift [${intervalHeading(report, level)}]`,
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
    ...fittedSegmentTable(rows, color),
    ...notes.lines(color),
  ];
}

// The table; without its units column when it would not fit the width (the HTML and JSON reports have it).
function fittedSegmentTable(rows: Cell[][], color: boolean): string[] {
  const align = ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'l'] as const;
  if (renderTable(rows, align, false).every((line) => [...line].length <= LINE_WIDTH))
    return renderTable(rows, align, color);
  const narrow = rows.map((row) => [...row.slice(0, 3), ...row.slice(4)]);
  return [
    ...renderTable(narrow, [...align.slice(0, 3), ...align.slice(4)], color),
    paint('  (units column left out to fit the width; the HTML and JSON reports have it)', 'dim', color),
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
