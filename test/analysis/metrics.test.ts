import { describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../../src/analysis/index.js';
import type { ComparisonResult, ExperimentReport, MetricDefinition } from '../../src/analysis/index.js';
import {
  compareMeans,
  compareProportions,
  compareRatios,
  summarize,
  summarizeRatio,
  winsorize,
} from '../../src/analysis/stats/index.js';
import { BUTTON, T0, exposure, seededRandom, simulate, track } from './fixtures.js';

function metric(report: ExperimentReport, key: string) {
  const result = report.metrics.find((m) => m.metric.key === key);
  if (!result) throw new Error(`no metric ${key}`);
  return result;
}

function comparison(report: ExperimentReport, key: string, variant = 'green'): ComparisonResult {
  const c = metric(report, key).variants.find((v) => v.variant === variant)?.comparison;
  if (c?.status !== 'ok') throw new Error(`no comparison for ${key}: ${JSON.stringify(c)}`);
  return c;
}

/** Per-unit values computed independently of the analysis, straight from the simulated truth. */
function perUnit(
  events: { name: string; units: { deviceID?: string }; value?: number }[],
  ids: string[],
  name: string,
  how: 'count' | 'sum',
) {
  const byUnit = new Map(ids.map((id) => [id, 0]));
  for (const e of events) {
    if (e.name !== name || !byUnit.has(e.units.deviceID ?? '')) continue;
    const id = e.units.deviceID ?? '';
    byUnit.set(id, (byUnit.get(id) ?? 0) + (how === 'count' ? 1 : (e.value ?? 1)));
  }
  return ids.map((id) => byUnit.get(id) ?? 0);
}

describe('metric kinds', () => {
  const { exposures, events } = simulate(
    { control: { units: 1500, conversion: 0.1, revenue: 20 }, green: { units: 1500, conversion: 0.15, revenue: 22 } },
    7,
  );
  const idsOf = (variant: string) => exposures.filter((e) => e.variant === variant).map((e) => e.units.deviceID ?? '');
  const control = idsOf('control');
  const green = idsOf('green');
  const metrics: MetricDefinition[] = [
    { key: 'converted', event: 'purchase', kind: 'conversion', role: 'primary' },
    { key: 'purchases', event: 'purchase', kind: 'count' },
    { key: 'revenue', event: 'purchase', kind: 'sum' },
    {
      key: 'revenue_per_purchase',
      kind: 'ratio',
      numerator: 'purchase',
      denominator: { event: 'purchase', aggregate: 'count' },
    },
  ];
  const report = analyzeExperiment({ experiment: BUTTON, exposures, events, metrics, confidence: 0.9 });

  it('reports conversions exactly as compareProportions on the same units', () => {
    const c = perUnit(events, control, 'purchase', 'count').filter((v) => v > 0).length;
    const t = perUnit(events, green, 'purchase', 'count').filter((v) => v > 0).length;
    const expected = compareProportions(
      { successes: c, n: control.length },
      { successes: t, n: green.length },
      { confidence: 0.9 },
    );
    expect(comparison(report, 'converted')).toMatchObject({
      ...expected,
      ci: [...expected.ci],
      relativeCi: [...expected.relativeCi],
    });
    expect(metric(report, 'converted').variants[0]?.summary).toMatchObject({ units: 1500, total: c, value: c / 1500 });
  });

  it('reports counts and sums exactly as compareMeans on per-unit values (0 for units without events)', () => {
    for (const [key, how] of [
      ['purchases', 'count'],
      ['revenue', 'sum'],
    ] as const) {
      const cv = perUnit(events, control, 'purchase', how);
      const tv = perUnit(events, green, 'purchase', how);
      const expected = compareMeans(cv, tv, { confidence: 0.9 });
      expect(comparison(report, key)).toMatchObject({
        ...expected,
        ci: [...expected.ci],
        relativeCi: [...expected.relativeCi],
      });
      const s = summarize(tv);
      expect(metric(report, key).variants[1]?.summary).toMatchObject({
        units: 1500,
        value: s.mean,
        variance: s.variance,
      });
    }
  });

  it('reports ratios exactly as compareRatios on per-unit numerators and denominators', () => {
    const expected = compareRatios(
      summarizeRatio(perUnit(events, control, 'purchase', 'sum'), perUnit(events, control, 'purchase', 'count')),
      summarizeRatio(perUnit(events, green, 'purchase', 'sum'), perUnit(events, green, 'purchase', 'count')),
      { confidence: 0.9 },
    );
    expect(comparison(report, 'revenue_per_purchase')).toMatchObject({
      ...expected,
      ci: [...expected.ci],
      relativeCi: [...expected.relativeCi],
    });
    const summary = metric(report, 'revenue_per_purchase').variants[1]?.summary;
    expect(summary?.value).toBeCloseTo((summary?.total ?? 0) / (summary?.denominatorTotal ?? 1), 12);
  });

  it('marks significance at 1 - confidence and reads outcomes through the desired direction', () => {
    for (const m of report.metrics) {
      const c = m.variants[1]?.comparison;
      if (c?.status !== 'ok') continue;
      expect(c.significant).toBe(c.pValue < 0.1);
    }
    // Truth: 10% -> 15% at 1,500 units per arm: expected z = 0.05 / sqrt(.1·.9/1500 + .15·.85/1500) ≈ 4.15, so a
    // seed missing the 90% threshold (z < 1.645) would be 2.5 sd out (P ≈ 0.6%); the seed is fixed anyway.
    expect(comparison(report, 'converted').outcome).toBe('better');
    const flipped = analyzeExperiment({
      experiment: BUTTON,
      exposures,
      events,
      metrics: [{ key: 'converted', event: 'purchase', kind: 'conversion', direction: 'decrease' }],
      confidence: 0.9,
    });
    expect(comparison(flipped, 'converted').outcome).toBe('worse');
  });
});

describe('winsorization', () => {
  // 100 units per arm spending 10; one control unit spends 100,000 and two green units 9 (so green has a
  // variance of its own: a group whose units all spend the same reads "not enough data").
  const spend = (i: number) => (i === 0 ? 100_000 : i >= 198 ? 9 : 10);
  const exposures = [...Array(200).keys()].map((i) =>
    exposure({ deviceID: `d${i}` }, i < 100 ? 'control' : 'green', T0),
  );
  const events = exposures.map((e, i) => track(e.units, 'revenue', T0 + 1, spend(i)));
  const run = (winsorize?: { lower?: number; upper?: number }) =>
    analyzeExperiment({
      experiment: BUTTON,
      exposures,
      events,
      metrics: [{ key: 'revenue', kind: 'sum', ...(winsorize ? { winsorize } : {}) }],
    });

  it('clips the outlier at the quantile computed over all units of the experiment', () => {
    const raw = run().metrics[0]?.variants[0]?.summary;
    expect(raw?.value).toBeCloseTo((100_000 + 99 * 10) / 100, 9);
    const clipped = run({ upper: 0.99 }).metrics[0]?.variants[0]?.summary;
    // Over all 200 values the 0.99 quantile (type 7) is 10, so the outlier becomes 10.
    const all = exposures.map((_, i) => spend(i));
    const threshold = Math.max(...winsorize(all, { upper: 0.99 }));
    expect(threshold).toBe(10);
    expect(clipped?.value).toBe(10);
    expect(clipped?.total).toBe(1000);
  });

  it('changes the comparison accordingly', () => {
    const raw = run().metrics[0]?.variants[1]?.comparison;
    const clipped = run({ upper: 0.99 }).metrics[0]?.variants[1]?.comparison;
    expect(raw?.status).toBe('ok');
    // After clipping every control unit spends 10: a group without variance has no answer.
    expect(clipped).toMatchObject({
      status: 'not enough data',
      reason: expect.stringMatching(/^control: all 100 units have the same value \(10\)/),
    });
  });
});

describe('thin data', () => {
  it('reports "not enough data" per comparison instead of failing the report', () => {
    const random = seededRandom(3);
    const exposures = [
      exposure({ deviceID: 'c1' }, 'control', T0),
      ...[...Array(30).keys()].map((i) => exposure({ deviceID: `g${i}` }, 'green', T0)),
    ];
    const events = exposures.slice(1).map((e) => track(e.units, 'revenue', T0 + 1, 10 + random()));
    // Weights match the 1:30 split so the sample ratio check passes and only the data is thin.
    const experiment = {
      ...BUTTON,
      variants: [
        { key: 'control', weight: 1 },
        { key: 'green', weight: 30 },
      ],
    };
    const report = analyzeExperiment({
      experiment,
      exposures,
      events,
      metrics: [
        { key: 'revenue', kind: 'sum', role: 'primary' },
        { key: 'revenue_conv', event: 'revenue', kind: 'conversion' },
      ],
    });
    expect(report.metrics[0]?.variants[1]?.comparison).toMatchObject({ status: 'not enough data' });
    const reason = (report.metrics[0]?.variants[1]?.comparison as { reason: string }).reason;
    expect(reason.length).toBeGreaterThan(0);
    expect(report.metrics[0]?.variants[0]?.summary).toMatchObject({ units: 1, value: 0 });
    expect(report.verdict.decision).toBe('inconclusive');
    expect(report.verdict.reasons[0]).toMatchObject({
      kind: 'not enough data',
      metric: 'revenue',
      role: 'primary',
      variant: 'green',
    });
  });
});
