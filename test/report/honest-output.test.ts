/**
 * "Honest output" (audit 18f): a report never prints a number it cannot stand
 * behind, and no label or verdict contradicts the interval printed beside it.
 */
import { describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../../src/analysis/index.js';
import type { AnalyzeOptions, ExperimentReport, MetricDefinition } from '../../src/analysis/index.js';
import type { CustomEvent, ExposureEvent } from '../../src/events/types.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { renderTerminalReport } from '../../src/report/terminal.js';
import { BUTTON, DAY, T0, exposure, track } from '../analysis/fixtures.js';

/** Per variant, each unit's value of the event `name` (0 or undefined: no event). */
function dataset(groups: Record<string, (number | undefined)[]>, name = 'score') {
  const exposures: ExposureEvent[] = [];
  const events: CustomEvent[] = [];
  for (const [variant, values] of Object.entries(groups)) {
    values.forEach((value, i) => {
      const deviceID = `${variant}${i}`;
      const entered = T0 + i * 600_000;
      exposures.push(exposure({ deviceID }, variant, entered));
      if (value !== undefined && value !== 0) events.push(track({ deviceID }, name, entered + 10, value));
    });
  }
  return { exposures, events };
}

function analyze(
  data: ReturnType<typeof dataset>,
  metrics: MetricDefinition[],
  options: Partial<AnalyzeOptions> = {},
): ExperimentReport {
  return analyzeExperiment({ experiment: BUTTON, ...data, metrics, now: T0 + 100 * DAY, ...options });
}

const flat = (text: string) => text.replace(/\n\s+/g, ' ');
const htmlText = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');

describe('sequential guardrails', () => {
  // Audit 18f #1 (d8s): control 5 of 200 units non-zero (one of them 50), green 60 of 200 with 3.
  const data = dataset(
    {
      control: [...Array(200).keys()].map((i) => (i < 5 ? [1, 1, 1, 1, 50][i] : undefined)),
      green: [...Array(200).keys()].map((i) => (i % 10 < 3 ? 3 : undefined)),
    },
    'items',
  );
  const report = analyze(
    data,
    [
      { key: 'items', kind: 'sum', role: 'primary' },
      { key: 'g', event: 'items', kind: 'sum', role: 'guardrail', direction: 'decrease' },
    ],
    { sequential: true },
  );

  it('quote the always-valid p-value the check used, not the fixed-horizon one', () => {
    const c = report.metrics[1]?.variants[1]?.comparison;
    if (c?.status !== 'ok' || c.sequential === undefined) throw new Error('sequential comparison expected');
    expect(c.pValue).toBeLessThan(0.05);
    expect(c.sequential.pValue).toBeGreaterThan(0.05);
    const terminal = flat(renderTerminalReport(report));
    const html = htmlText(renderHtmlReport(report));
    for (const text of [terminal, html]) {
      expect(text).toMatch(/g in green: .*no significant harm/);
      expect(text).toContain(`p = ${c.sequential.pValue.toFixed(3)}`);
      expect(text).not.toContain(`p = ${c.pValue.toFixed(3)}`);
    }
  });
});
