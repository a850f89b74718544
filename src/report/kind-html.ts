/**
 * The HTML of the quantile, funnel, active-day and retention metrics beyond
 * the common table: their details (eligible units, events per unit-day,
 * quantile intervals) and, for funnels, the chart and the step table.
 */
import type { ComparisonResult, ExperimentReport, MetricResult, MissingComparison } from '../analysis/types.js';
import { escapeHtml } from './escape.js';
import { formatCount, formatInterval, formatLift, formatP, formatPercent, methodName, resultLabel } from './format.js';
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
  if (c === undefined) return '<td></td><td></td><td></td><td class="l muted">control</td>';
  if (c.status !== 'ok') return `<td></td><td></td><td></td><td class="l missing">not enough data: ${e(c.reason)}</td>`;
  const adjusted = `${formatP(c.adjustedPValue)} (${methodName(c.correction.method)}, ${c.correction.size})`;
  return (
    `<td class="${e(c.outcome)}">${e(formatLift(c.relativeLift))}</td><td>${e(formatInterval(c.relativeCi, formatLift))}</td>` +
    `<td>${e(adjusted)}</td><td class="l ${e(c.outcome)}">${e(resultLabel(c))}</td>`
  );
}

function stepTable(result: MetricResult, report: ExperimentReport): string {
  const level = formatPercent(report.confidence, 0);
  const head =
    '<tr><th>step</th><th>variant</th><th>units reaching</th><th>share of units</th>' +
    `<th>lift</th><th>lift ${level} CI</th><th>adjusted p</th><th class="l">result</th>` +
    `<th>from previous step</th><th>lift</th><th>lift ${level} CI</th><th>adjusted p</th><th class="l">result</th></tr>`;
  const body = (result.steps ?? [])
    .flatMap((step) =>
      step.variants.map((row, i) => {
        const label = i === 0 ? e(`${step.step}. ${step.event}`) : '';
        const previous =
          step.step === 1
            ? '<td></td><td></td><td></td><td></td><td></td>'
            : `<td>${e(formatPercent(row.stepConversion ?? Number.NaN, 2))}</td>${cells(row.stepComparison)}`;
        return (
          `<tr><td>${label}</td><td>${e(row.variant)}</td><td>${formatCount(row.reached)}</td>` +
          `<td>${e(formatPercent(row.share, 2))}</td>${cells(row.comparison)}${previous}</tr>`
        );
      }),
    )
    .join('');
  return (
    `<div class="scroll"><table><thead>${head}</thead><tbody>${body}</tbody></table></div>` +
    '<p class="muted">Step rows are exploratory: p adjusted within the funnel\'s steps; the verdict reads only the overall conversion.</p>'
  );
}
