import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../../src/analysis/index.js';
import type { ComparisonResult, MetricDefinition } from '../../src/analysis/index.js';
import { guardrailCheck } from '../../src/analysis/corrections.js';
import type { ResolvedMetric } from '../../src/analysis/metric-definition.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { renderTerminalReport } from '../../src/report/terminal.js';
import { reasonText } from '../../src/report/format.js';
import { BUTTON, DAY, T0, exposure, simulate, track } from './fixtures.js';

const primary: MetricDefinition = { key: 'converted', event: 'purchase', kind: 'conversion', role: 'primary' };

describe('the analysis does not depend on the reports', () => {
  it('no analysis module but the subpath entry imports from src/report', () => {
    const dir = fileURLToPath(new URL('../../src/analysis/', import.meta.url));
    const files = readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts');
    expect(files.length).toBeGreaterThan(20);
    for (const file of files)
      expect(readFileSync(`${dir}${file}`, 'utf8'), file).not.toMatch(/from '(\.\.\/)+report\//);
  });
});

describe('thin groups', () => {
  it('0 of 48 reads "not enough data" with the reason, never a zero-width interval', () => {
    const exposures = [
      ...[...Array(300).keys()].map((i) => exposure({ deviceID: `c${i}` }, 'control', T0)),
      ...[...Array(48).keys()].map((i) => exposure({ deviceID: `g${i}` }, 'green', T0)),
    ];
    const events = exposures.slice(0, 9).map((e) => track(e.units, 'page_error', T0 + 1));
    const experiment = {
      ...BUTTON,
      variants: [
        { key: 'control', weight: 300 },
        { key: 'green', weight: 48 },
      ],
    };
    const report = analyzeExperiment({
      experiment,
      exposures,
      events,
      metrics: [{ key: 'page_error', kind: 'conversion', role: 'guardrail', direction: 'decrease' }],
    });
    expect(report.metrics[0]?.variants[1]?.comparison).toEqual({
      status: 'not enough data',
      reason: 'green: 0 of 48 units converted (the method needs at least 5 converted and 5 not converted per group)',
    });
    expect(renderTerminalReport(report)).toContain('green: 0 of 48 units converted');
    expect(renderHtmlReport(report)).toContain('not enough data: green: 0 of 48 units converted');
  });

  it('a sum metric with fewer than 5 non-zero units in a group reads "not enough data"', () => {
    const exposures = [...Array(100).keys()].map((i) =>
      exposure({ deviceID: `d${i}` }, i % 2 ? 'green' : 'control', T0),
    );
    const events = exposures.filter((_, i) => i % 2 === 0 || i < 7).map((e) => track(e.units, 'revenue', T0 + 1, 12));
    const report = analyzeExperiment({
      experiment: BUTTON,
      exposures,
      events,
      metrics: [{ key: 'revenue', kind: 'sum' }],
    });
    expect(report.metrics[0]?.variants[1]?.comparison).toMatchObject({
      status: 'not enough data',
      reason: expect.stringMatching(/^green: 3 of 50 units with a non-zero revenue/),
    });
  });
});

describe('a group whose values are all equal', () => {
  // 40 of 40 control units active on their first day against 36 of 40: as a conversion this is "not enough
  // data" (40 of 40 converted); as a 1-day activeDays metric Welch's test took control's zero variance as
  // exact and read p = 0.044, "significantly worse" (Fisher's exact test: p = 0.116).
  const exposures = [...Array(80).keys()].map((i) =>
    exposure({ deviceID: `d${i}` }, i < 40 ? 'control' : 'green', T0 + i * 1000),
  );
  const events = exposures.flatMap((e, i) => [
    ...(i < 76 ? [track(e.units, 'app_open', e.time + 5)] : []),
    track(e.units, 'visit', e.time + 3 * DAY),
    ...(i >= 40 && i % 3 === 0 ? [track(e.units, 'visit', e.time + 3 * DAY + 1)] : []),
  ]);
  const report = analyzeExperiment({
    experiment: BUTTON,
    exposures,
    events,
    metrics: [
      { key: 'active', kind: 'activeDays', event: 'app_open', window: DAY, role: 'primary' },
      { key: 'visit', kind: 'count', role: 'guardrail' },
    ],
  });

  it('reads "not enough data": it has no variance of its own, so its uncertainty cannot be estimated', () => {
    expect(report.metrics[0]?.variants[1]?.comparison).toEqual({
      status: 'not enough data',
      reason:
        'control: all 40 units have the same value (1), so the group has no variance to estimate its uncertainty from (counting only units whose days are complete)',
    });
    // Every control unit visited once; green varies.
    expect(report.metrics[1]?.variants[1]?.comparison).toMatchObject({
      status: 'not enough data',
      reason: expect.stringMatching(/^control: all 40 units have the same value \(1\)/),
    });
    expect(report.verdict.decision).toBe('inconclusive');
  });
});

describe('an activeDays group near its ceiling', () => {
  it('needs inactive days worth 5 full windows, as a conversion needs 5 units not converted', () => {
    // 1-day window: 38 of 40 control units active against 30 of 40, i.e. a conversion with 2 not converted.
    const exposures = [...Array(80).keys()].map((i) =>
      exposure({ deviceID: `d${i}` }, i < 40 ? 'control' : 'green', T0 + i * 1000),
    );
    const events = exposures.flatMap((e, i) =>
      (i < 40 ? i < 38 : i < 70) ? [track(e.units, 'app_open', e.time + 5)] : [],
    );
    const metrics: MetricDefinition[] = [
      { key: 'active', kind: 'activeDays', event: 'app_open', window: DAY },
      { key: 'opened', kind: 'conversion', event: 'app_open' },
    ];
    const report = analyzeExperiment({ experiment: BUTTON, exposures, events, metrics, to: T0 + 3 * DAY });
    expect(report.metrics[1]?.variants[1]?.comparison).toMatchObject({
      reason: expect.stringMatching(/^control: 38 of 40 units converted/),
    });
    expect(report.metrics[0]?.variants[1]?.comparison).toEqual({
      status: 'not enough data',
      reason:
        'control: its units were inactive on 2 windows’ worth of days (the method needs at least 5 per group, as a conversion needs 5 units not converted) (counting only units whose days are complete)',
    });
  });
});

describe('intervals and verdict from one inference', () => {
  it('every comparison of a report agrees with its own p-value: significant iff both intervals exclude 0', () => {
    const data = simulate(
      {
        control: { units: 3000, conversion: 0.1, latency: 100 },
        green: { units: 3000, conversion: 0.115, latency: 101 },
      },
      21,
    );
    const report = analyzeExperiment({
      experiment: BUTTON,
      ...data,
      metrics: [
        primary,
        { key: 'revenue', event: 'purchase', kind: 'sum' },
        { key: 'latency', kind: 'sum', role: 'guardrail', direction: 'decrease' },
      ],
      segments: ['country'],
    });
    const all = [...report.metrics, ...report.segments.flatMap((s) => s.values.flatMap((v) => v.metrics))];
    const comparisons = all.flatMap((m) =>
      m.variants.flatMap((v) => (v.comparison?.status === 'ok' ? [v.comparison] : [])),
    );
    expect(comparisons.length).toBe(9);
    const excludes = (ci: [number, number]) => ci[0] > 0 || ci[1] < 0;
    for (const c of comparisons) {
      expect(excludes(c.ci)).toBe(c.significant);
      expect(excludes(c.relativeCi)).toBe(c.significant);
      expect(c.relativeCi[0]).toBeGreaterThanOrEqual(-1);
    }
  });
});

describe('multiple comparisons', () => {
  const data = simulate(
    {
      control: { units: 2000, conversion: 0.1 },
      green: { units: 2000, conversion: 0.1 },
      blue: { units: 2000, conversion: 0.1 },
    },
    31,
  );
  const three = {
    ...BUTTON,
    control: 'control',
    variants: [
      { key: 'control', weight: 1 },
      { key: 'green', weight: 1 },
      { key: 'blue', weight: 1 },
    ],
  };
  const metrics: MetricDefinition[] = [
    primary,
    { key: 'revenue', event: 'purchase', kind: 'sum' },
    { key: 'purchases', event: 'purchase', kind: 'count' },
  ];

  it('adjusts primaries by Holm and secondaries and segments by Benjamini–Hochberg by default, keeping the raw p-value', () => {
    const report = analyzeExperiment({ experiment: three, ...data, metrics, segments: ['country'] });
    const primaryC = report.metrics[0]?.variants[1]?.comparison as ComparisonResult;
    expect(primaryC.correction).toEqual({ family: 'primary', method: 'holm', size: 2 });
    expect(primaryC.exploratory).toBe(false);
    const secondary = report.metrics[1]?.variants[1]?.comparison as ComparisonResult;
    expect(secondary).toMatchObject({
      exploratory: true,
      correction: { family: 'secondary', method: 'benjamini-hochberg', size: 4 },
    });
    const segment = report.segments[0]?.values[0]?.metrics[0]?.variants[1]?.comparison as ComparisonResult;
    expect(segment).toMatchObject({
      exploratory: true,
      correction: { family: 'segments:country', method: 'benjamini-hochberg', size: 12 },
    });
    for (const c of [primaryC, secondary, segment]) expect(c.adjustedPValue).toBeGreaterThanOrEqual(c.pValue);
    expect(report.notes.join(' ')).toContain('the 2 primary comparisons by Holm–Bonferroni');
  });

  it('labels by the adjusted p-value: a raw p of 0.02 among many reads "n.s. adj."', () => {
    const report = analyzeExperiment({
      experiment: three,
      ...data,
      metrics,
      segments: ['country'],
      corrections: { segments: 'none' },
    });
    const raw = report.segments[0]?.values.flatMap((v) =>
      v.metrics.flatMap((m) => m.variants.map((r) => r.comparison)),
    );
    const compared = (raw ?? []).filter((c) => c?.status === 'ok');
    // Some segment comparisons were made, so the equality below is checked on real rows.
    expect(compared.length).toBeGreaterThan(0);
    for (const c of compared) if (c?.status === 'ok') expect(c.adjustedPValue).toBe(c.pValue);
    const holm = analyzeExperiment({ experiment: three, ...data, metrics, corrections: { primary: 'none' } });
    expect((holm.metrics[0]?.variants[1]?.comparison as ComparisonResult).correction.method).toBe('none');
  });

  it('rejects an unknown correction with the path', () => {
    expect(() =>
      analyzeExperiment({ experiment: three, ...data, metrics, corrections: { segments: 'bonferroni' as never } }),
    ).toThrow(/corrections\.segments/);
  });
});

describe('guardrails', () => {
  const latency = (margin?: number): MetricDefinition => ({
    key: 'latency',
    kind: 'sum',
    role: 'guardrail',
    direction: 'decrease',
    ...(margin === undefined ? {} : { nonInferiorityMargin: margin }),
  });

  it('says what the data rule out, and a margin decides pass or fail', () => {
    // Latency 100 vs 100.5 (sd 20), 4,000 units each: the upper end of the lift interval is about +1.4%.
    const data = simulate(
      {
        control: { units: 4000, conversion: 0.1, latency: 100 },
        green: { units: 4000, conversion: 0.2, latency: 100.5 },
      },
      41,
    );
    const loose = analyzeExperiment({ experiment: BUTTON, ...data, metrics: [primary, latency(0.05)] });
    const c = loose.metrics[1]?.variants[1]?.comparison as ComparisonResult;
    expect(c.guardrail).toEqual({ harmBound: c.relativeCi[1], margin: 0.05, status: 'pass' });
    expect(c.guardrail?.harmBound).toBeLessThan(0.05);
    expect(loose.verdict.decision).toBe('ship');
    expect(renderTerminalReport(loose)).toMatch(
      /latency in green: PASS: no harm larger than \+\d\.\d% at 95% \(margin \+5\.0%\)/,
    );

    const strict = analyzeExperiment({ experiment: BUTTON, ...data, metrics: [primary, latency(0.001)] });
    expect((strict.metrics[1]?.variants[1]?.comparison as ComparisonResult).guardrail?.status).toBe('fail');
    expect(strict.verdict.decision).toBe('inconclusive');
    expect(strict.verdict.reasons[0]).toMatchObject({
      kind: 'guardrail margin not met',
      metric: 'latency',
      variant: 'green',
      margin: 0.001,
    });
    expect(reasonText(strict.verdict.reasons[0]!)).toMatch(
      /guardrail latency in green: harm up to \+\d\.\d% is not ruled out, which does not meet its margin of \+0\.1%/,
    );

    const none = analyzeExperiment({ experiment: BUTTON, ...data, metrics: [primary, latency()] });
    expect((none.metrics[1]?.variants[1]?.comparison as ComparisonResult).guardrail?.status).toBe(
      'no significant harm',
    );
    expect(renderHtmlReport(none)).toMatch(/no harm larger than \+\d\.\d% at 95% \(no margin set\)/);
  });

  it('passes only when the harm bound is strictly inside the margin, reading the end on the harmful side', () => {
    const metric = (direction: 'increase' | 'decrease') =>
      ({ key: 'g', kind: 'sum', role: 'guardrail', direction, nonInferiorityMargin: 0.05 }) as ResolvedMetric;
    const c = (relativeCi: [number, number], extra: Partial<ComparisonResult> = {}) =>
      ({ relativeCi, outcome: 'neutral', ...extra }) as ComparisonResult;
    // Lower is better: harm is an increase, so the upper end decides.
    expect(guardrailCheck(metric('decrease'), c([-0.2, 0.05]))).toMatchObject({ harmBound: 0.05, status: 'fail' });
    expect(guardrailCheck(metric('decrease'), c([-0.2, 0.0499]))).toMatchObject({ status: 'pass' });
    // Higher is better: harm is a decrease, so the lower end decides (as a positive share).
    expect(guardrailCheck(metric('increase'), c([-0.05, 0.2]))).toMatchObject({ harmBound: 0.05, status: 'fail' });
    expect(guardrailCheck(metric('increase'), c([-0.0499, 0.2]))).toMatchObject({ status: 'pass' });
    expect(guardrailCheck(metric('increase'), c([-0.0499, 0.3]))).toMatchObject({ status: 'pass' });
    expect(guardrailCheck(metric('increase'), c([-Infinity, 0.3]))).toMatchObject({
      harmBound: Infinity,
      status: 'fail',
    });
    // With sequential testing the always-valid interval decides; a significant harm is "hurt" whatever the margin.
    const sequential = { relativeCi: [-0.2, 0.06] } as ComparisonResult['sequential'];
    expect(guardrailCheck(metric('decrease'), c([-0.2, 0.04], { sequential }))).toMatchObject({ status: 'fail' });
    expect(guardrailCheck(metric('decrease'), c([0.01, 0.04], { outcome: 'worse' }))).toMatchObject({ status: 'hurt' });
  });

  it('only guardrails take a margin, and it must be positive', () => {
    const data = simulate({ control: { units: 10, conversion: 0.5 }, green: { units: 10, conversion: 0.5 } }, 1);
    expect(() =>
      analyzeExperiment({ experiment: BUTTON, ...data, metrics: [{ ...primary, nonInferiorityMargin: 0.1 }] }),
    ).toThrow(/metrics\[0\]\.nonInferiorityMargin/);
    expect(() => analyzeExperiment({ experiment: BUTTON, ...data, metrics: [latency(-1)] })).toThrow(
      /expected a positive number/,
    );
  });
});

describe('metric definitions in both reports', () => {
  it('states event, aggregation, window and the caps with their values, and the uncapped result', () => {
    const data = simulate(
      { control: { units: 1000, conversion: 0.3, revenue: 20 }, green: { units: 1000, conversion: 0.3, revenue: 20 } },
      51,
    );
    const whale = track(data.exposures[1]!.units, 'purchase', T0 + 3 * 86_400_000, 100_000);
    const report = analyzeExperiment({
      experiment: BUTTON,
      exposures: data.exposures,
      events: [...data.events, whale],
      metrics: [{ key: 'revenue', event: 'purchase', kind: 'sum', role: 'primary', winsorize: { upper: 0.99 } }],
      to: T0 + 30 * 86_400_000,
    });
    const m = report.metrics[0]!.measurement!;
    expect(m.events).toEqual(['purchase']);
    expect(m.window).toEqual({ to: T0 + 30 * 86_400_000 });
    expect(m.caps?.upper?.quantile).toBe(0.99);
    expect(m.caps?.upper?.units).toBe(20);
    expect(m.caps?.upper?.value).toBeGreaterThan(20);
    expect(m.caps?.uncapped[0]?.variant).toBe('green');
    const text = renderTerminalReport(report).replace(/\n\s+/g, ' ');
    expect(text).toMatch(/revenue \(sum, primary\): mean per unit of the sum of "purchase" values/);
    expect(text).toMatch(/capped at the 99\.0% quantile = [\d.]+ \(20 units\); without the caps: green/);
    expect(text).toContain('to 2024-05-31 00:00 UTC');
    const page = renderHtmlReport(report);
    expect(page).toMatch(/capped at the 99\.0% quantile = [\d.]+ \(20 units\)/);
    expect(page).toContain('mean per unit of the sum of &quot;purchase&quot; values');
  });
});

describe('Bayesian readout in the report', () => {
  it('reads "beats" in the desired direction and takes configurable priors', () => {
    const data = simulate(
      {
        control: { units: 3000, conversion: 0.1, latency: 100 },
        green: { units: 3000, conversion: 0.13, latency: 98 },
      },
      61,
    );
    const metrics: MetricDefinition[] = [
      primary,
      { key: 'latency', kind: 'sum', role: 'guardrail', direction: 'decrease' },
    ];
    const report = analyzeExperiment({ experiment: BUTTON, ...data, metrics });
    const conversion = report.metrics[0]?.variants[1]?.comparison as ComparisonResult;
    const latency = report.metrics[1]?.variants[1]?.comparison as ComparisonResult;
    expect(conversion.chanceToBeat).toBeGreaterThan(0.99);
    expect(conversion.credibleInterval[0]).toBeGreaterThan(0);
    // Latency went down, which is good for a decrease metric: a high chance to beat, a small loss.
    expect(latency.difference).toBeLessThan(0);
    expect(latency.chanceToBeat).toBeGreaterThan(0.99);
    expect(latency.expectedLoss).toBeLessThan(0.01);
    expect(renderTerminalReport(report)).toMatch(
      /converted in green: (\d+\.\d|>99\.9)% chance to beat control · expected loss/,
    );
    const skeptical = analyzeExperiment({
      experiment: BUTTON,
      ...data,
      metrics,
      priors: { conversion: { alpha: 1000, beta: 9000 }, difference: { mean: 0, sd: 0.1 } },
    });
    const shrunk = skeptical.metrics[1]?.variants[1]?.comparison as ComparisonResult;
    expect(Math.abs(shrunk.credibleInterval[0] + shrunk.credibleInterval[1])).toBeLessThan(
      Math.abs(latency.credibleInterval[0] + latency.credibleInterval[1]),
    );
    expect(() =>
      analyzeExperiment({ experiment: BUTTON, ...data, metrics, priors: { conversion: { alpha: -1, beta: 1 } } }),
    ).toThrow(/priors\.conversion/);
  });
});

describe('terminal width', () => {
  it('keeps a three-arm report with long names and many digits within 100 columns', () => {
    const data = simulate(
      {
        control: { units: 2000, conversion: 0.1, latency: 100 },
        green_variant_long: { units: 2000, conversion: 0.12, latency: 101 },
        blue: { units: 2000, conversion: 0.1, latency: 100 },
      },
      31,
    );
    const experiment = {
      ...BUTTON,
      control: 'control',
      variants: [
        { key: 'control', weight: 1 },
        { key: 'green_variant_long', weight: 1 },
        { key: 'blue', weight: 1 },
      ],
    };
    const report = analyzeExperiment({
      experiment,
      ...data,
      metrics: [
        primary,
        { key: 'revenue', event: 'purchase', kind: 'sum' },
        { key: 'purchases_per_unit_count', event: 'purchase', kind: 'count' },
      ],
      segments: ['country'],
    });
    const text = renderTerminalReport(report);
    for (const line of text.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(100);
    expect(text).toContain('difference column left out to fit the width');
  });
});
