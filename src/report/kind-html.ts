/**
 * The HTML of the quantile, funnel, active-day and retention metrics beyond
 * the common table: their details (eligible units, events per unit-day,
 * quantile intervals) and, for funnels, the chart and the step table.
 */
import type { ComparisonResult, MissingComparison } from '../analysis/comparison-result.js';
import type { ExperimentReport } from '../analysis/types.js';
import type { MetricResult } from '../analysis/metric-result.js';
import { escapeHtml } from './escape.js';
import { formatShownLift, resultLabel, shownOutcome } from './comparison-cells.js';
import { formatCount, formatInterval, formatLift, formatP, formatPercent, formatLevel } from './numbers.js';
import { methodName } from './report-sentences.js';
import { adjustedLevelText, intervalHeading, shownComparison } from './methods-text.js';
import { funnelChart } from './funnel-chart.js';
import { kindDetails } from './kind-details.js';

const e = escapeHtml;

/** Details and funnel chart of an added kind's metric; '' for the other kinds. */
export function kindHtml(result: MetricResult, report: ExperimentReport): string {
  const details = kindDetails(result, report.confidence);
  const text = details.length > 0 ? `<p class="muted">${details.map((d) => e(d)).join('<br>')}</p>` : '';
  if (result.steps === undefined) return text;
  const chart = funnelChart(
    result.steps,
    `Funnel ${result.metric.key}: share of units reaching each step, per variant`,
  );
  return `${text}${chart}${stepTable(result, report)}`;
}

function cells(c: ComparisonResult | MissingComparison | undefined): string {
  if (c === undefined) return '<td></td><td></td><td class="l muted">control</td>';
  if (c.status !== 'ok') return `<td></td><td></td><td class="l missing">not enough data: ${e(c.reason)}</td>`;
  // With sequential testing the always-valid interval, as in the main table; no colour when it cannot be trusted.
  const outcome = shownOutcome(c);
  const relativeCi = shownComparison(c).relativeCi;
  return (
    `<td class="${e(outcome)}">${e(`${formatShownLift(c.relativeLift, relativeCi)} ${formatInterval(relativeCi, formatLift)}${adjustedLevelText(c)}`)}</td>` +
    `<td>${e(formatP(c.adjustedPValue))}</td><td class="l ${e(outcome)}">${e(resultLabel(c))}</td>`
  );
}

function stepTable(result: MetricResult, report: ExperimentReport): string {
  const level = formatLevel(report.confidence);
  const head =
    '<tr><th>step</th><th class="l">variant</th><th>units</th><th>share</th>' +
    `<th>lift [${intervalHeading(report, level)}]</th><th>adj. p</th><th class="l">result</th>` +
    `<th>÷ step before</th><th>lift [${intervalHeading(report, level)}]</th><th>adj. p</th><th class="l">result</th></tr>`;
  const body = (result.steps ?? [])
    .flatMap((step) =>
      step.variants.map((row, i) => {
        const label = i === 0 ? e(`${step.step}. ${step.event}`) : '';
        const previous =
          step.step === 1
            ? '<td></td><td></td><td></td><td></td>'
            : `<td>${e(formatPercent(row.stepConversion ?? Number.NaN, 2))}</td>${cells(row.stepComparison)}`;
        return (
          `<tr><td>${label}</td><td class="l">${e(row.variant)}</td><td>${formatCount(row.reached)}</td>` +
          `<td>${e(formatPercent(row.share, 2))}</td>${cells(row.comparison)}${previous}</tr>`
        );
      }),
    )
    .join('');
  const first = (result.steps ?? [])
    .flatMap((s) => s.variants.flatMap((v) => [v.comparison, v.stepComparison]))
    .find((c): c is ComparisonResult => c?.status === 'ok');
  const method = first ? ` by ${methodName(first.correction.method)} over ${first.correction.size} comparisons` : '';
  return (
    `<div class="scroll"><table><thead>${head}</thead><tbody>${body}</tbody></table></div>` +
    `<p class="muted">${e(`Share: units reaching the step out of all units; ÷ step before: out of those that reached the step before. Step rows are exploratory (p adjusted${method} within the funnel's steps); the verdict reads only the overall conversion.`)}</p>`
  );
}
