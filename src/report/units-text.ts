/**
 * The terminal report's units section: planned and observed units per
 * variant, the sample ratio check, and what was excluded or invalid.
 */
import type { ExperimentReport } from '../analysis/types.js';
import { formatCount, formatNumber, formatPercent } from './numbers.js';
import { beforeExposureText, invalidText, skippedLinesText, srmTestText } from './report-sentences.js';
import { paint, renderTable, wrap } from './text-table.js';
import type { Cell } from './text-table.js';

/** Units per variant, the sample ratio check, exclusions and event counts. */
export function unitLines(report: ExperimentReport, color: boolean): string[] {
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
  const srmText =
    srm.status !== 'ok'
      ? [
          `SRM: not checked (${srm.reason})`,
          ...(srm.status === 'not checked' && srm.assumed
            ? [`  against the assumed weights: ${srmTestText(srm.assumed)}`]
            : []),
        ]
      : srm.mismatch
        ? [`SRM: MISMATCH  ${srmTestText(srm)} < ${srm.threshold}: results are not trustworthy`]
        : [`SRM: ok  ${srmTestText(srm)} (flagged below ${srm.threshold})`];
  const srmStyle = srm.status !== 'ok' ? 'dim' : srm.mismatch ? 'yellow' : undefined;
  const srmLines = srmText.flatMap((text) => wrap(text, '    ')).map((l) => paint(l, srmStyle, color));
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
    ...srmLines,
    excluded.length > 0
      ? `Excluded: ${excluded.map(([n, what]) => `${formatCount(n as number)} ${what}`).join(' · ')}`
      : 'Excluded: nothing',
    // Wrapped: the per-variant counts of events before exposure make the line as long as the variants.
    ...wrap(
      `Events: ${formatCount(e.counted)} counted (${formatCount(e.stitched)} through identity links) · ` +
        `${beforeExposureText(e, report.variants)} · ${formatCount(e.unattributed)} not from enrolled units`,
      '    ',
    ),
    ...invalidLines(report, color),
  ];
}

function invalidLines(report: ExperimentReport, color: boolean): string[] {
  const text = invalidText(report.invalid);
  const skipped = skippedLinesText(report.skippedLines);
  return [
    ...(text ? wrap(`Invalid, left out: ${text}`, '  ') : []),
    ...(skipped ? wrap(`Skipped: ${skipped}.`, '  ') : []),
  ].map((l) => paint(l, 'yellow', color));
}
