/**
 * The terminal report's sections under the metric table: each metric's
 * definition, the Bayesian readout, the guardrail checks and the power hint.
 */
import type { ExperimentReport } from '../analysis/types.js';
import { bayesText, formatShownLift, outcomeLabel, UNTRUSTED_GUARDRAIL } from './comparison-cells.js';
import { pText } from './numbers.js';
import { capsText, definitionText, guardrailText, powerSentence } from './report-sentences.js';
import { bayesHiddenText, cupedText, sequentialText, shownComparison } from './methods-text.js';
import { paint, wrap } from './text-table.js';
import type { Style } from './text-table.js';

/** Each metric as defined and measured, with its caps and CUPED, then the sequential method. */
export function definitionLines(report: ExperimentReport, color: boolean): string[] {
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

/** Each treatment's Bayesian readout per metric. */
export function bayesLines(report: ExperimentReport, color: boolean): string[] {
  const title = paint('Bayesian (docs/statistics.md for the priors)', 'bold', color);
  const hidden = bayesHiddenText(report);
  if (hidden !== undefined) return ['', title, ...wrap(`  ${hidden}`, '    ')];
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
  return lines.length > 0 ? ['', title, ...lines] : [];
}

/** Each guardrail's check per treatment. */
export function guardrailLines(report: ExperimentReport, color: boolean): string[] {
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
        // Under a sample ratio mismatch the check is not read: no HURT, PASS or FAIL.
        const check = c.untrusted === undefined ? c.guardrail : undefined;
        // With sequential testing the check used the always-valid p-value: quote that one.
        const { pValue: p, relativeCi } = shownComparison(c);
        const verdict =
          c.untrusted !== undefined
            ? UNTRUSTED_GUARDRAIL
            : check
              ? guardrailText(check, report.confidence)
              : outcomeLabel(c.outcome);
        state = `${verdict}; ${formatShownLift(c.relativeLift, relativeCi)}, ${pText(p)}`;
        style =
          check?.status === 'hurt' || check?.status === 'fail' ? 'red' : check?.status === 'pass' ? 'green' : undefined;
      }
      lines.push(...wrap(`  ${metric.key} in ${row.variant}: ${state}`, '    ').map((l) => paint(l, style, color)));
    }
  }
  return lines;
}

/** The power hint of each primary metric. */
export function powerLines(report: ExperimentReport, color: boolean): string[] {
  if (report.power.length === 0) return [];
  return [
    '',
    paint('Power', 'bold', color),
    ...report.power.flatMap((hint) => wrap(`  ${powerSentence(hint)}`, '    ')),
  ];
}
