import { describe, expect, it } from 'vitest';
import { analyzeExperiment, renderHtmlReport, renderTerminalReport } from '../../src/analysis/index.js';
import type { ExperimentReport, MetricDefinition } from '../../src/analysis/index.js';
import type { CustomEvent, ExposureEvent } from '../../src/events/types.js';
import { formatLift } from '../../src/report/format.js';
import { BUTTON, DAY, T0, exposure, track } from '../analysis/fixtures.js';
import { methodsReference } from '../analysis/stats/methods-reference.js';

function report(options: { cuped?: boolean; sequential?: boolean }): ExperimentReport {
  const c = methodsReference.cuped[0];
  if (c === undefined) throw new Error('reference case missing');
  const exposures: ExposureEvent[] = [];
  const events: CustomEvent[] = [];
  c.units.variant.forEach((v, i) => {
    const deviceID = `u${i}`;
    const entered = T0 + i * 60_000;
    exposures.push(exposure({ deviceID }, v === 1 ? 'green' : 'control', entered));
    if (c.units.x[i]) events.push(track({ deviceID }, 'spend', entered - DAY, c.units.x[i]));
    if (c.units.y[i]) events.push(track({ deviceID }, 'spend', entered + 1000, c.units.y[i]));
  });
  const metrics: MetricDefinition[] = [
    { key: 'spend', kind: 'sum', role: 'primary' },
    { key: 'per', kind: 'ratio', numerator: 'spend', denominator: { event: 'spend', aggregate: 'count' } },
  ];
  return analyzeExperiment({ experiment: BUTTON, exposures, events, metrics, now: T0 + 100 * DAY, ...options });
}

describe('CUPED and sequential testing in the reports', () => {
  const both = report({ cuped: true, sequential: true });
  const terminal = renderTerminalReport(both);
  const html = renderHtmlReport(both);

  it('say that a metric is CUPED-adjusted, with the variance reduction, and why another is not', () => {
    for (const text of [terminal.replace(/\n\s+/g, ' '), html]) {
      expect(text).toContain('CUPED-adjusted: covariate = this metric over the 14 days before each unit');
      expect(text).toContain('variance reduced by 95.7% (control 95.7%, green 96.2%)');
      expect(text).toContain('Not CUPED-adjusted: a ratio metric is not a mean of per-unit values');
    }
    expect(renderTerminalReport(report({}))).not.toContain('CUPED');
  });

  it('print the always-valid interval the verdict used, and say so', () => {
    const c = both.metrics[0]?.variants[1]?.comparison;
    if (c?.status !== 'ok' || c.sequential === undefined) throw new Error('sequential comparison expected');
    const low = formatLift(c.sequential.relativeCi[0]).replace(/%$/, '');
    const fixedLow = formatLift(c.relativeCi[0]).replace(/%$/, '');
    expect(low).not.toBe(fixedLow);
    expect(terminal).toContain(`[${low},`);
    expect(terminal).not.toContain(`[${fixedLow},`);
    expect(html).toContain(formatLift(c.sequential.relativeCi[0]));
    expect(terminal.replace(/\n\s+/g, ' ')).toContain('Sequential testing: intervals and p-values are always-valid');
    expect(html).toContain('Sequential testing: intervals and p-values are always-valid');
  });

  it('keep the terminal report within 100 columns', () => {
    for (const line of terminal.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(100);
  });
});
