/**
 * Honest output, continued: no significance mark under an SRM verdict, no
 * exponent in a printed number, power hints from the units the comparison
 * counts, and sequential funnel step rows.
 */
import { describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../../src/analysis/index.js';
import type { AnalysisOptions, ExperimentReport, MetricDefinition } from '../../src/analysis/index.js';
import type { CustomEvent, ExposureEvent } from '../../src/events/types.js';
import {
  formatCount,
  formatDifference,
  formatLevel,
  formatLift,
  formatNumber,
  formatP,
  formatPercent,
  invalidText,
  pText,
  powerSentence,
} from '../../src/report/format.js';
import { kindDefinition, quantileName } from '../../src/report/kind-definitions.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { renderTerminalReport } from '../../src/report/terminal.js';
import { BUTTON, DAY, T0, exposure, seededRandom, track, unitValues } from '../analysis/fixtures.js';

/** Units with a country each (segments), as `unitValues` makes them. */
const dataset = (groups: Record<string, (number | undefined)[]>, name = 'score') =>
  unitValues(groups, name, (i) => ({ country: i % 2 ? 'DE' : 'FR' }));

function analyze(
  data: ReturnType<typeof dataset>,
  metrics: MetricDefinition[],
  options: Partial<AnalysisOptions> = {},
): ExperimentReport {
  return analyzeExperiment({ experiment: BUTTON, ...data, metrics, now: T0 + 100 * DAY, ...options });
}

const flat = (text: string) => text.replace(/\n\s+/g, ' ');

describe('under a sample ratio mismatch no comparison is marked significant', () => {
  // Audit 18f #11 (d4): 1200 control units against 1000, planned 50/50; buy clearly up, so is the guardrail.
  const data = dataset(
    {
      control: [...Array(1200).keys()].map((i) => (i % 10 < 1 ? 1 : undefined)),
      green: [...Array(1000).keys()].map((i) => (i % 100 < 16 ? 1 : undefined)),
    },
    'buy',
  );
  const report = analyze(
    data,
    [
      { key: 'buy', kind: 'conversion', role: 'primary' },
      { key: 'refund', event: 'buy', kind: 'conversion', role: 'guardrail', direction: 'decrease' },
      { key: 'flow', kind: 'funnel', steps: ['buy', 'buy'], role: 'secondary' },
    ],
    { segments: ['country'] },
  );
  const comparisons = () => {
    const out = [];
    for (const m of report.metrics) {
      for (const v of m.variants) out.push(v.comparison);
      for (const s of m.steps ?? []) for (const v of s.variants) out.push(v.comparison, v.stepComparison);
    }
    for (const s of report.segments)
      for (const value of s.values) for (const m of value.metrics) for (const v of m.variants) out.push(v.comparison);
    return out.filter((c) => c?.status === 'ok');
  };

  it('the data would read significant, and the verdict is invalid', () => {
    expect(report.verdict.decision).toBe('invalid');
    const buy = report.metrics[0]?.variants[1]?.comparison;
    expect(buy?.status === 'ok' && buy.significant).toBe(true);
  });

  it('JSON: every comparison says it is untrusted, beside the outcome it would have', () => {
    const all = comparisons();
    expect(all.length).toBeGreaterThanOrEqual(5);
    for (const c of all) expect(c?.status === 'ok' && c.untrusted).toBe('sample ratio mismatch');
    const json = JSON.parse(JSON.stringify(report));
    expect(json.metrics[0].variants[1].comparison.untrusted).toBe('sample ratio mismatch');
  });

  it('terminal: no ▲/▼ mark, no colour of a result, no guardrail HURT; each row says untrusted', () => {
    const text = renderTerminalReport(report);
    expect(text).not.toMatch(/▲ better|▼ worse|HURT|PASS|FAIL/);
    expect(text).toMatch(/primary +green .*untrusted$/m);
    expect(flat(text)).toMatch(/refund in green: untrusted \(sample ratio mismatch\)/);
    expect(flat(text)).toContain('untrusted: sample ratio mismatch, so no row is marked significant or not');
    // In colour, nothing green or red beyond the verdict and the SRM line.
    const coloured = renderTerminalReport(report, { color: true });
    expect(coloured).not.toMatch(/\x1b\[3[12]m[^\x1b]*(better|worse|untrusted|%)/);
  });

  it('HTML: no better/worse class or colour on any cell, bar or pill', () => {
    const html = renderHtmlReport(report);
    expect(html).not.toMatch(/class="(l )?(better|worse)"|class="value (better|worse)"|pill (better|worse)/);
    expect(html).not.toMatch(/(stroke|fill)="(#1a7f37|#cf222e)" class="ci"|<circle[^>]*(#1a7f37|#cf222e)/);
    expect(html).not.toMatch(/▲ better|▼ worse|>hurt<|>pass<|>fail</);
    expect(html).toContain('<td class="l neutral">untrusted</td>');
    expect(html).toContain('untrusted: sample ratio mismatch, so no row is marked');
  });
});

/** Any e-notation number (1e-7, 2.0e-5, 1.2e+21) in a text. */
const EXPONENT = /\d\.?\d*e[+-]?\d/i;
const htmlBody = (html: string) => html.replace(/<style>[\s\S]*?<\/style>/, '');

describe('no number is printed as an exponent', () => {
  it('formatters write plain digits or a bound at every magnitude', () => {
    expect(formatNumber(1e-7)).toBe('0.0000001');
    expect(formatNumber(-1.9e-6)).toBe('−0.0000019');
    expect(formatNumber(6.64e-10)).toBe('0.000000000664');
    expect(formatNumber(3e-13)).toBe('0.0000000000003');
    expect(formatNumber(3e-20)).toBe('<0.000000000000001');
    expect(formatNumber(-3e-20)).toBe('−<0.000000000000001');
    expect(formatNumber(1.67e12)).toBe('1,670,000,000,000');
    expect(formatNumber(1.2e21)).toBe('1,200,000,000,000,000,000,000');
    expect(formatCount(1.2e21)).toBe('1,200,000,000,000,000,000,000');
    expect(formatDifference('sum', 1e-17)).toBe('+<0.000000000000001');
    expect(formatDifference('sum', -2e-6)).toBe('−0.000002');
    expect(formatP(0.00034)).toBe('0.00034');
    expect(formatP(3e-8)).toBe('<0.0001');
    expect(formatP(0)).toBe('<0.0001');
    expect(pText(0.012)).toBe('p = 0.012');
    expect(pText(3e-8)).toBe('p < 0.0001');
    expect(formatPercent(1e20)).toBe('10,000,000,000,000,000,000,000%');
    expect(formatLift(1e20)).toBe('+10,000,000,000,000,000,000,000%');
    expect(formatLift(781249999999.984)).toBe('+78,124,999,999,998.4%');
    expect(formatLevel(1e-9)).toBe('0.0000001%');
    expect(quantileName(1e-9)).toBe('P0.0000001');
    expect(kindDefinition({ key: 'q', kind: 'quantile', event: 'load', quantile: 1e-7 } as never)).toContain(
      'q = 0.0000001)',
    );
    expect(invalidText({ events: { outOfRangeValue: 1 }, exposures: {} } as never)).toBe(
      '1 event with a value beyond ±1,000,000,000,000,000',
    );
    for (const x of [1e-300, 5e-324, 1e300, -1e300, 1e21, 9.99e20]) {
      for (const text of [
        formatNumber(x),
        formatCount(x),
        formatLift(x),
        formatPercent(x),
        formatP(Math.min(1, Math.abs(x))),
      ])
        expect(text).not.toMatch(EXPONENT);
    }
  });

  it('reports of tiny and huge values print none (audit 18f #9: d7 tiny, d3 big)', () => {
    const tiny = dataset(
      {
        control: [...Array(10).keys()].map((i) => 1e-6 * (1 + (i % 3))),
        green: [...Array(10).keys()].map((i) => 1e-6 * (2 + (i % 3))),
      },
      'tiny',
    );
    const huge = dataset(
      {
        control: [...Array(60).keys()].map((i) => 1e14 * (1 + (i % 3))),
        green: [...Array(60).keys()].map((i) => (i === 0 ? 1e15 : 1e14 * (1 + (i % 3)))),
      },
      'big',
    );
    const buy = dataset(
      {
        control: [...Array(3000).keys()].map((i) => (i % 10 < 1 ? 1 : undefined)),
        green: [...Array(3000).keys()].map((i) => (i % 10 < 3 ? 1 : undefined)),
      },
      'buy',
    );
    const reports = [
      analyze(tiny, [{ key: 'tiny', kind: 'sum', role: 'primary' }]),
      analyze(tiny, [{ key: 'tiny', kind: 'sum', role: 'primary' }], { sequential: true }),
      analyze(huge, [{ key: 'big', kind: 'sum', role: 'primary' }]),
      analyze(buy, [{ key: 'buy', kind: 'conversion', role: 'primary' }]),
    ];
    // The conversion's p-value is far below 0.0001.
    const c = reports[3]?.metrics[0]?.variants[1]?.comparison;
    expect(c?.status === 'ok' && c.pValue).toBeLessThan(1e-20);
    for (const report of reports) {
      expect(renderTerminalReport(report)).not.toMatch(EXPONENT);
      expect(htmlBody(renderHtmlReport(report))).not.toMatch(EXPONENT);
    }
    expect(flat(renderTerminalReport(reports[3] as ExperimentReport))).toContain('p < 0.0001');
  });
});

describe('sequential funnels: the step table is always-valid too', () => {
  // 300 units per variant reach "view"; 60 control and 90 green units reach "buy" after it (20% against 30%).
  const exposures: ExposureEvent[] = [];
  const events: CustomEvent[] = [];
  for (const [variant, buyers] of [
    ['control', 60],
    ['green', 90],
  ] as const) {
    for (let i = 0; i < 300; i++) {
      const units = { deviceID: `${variant}${i}` };
      exposures.push(exposure(units, variant, T0 + i * 60_000));
      events.push(track(units, 'view', T0 + i * 60_000 + 10));
      if (i < buyers) events.push(track(units, 'buy', T0 + i * 60_000 + 20));
    }
  }
  const metric: MetricDefinition = { key: 'flow', kind: 'funnel', steps: ['view', 'buy'], role: 'primary' };
  const fixed = analyzeExperiment({ experiment: BUTTON, exposures, events, metrics: [metric], now: T0 + 9 * DAY });
  const report = analyzeExperiment({
    experiment: BUTTON,
    exposures,
    events,
    metrics: [metric],
    now: T0 + 9 * DAY,
    sequential: true,
  });
  const lastStep = (r: ExperimentReport) => r.metrics[0]?.steps?.[1]?.variants[1];

  it('the fixed-horizon step row is significant where the always-valid overall one is not', () => {
    const f = lastStep(fixed)?.comparison;
    expect(f?.status === 'ok' && f.pValue).toBeLessThan(0.05);
    const overall = report.metrics[0]?.variants[1]?.comparison;
    if (overall?.status !== 'ok' || overall.sequential === undefined) throw new Error('sequential expected');
    expect(overall.sequential.pValue).toBeGreaterThan(0.05);
    expect(overall.outcome).toBe('neutral');
  });

  it('every step row has the always-valid interval, and its label follows it', () => {
    const overall = report.metrics[0]?.variants[1]?.comparison;
    for (const step of report.metrics[0]?.steps ?? []) {
      for (const row of step.variants.slice(1)) {
        for (const c of [row.comparison, row.stepComparison]) {
          if (c === undefined || c.status !== 'ok') continue;
          expect(c.sequential).toBeDefined();
          expect(c.significant).toBe((c.sequential?.pValue ?? 0) < 0.05);
          expect(c.outcome === 'neutral').toBe(!(c.adjustedPValue < 0.05));
          expect(c.adjustedPValue).toBeGreaterThanOrEqual(c.sequential?.pValue ?? 1);
        }
      }
    }
    // Reaching the last step is the funnel's overall conversion: the same always-valid numbers.
    const c = lastStep(report)?.comparison;
    if (c?.status !== 'ok' || overall?.status !== 'ok') throw new Error('comparisons expected');
    expect(c.sequential?.pValue).toBe(overall.sequential?.pValue);
    expect(c.sequential?.relativeCi).toEqual(overall.sequential?.relativeCi);
    expect(c.outcome).toBe('neutral');
  });

  it('both reports print the always-valid step intervals at their corrected level, with no mark the overall row contradicts', () => {
    const c = lastStep(report)?.comparison;
    if (c?.status !== 'ok' || c.sequential === undefined) throw new Error('sequential expected');
    const terminal = renderTerminalReport(report);
    const html = renderHtmlReport(report);
    expect(terminal).not.toMatch(/▲ better|▼ worse/);
    expect(html).not.toMatch(/▲ better|▼ worse/);
    // The step rows are a corrected family: the always-valid interval at the level of their correction.
    if (c.adjusted === undefined) throw new Error('an interval at the corrected level expected');
    expect(c.adjusted.confidence).toBeGreaterThan(report.confidence);
    expect(c.adjusted.relativeCi[0]).toBeLessThan(c.sequential.relativeCi[0]);
    const low = `${(c.adjusted.relativeCi[0] * 100).toFixed(1)}`.replace('-', '−');
    expect(terminal).toMatch(new RegExp(`2 buy[\\s\\S]*green .*\\[${low},`));
    expect(html).toContain(`[${low}%,`);
    // The terminal says, as the HTML does, that step rows are adjusted in their own family.
    expect(flat(terminal)).toContain("Step rows are exploratory: p adjusted within the funnel's steps");
  });
});

describe('power hints of retention and active days count the units the comparison counts', () => {
  // 20 units per variant per day over 20 days; "now" one day after the last exposure: only units enrolled at
  // least 8 days (retention day 7) or 7 days (a 7-day activeDays window) before it are compared.
  const exposures: ExposureEvent[] = [];
  const events: CustomEvent[] = [];
  const random = seededRandom(19);
  for (const variant of ['control', 'green']) {
    for (let i = 0; i < 400; i++) {
      const units = { deviceID: `${variant}${i}` };
      const entered = T0 + Math.floor(i / 20) * DAY + (i % 20) * 60_000;
      exposures.push(exposure(units, variant, entered));
      // Each unit opens the app on each day with its own chance (some never, some often).
      const chance = random() * (variant === 'green' ? 0.45 : 0.4);
      for (let d = 0; d < 10; d++) if (random() < chance) events.push(track(units, 'open', entered + d * DAY + 5));
    }
  }
  const now = T0 + 21 * DAY;
  const report = analyzeExperiment({
    experiment: BUTTON,
    exposures,
    events,
    metrics: [
      { key: 'd7', kind: 'retention', event: 'open', day: 7, role: 'primary' },
      { key: 'act', kind: 'activeDays', event: 'open', window: 7 * DAY, role: 'primary' },
    ],
    now,
    to: now,
  });

  it('current units are the eligible ones, and the days include the wait for a window to complete', () => {
    for (const [m, wait] of [
      [0, 8],
      [1, 7],
    ] as const) {
      const result = report.metrics[m];
      const eligible = Math.min(...(result?.variants.map((v) => v.summary.eligibleUnits ?? Number.NaN) ?? []));
      const enrolled = Math.min(...(result?.variants.map((v) => v.summary.enrolledUnits ?? Number.NaN) ?? []));
      expect(eligible).toBeLessThan(enrolled);
      const hint = report.power[m];
      if (hint?.status !== 'ok') throw new Error(`power hint expected: ${JSON.stringify(hint)}`);
      expect(hint.currentPerGroup).toBe(eligible);
      expect(hint.additionalPerGroup).toBe(hint.requiredPerGroup - eligible);
      expect(hint.countedUnits).toEqual({ eligible, enrolled, waitDays: wait });
      // New enrollments needed beyond the enrolled units, at the observed rate, then the wait.
      const perDay = hint.unitsPerDay ?? Number.NaN;
      expect(hint.additionalDays).toBeCloseTo((2 * (hint.requiredPerGroup - enrolled)) / perDay + wait, 9);
    }
    const text = flat(renderTerminalReport(report));
    expect(text).toMatch(
      /d7: .* more in the smallest group \(counting only units whose days are complete: \d+ of \d+ enrolled\), roughly .* days more .*, including 8 days for a new unit's days to complete/,
    );
    expect(flat(renderHtmlReport(report))).toContain('counting only units whose days are complete');
  });

  it('says which units it counted when every group has enough too', () => {
    const hint = {
      status: 'ok' as const,
      metric: 'd7',
      minDetectableEffect: 0.2,
      power: 0.8,
      requiredPerGroup: 100,
      currentPerGroup: 120,
      additionalPerGroup: 0,
      countedUnits: { eligible: 120, enrolled: 300, waitDays: 8 },
    };
    expect(powerSentence(hint)).toContain(
      'every group has enough (120 in the smallest, counting only units whose days are complete: 120 of 300 enrolled).',
    );
  });
});

describe('a quantile interval of no width is not printed as one', () => {
  it('reads "no interval", as its comparison says it has no standard error (z5: every value 1)', () => {
    const data = dataset(
      { control: [...Array(40).keys()].map(() => 1), green: [...Array(40).keys()].map(() => 1) },
      'load',
    );
    const report = analyze(data, [{ key: 'p50', kind: 'quantile', event: 'load', quantile: 0.5, role: 'primary' }]);
    const c = report.metrics[0]?.variants[1]?.comparison;
    expect(c?.status === 'not enough data' && c.reason).toMatch(/interval has no width/);
    expect(report.metrics[0]?.variants[0]?.summary.quantile?.ci).toEqual([1, 1]);
    for (const text of [flat(renderTerminalReport(report)), renderHtmlReport(report)]) {
      expect(text).not.toMatch(/CI \[1, 1\]/);
      expect(text).toMatch(/control P50 1 \(no interval: the values around it are all equal\) from 40 values/);
    }
  });
});
