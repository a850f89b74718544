/**
 * "Honest output" (audit 18f): a report never prints a number it cannot stand
 * behind, and no label or verdict contradicts the interval printed beside it.
 */
import { describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../../src/analysis/index.js';
import type { AnalysisOptions, ExperimentReport, MetricDefinition } from '../../src/analysis/index.js';
import type { CustomEvent, ExposureEvent } from '../../src/events/types.js';
import type { ComparisonResult } from '../../src/analysis/index.js';
import {
  capsText,
  formatChance,
  formatCount,
  formatLiftWithCi,
  formatLoss,
  formatNumber,
} from '../../src/report/format.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { renderTerminalReport } from '../../src/report/terminal.js';
import { clip, renderTable } from '../../src/report/text-table.js';
import { BUTTON, DAY, T0, exposure, track, unitValues } from '../analysis/fixtures.js';

const dataset = unitValues;

function analyze(
  data: ReturnType<typeof dataset>,
  metrics: MetricDefinition[],
  options: Partial<AnalysisOptions> = {},
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

describe('the Bayesian readout never contradicts the interval beside it', () => {
  // Audit 18f #2 (d9): 6 units per variant; Welch's 95% interval crosses 0 (p = 0.071).
  const d9 = dataset({ control: [1, 2, 3, 4, 5, 6], green: [3, 4, 5, 7, 8, 9] });
  const score: MetricDefinition = { key: 'score', kind: 'sum', role: 'primary' };

  it('on thin data: with the flat prior the credible interval is the confidence interval', () => {
    const report = analyze(d9, [score]);
    const c = report.metrics[0]?.variants[1]?.comparison;
    if (c?.status !== 'ok') throw new Error('comparison expected');
    expect(c.significant).toBe(false);
    expect(c.credibleInterval[0]).toBeCloseTo(c.ci[0], 12);
    expect(c.credibleInterval[1]).toBeCloseTo(c.ci[1], 12);
    expect(c.credibleInterval[0]).toBeLessThan(0);
    // SciPy: stats.t(9.494, loc=2.5, scale=1.2315).sf(0) = 1 − p/2.
    expect(c.chanceToBeat).toBeCloseTo(0.9643478849753625, 10);
    const terminal = flat(renderTerminalReport(report));
    expect(terminal).toContain('95% credible [−0.264, +5.264]');
    expect(terminal).not.toContain('97.9% chance');
  });

  it('with sequential testing neither report prints the fixed-horizon readout beside the always-valid interval', () => {
    const report = analyze(d9, [score], { sequential: true });
    const c = report.metrics[0]?.variants[1]?.comparison;
    if (c?.status !== 'ok' || c.sequential === undefined) throw new Error('sequential comparison expected');
    // Still in the data (for the JSON report).
    expect(c.chanceToBeat).toBeGreaterThan(0.9);
    const terminal = flat(renderTerminalReport(report));
    const html = renderHtmlReport(report);
    for (const text of [terminal, html]) {
      expect(text).not.toContain('chance to beat control');
      expect(text).not.toMatch(/credible [[<]/);
      expect(text).toContain('with sequential testing it is not shown');
    }
    expect(html).not.toContain('<th>chance to beat</th>');
    // Every row has as many cells as the header.
    const table = html.slice(html.indexOf('<table><thead><tr><th>variant</th><th>units</th><th>value</th>'));
    const rows = table
      .slice(0, table.indexOf('</table>'))
      .split('</tr>')
      .filter((r) => r.includes('<t'));
    const cells = rows.map((r) => (r.match(/<t[dh][ >]/g) ?? []).length);
    expect(new Set(cells).size, cells.join(',')).toBe(1);
  });
});

describe('confidence levels', () => {
  // Audit 18f #3: 0.999 printed as "100%", 0.975 as "98%".
  const d9 = dataset({ control: [1, 2, 3, 4, 5, 6], green: [3, 4, 5, 7, 8, 9] });
  const metrics: MetricDefinition[] = [
    { key: 'score', kind: 'sum', role: 'primary' },
    { key: 'g', event: 'score', kind: 'sum', role: 'guardrail', direction: 'decrease' },
    { key: 'p50', event: 'score', kind: 'quantile', quantile: 0.5 },
  ];

  it.each([
    [0.999, '99.9%'],
    [0.975, '97.5%'],
    [0.95, '95%'],
  ])('print %s exactly as %s in every label of both reports', (confidence, label) => {
    const report = analyze(d9, metrics, { confidence });
    const terminal = flat(renderTerminalReport(report));
    const html = htmlText(renderHtmlReport(report));
    for (const text of [terminal, html]) {
      expect(text).toContain(`${label} confidence`);
      expect(text).toContain(`${label} credible`);
      expect(text).toMatch(new RegExp(`(at|the) ${label.replace('.', '\\.')}`));
      expect(text).not.toMatch(/\b(100|98)% (confidence|CI|credible)/);
    }
    expect(terminal).toContain(`[${label} CI]`);
    expect(terminal).toContain(`significant at ${label} after adjustment`);
    expect(html).toContain(`${label} CI`);
  });
});

describe('the multiple-comparison note', () => {
  // Audit 18f #4: the note counted planned comparisons (2 primaries) while the family held 1.
  const data = dataset({
    control: [...Array(100).keys()].map((i) => (i % 10 < 2 ? 1 : undefined)),
    green: [...Array(100).keys()].map((i) => (i % 10 < 3 ? 1 : undefined)),
  });
  const buy: MetricDefinition = { key: 'buy', event: 'score', kind: 'conversion', role: 'primary' };
  const never: MetricDefinition = { key: 'never', kind: 'count', role: 'primary' };

  it('counts the comparisons in the family, not the planned ones', () => {
    const report = analyze(data, [buy, never]);
    const c = report.metrics[0]?.variants[1]?.comparison;
    if (c?.status !== 'ok') throw new Error('comparison expected');
    expect(c.correction.size).toBe(1);
    expect(report.metrics[1]?.variants[1]?.comparison?.status).toBe('not enough data');
    expect(report.notes.join(' ')).not.toContain('primary comparisons');
    const two = analyze(data, [buy, { ...buy, key: 'buy2' }]);
    expect(two.notes.join(' ')).toContain('the 2 primary comparisons by Holm–Bonferroni');
  });
});

describe('the verdict quotes an effect it can stand behind', () => {
  // Audit 18f #5 (d3): control's mean is indistinguishable from 0, the difference is significant, and the
  // relative interval is (−∞, +∞); the verdict quoted "+577.0%".
  const data = dataset(
    {
      control: [...Array(60).keys()].map((i) => (i % 2 ? 5 : -5.2)),
      green: [...Array(60).keys()].map((i) => 3 + (i % 2 ? 5 : -5)),
    },
    'profit',
  );
  const report = analyze(data, [{ key: 'profit', kind: 'sum', role: 'primary' }]);

  it('quotes the absolute difference when the relative lift is undefined', () => {
    const c = report.metrics[0]?.variants[1]?.comparison;
    if (c?.status !== 'ok') throw new Error('comparison expected');
    expect(c.outcome).toBe('better');
    expect(c.relativeCi).toEqual([-Infinity, Infinity]);
    expect(report.verdict.decision).toBe('ship');
    const terminal = flat(renderTerminalReport(report));
    const html = htmlText(renderHtmlReport(report));
    for (const text of [terminal, html]) {
      expect(text).toMatch(
        /primary metric profit is significantly better in green \(\+3\.1 \[\+1\.\d+, \+4\.\d+\]; relative lift undefined, control is indistinguishable from 0, p = /,
      );
    }
  });

  it('prints no point lift beside a relative interval of (−∞, +∞), in the tables, the plot and a guardrail line', () => {
    const c = report.metrics[0]?.variants[1]?.comparison;
    if (c?.status !== 'ok') throw new Error('comparison expected');
    // The lift itself is a number (about +2000%), which no table may print.
    const point = `${(c.relativeLift * 100).toFixed(1)}%`;
    const terminal = flat(renderTerminalReport(report));
    const html = renderHtmlReport(report);
    expect(terminal).toContain('undefined (control ≈ 0) [−∞, +∞]');
    expect(terminal).not.toContain(point);
    expect(html).toContain('<td class="better">undefined (control ≈ 0)</td>');
    // The forest plot has no dot for it, and says why.
    expect(html).toContain('class="missing">undefined (control ≈ 0)</text>');
    expect(htmlText(html)).not.toContain(point);
    // The timeline's last day is that comparison too.
    const timedReport = analyze(data, [{ key: 'profit', kind: 'sum', role: 'primary' }], { timeline: true });
    const timed = flat(renderTerminalReport(timedReport));
    // The HTML chart plots no point for such a day (its dots have r 2.5, or 3.5 hollow at the edge), and marks
    // the day as it marks one without data.
    const chart = renderHtmlReport(timedReport).match(/<svg class="timeline"[\s\S]*?<\/svg>/)?.[0] ?? '';
    expect(chart).toContain('class="nodata"');
    expect(chart).not.toMatch(/r="(2|3)\.5"/);
    expect(timed).toMatch(/day \d+ undefined \(control ≈ 0\) \[−∞, \+∞\]/);
    expect(timed).not.toContain(point);
    const guarded = analyze(data, [{ key: 'profit', kind: 'sum', role: 'guardrail' }]);
    const lines = [flat(renderTerminalReport(guarded)), htmlText(renderHtmlReport(guarded))];
    for (const text of lines) {
      expect(text).toContain('undefined (control ≈ 0), p = ');
      expect(text).not.toContain(point);
    }
  });
});

describe('verdict and unit nits', () => {
  it('SHIP names a primary that had not enough data, as it names such a guardrail (audit 18f #15)', () => {
    const data = dataset(
      {
        control: [...Array(100).keys()].map((i) => (i % 10 < 1 ? 1 : undefined)),
        green: [...Array(100).keys()].map((i) => (i % 10 < 4 ? 1 : undefined)),
      },
      'buy',
    );
    const report = analyze(data, [
      { key: 'buy', kind: 'conversion', role: 'primary' },
      { key: 'refund', kind: 'conversion', role: 'primary' },
    ]);
    expect(report.verdict.decision).toBe('ship');
    expect(report.verdict.reasons.map((r) => [r.kind, 'metric' in r ? r.metric : ''])).toEqual([
      ['significantly better', 'buy'],
      ['not enough data', 'refund'],
    ]);
    expect(flat(renderTerminalReport(report))).toContain('primary metric refund has not enough data in green');
  });

  it('with no units the observed shares do not exist: null in JSON, "–" in the reports (audit 18f #14)', () => {
    const report = analyze(dataset({ control: [1, 2], green: [3] }), [{ key: 'score', kind: 'sum' }], {
      from: T0 + 10 * DAY,
    });
    expect(report.units).toBe(0);
    expect(JSON.parse(JSON.stringify(report)).variants.map((v: { observedShare: unknown }) => v.observedShare)).toEqual(
      [null, null],
    );
    const terminal = renderTerminalReport(report);
    expect(terminal).not.toMatch(/(?<![\d.])0\.0%/);
    expect(terminal).toMatch(/green +50 +50\.0% +0 +–/);
    expect(renderHtmlReport(report)).toContain('<td>50.0%</td><td>0</td><td>–</td>');
  });
});

describe('certainty the data cannot give', () => {
  it('a chance to beat is capped, never rounded to 100.0% or 0.0% (audit 18f #11)', () => {
    expect(formatChance(0.99997)).toBe('>99.9%');
    expect(formatChance(0.9994)).toBe('99.9%');
    expect(formatChance(0.00003)).toBe('<0.1%');
    expect(formatChance(0.5)).toBe('50.0%');
    expect(formatLoss('conversion', 1e-9)).toBe('<0.001 pp');
    expect(formatLoss('conversion', 0)).toBe('0.000 pp');
    expect(formatLoss('conversion', 0.0123)).toBe('1.230 pp');
  });

  it('under a sample ratio mismatch neither report prints the Bayesian readout (audit 18f #11, d4)', () => {
    const data = dataset(
      {
        control: [...Array(1200).keys()].map((i) => (i % 10 < 1 ? 1 : undefined)),
        green: [...Array(1000).keys()].map((i) => (i % 100 < 16 ? 1 : undefined)),
      },
      'buy',
    );
    const report = analyze(data, [{ key: 'buy', kind: 'conversion', role: 'primary' }]);
    expect(report.verdict.decision).toBe('invalid');
    const terminal = flat(renderTerminalReport(report));
    const html = renderHtmlReport(report);
    for (const text of [terminal, html]) {
      expect(text).not.toContain('chance to beat control');
      expect(text).not.toMatch(/100\.0%( chance|<\/td>)/);
      expect(text).toContain('with a sample ratio mismatch no comparison can be trusted');
    }
    expect(html).not.toContain('<th>chance to beat</th>');
  });
});

describe('multi-arm verdicts', () => {
  it("print each variant's reasons when its decision is not the overall one (audit 18f #8, d10b)", () => {
    const exposures: ExposureEvent[] = [];
    const events: CustomEvent[] = [];
    for (const [variant, every] of [
      ['control', 10],
      ['a', 5],
      ['b', 40],
    ] as const) {
      for (let i = 0; i < 1500; i++) {
        const units = { deviceID: `${variant}${i}` };
        exposures.push(exposure(units, variant, T0));
        if (i % every === 0) events.push(track(units, 'buy', T0 + 1));
      }
    }
    const experiment = {
      ...BUTTON,
      variants: ['control', 'a', 'b'].map((key) => ({ key, weight: 1 })),
    };
    const report = analyzeExperiment({
      experiment,
      exposures,
      events,
      metrics: [{ key: 'buy', kind: 'conversion', role: 'primary' }],
      now: T0 + 100 * DAY,
    });
    expect(report.verdict.decision).toBe('ship');
    expect(report.variantVerdicts.map((v) => v.decision)).toEqual(['ship', 'do not ship']);
    const terminal = renderTerminalReport(report);
    expect(terminal).toMatch(
      / {2}b: do not ship\n {4}- primary metric buy is significantly worse in b \(−74\.7%, p < 0\.0001/,
    );
    expect(htmlText(renderHtmlReport(report))).toMatch(/b: do not ship primary metric buy is significantly worse in b/);
  });
});

describe('hostile segment labels in HTML', () => {
  it('are written as the same \\uXXXX escapes as in the terminal (audit 18f #10)', () => {
    const exposures: ExposureEvent[] = [];
    const events: CustomEvent[] = [];
    const labels = ['\u202eevil\u202c', '\u001b[31mred', 'line\nbreak', '\u0000nul'];
    for (let i = 0; i < 80; i++) {
      const units = { deviceID: `u${i}` };
      exposures.push(
        exposure(units, i % 2 ? 'green' : 'control', T0, { attributes: { country: labels[i % 4] ?? '' } }),
      );
      if (i % 3 === 0) events.push(track(units, 'buy', T0 + 1));
    }
    const report = analyzeExperiment({
      experiment: BUTTON,
      exposures,
      events,
      metrics: [{ key: 'buy', kind: 'conversion' }],
      segments: ['country'],
      now: T0 + 100 * DAY,
    });
    const html = renderHtmlReport(report);
    expect(html).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(html).toContain('\\u202eevil\\u202c');
    expect(html).toContain('\\u001b[31mred');
    expect(html).toContain('line\\u000abreak');
    // The report itself is unchanged.
    expect(report.segments[0]?.values.map((v) => v.value)).toContain('\u202eevil\u202c');
  });
});

describe('number formatting (audit 18f #9)', () => {
  it('rounds lift interval ends past ±100% outward, never narrowing the interval', () => {
    const c = { relativeLift: 0.71, relativeCi: [-1.507, 12.99837] } as ComparisonResult;
    expect(formatLiftWithCi(c)).toBe('+71.0% [−151, +1300]');
    const ray = { relativeLift: 2.333, relativeCi: [-0.394, Infinity] } as ComparisonResult;
    expect(formatLiftWithCi(ray)).toBe('+233.3% [−39.4, +∞]');
  });

  it('writes "1 unit", not "1 units", in the caps text', () => {
    const caps = { upper: { quantile: 0.99, value: 12, units: 1 }, uncapped: [] };
    expect(capsText('sum', { caps } as never)).toContain('(1 unit)');
  });
});

describe('one minus sign (audit 18f #9)', () => {
  it('writes negative values with U+2212, as every signed field', () => {
    expect(formatNumber(-0.6918)).toBe('−0.6918');
    expect(formatNumber(-0.01321)).toBe('−0.01321');
    expect(formatNumber(-1.9e-6)).toBe('−0.0000019');
    expect(formatCount(-12345)).toBe('−12,345');
    expect(formatCount(-0.2)).toBe('0');
    expect(formatNumber(-0)).toBe('0');
  });
});

describe('the power hint (audit 18f #7)', () => {
  it('gives no estimate from a control too thin to compare', () => {
    // d1: 3 units per variant, 2 of 3 control units converted.
    const data = dataset({ control: [10, -5, undefined], green: [20, 30, -1] }, 'purchase');
    const report = analyze(data, [{ key: 'purchase', kind: 'conversion', role: 'primary' }]);
    expect(report.power[0]).toMatchObject({ status: 'not enough data' });
    expect(report.power[0]?.status === 'not enough data' && report.power[0].reason).toMatch(
      /^control: 2 of 3 units converted/,
    );
  });

  it('gives no estimate for a relative change of a control mean indistinguishable from 0', () => {
    const data = dataset(
      {
        control: [...Array(60).keys()].map((i) => (i % 2 ? 5 : -5.2)),
        green: [...Array(60).keys()].map((i) => 3 + (i % 2 ? 5 : -5)),
      },
      'profit',
    );
    const report = analyze(data, [{ key: 'profit', kind: 'sum', role: 'primary' }]);
    expect(report.power[0]).toMatchObject({ status: 'not enough data' });
    expect(flat(renderTerminalReport(report))).toContain('the control mean is indistinguishable from 0');
  });
});

describe('terminal columns (audit 18f #10)', () => {
  it('count wide characters as two columns, so a row with "日本🇯🇵" stays aligned', () => {
    const lines = renderTable(
      [
        ['日本🇯🇵', 'x', '1'],
        ['DE', 'y', '22'],
        ['e\u0301', 'z', '3'],
      ],
      ['l', 'l', 'r'],
      false,
    );
    expect(lines).toEqual(['日本🇯🇵  x   1', 'DE      y  22', 'e\u0301       z   3']);
    expect(clip('日本語のラベル', 7)).toBe('日本語…');
  });
});
