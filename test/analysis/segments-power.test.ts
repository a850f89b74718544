import { describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../../src/analysis/index.js';
import type { MetricDefinition } from '../../src/analysis/index.js';
import { compareProportions, normalQuantile, requiredSampleSize, summarize } from '../../src/analysis/stats/index.js';
import { BUTTON, DAY, T0, exposure, seededRandom, track } from './fixtures.js';
import { renderTerminalReport } from '../../src/report/terminal.js';
import { powerSentence } from '../../src/report/format.js';
import type { PowerHint } from '../../src/analysis/types.js';

/** DE converts 10% -> 20% in green, US 10% -> 10%. Units enter evenly over 10 days. */
function countryData(perCell: number, seed: number) {
  const random = seededRandom(seed);
  const rates: Record<string, Record<string, number>> = {
    DE: { control: 0.1, green: 0.2 },
    US: { control: 0.1, green: 0.1 },
  };
  const exposures = [];
  const events = [];
  let n = 0;
  for (const country of ['DE', 'US']) {
    for (const variant of ['control', 'green']) {
      for (let i = 0; i < perCell; i++) {
        const deviceID = `d${n}`;
        const time = T0 + Math.floor((n++ / (4 * perCell)) * 10 * DAY);
        exposures.push(exposure({ deviceID }, variant, time, { attributes: { country } }));
        if (random() < (rates[country]?.[variant] ?? 0)) events.push(track({ deviceID }, 'purchase', time + 1));
      }
    }
  }
  return { exposures, events };
}

const converted: MetricDefinition = { key: 'converted', event: 'purchase', kind: 'conversion', role: 'primary' };

describe('segments', () => {
  const data = countryData(2000, 9);
  const report = analyzeExperiment({
    experiment: BUTTON,
    ...data,
    metrics: [converted],
    segments: [{ attribute: 'country' }],
  });
  const segment = (value: string) => report.segments[0]?.values.find((s) => s.value === value);

  it('compares variants within each segment value with its own interval', () => {
    expect(report.segments[0]?.attribute).toBe('country');
    expect(segment('DE')?.variants).toEqual([
      { key: 'control', units: 2000 },
      { key: 'green', units: 2000 },
    ]);
    const de = segment('DE')?.metrics[0]?.variants[1]?.comparison;
    const us = segment('US')?.metrics[0]?.variants[1]?.comparison;
    // DE: 10% -> 20% at 2,000 per arm, z ≈ 8.9. US: no effect.
    expect(de).toMatchObject({ status: 'ok', outcome: 'better' });
    expect(us?.status === 'ok' && Math.abs(us.relativeLift)).toBeLessThan(0.35);
    // The segment's numbers are the stats engine's on that segment's units.
    const summaries = segment('DE')?.metrics[0]?.variants.map((v) => v.summary) ?? [];
    const expected = compareProportions(
      { successes: summaries[0]?.total ?? 0, n: 2000 },
      { successes: summaries[1]?.total ?? 0, n: 2000 },
    );
    expect(de).toMatchObject({ difference: expected.difference, pValue: expected.pValue });
  });

  it('adds up to the overall numbers', () => {
    const total = (v: number) =>
      report.segments[0]?.values.reduce((a, s) => a + (s.metrics[0]?.variants[v]?.summary.total ?? 0), 0);
    expect(total(0)).toBe(report.metrics[0]?.variants[0]?.summary.total);
    expect(total(1)).toBe(report.metrics[0]?.variants[1]?.summary.total);
  });

  it('keeps the largest values and pools the rest as (other)', () => {
    const exposures = ['a', 'a', 'a', 'b', 'b', 'c', 'd'].map((country, i) =>
      exposure({ deviceID: `x${i}` }, i % 2 ? 'green' : 'control', T0, { attributes: { country } }),
    );
    const small = analyzeExperiment({
      experiment: BUTTON,
      exposures,
      events: [],
      metrics: [converted],
      segments: ['country'],
      maxSegmentValues: 3,
    });
    expect(small.segments[0]?.values.map((s) => [s.value, s.variants.reduce((a, v) => a + v.units, 0)])).toEqual([
      ['a', 3],
      ['b', 2],
      ['(other)', 2],
    ]);
  });
});

describe('power hint', () => {
  it('uses requiredSampleSize with the observed control rate for conversions, and the enrollment rate for days', () => {
    const data = countryData(500, 10);
    const report = analyzeExperiment({
      experiment: BUTTON,
      ...data,
      metrics: [{ ...converted, minDetectableEffect: 0.1 }],
    });
    const rate = report.metrics[0]?.variants[0]?.summary.value ?? 0;
    const required = requiredSampleSize({ baselineRate: rate, minDetectableEffect: 0.1, alpha: 0.05, power: 0.8 });
    const hint = report.power[0];
    expect(hint).toMatchObject({
      status: 'ok',
      metric: 'converted',
      requiredPerGroup: required,
      currentPerGroup: 1000,
    });
    if (hint?.status !== 'ok') throw new Error('no hint');
    expect(hint.additionalPerGroup).toBe(required - 1000);
    // 2,000 units entered evenly over (just under) 10 days: about 200 per day; equal weights need 2x per group.
    const span = (report.window?.to ?? 0) - (report.window?.from ?? 0);
    expect(hint.unitsPerDay).toBeCloseTo((2000 * DAY) / span, 9);
    expect(hint.additionalDays).toBeCloseTo((2 * (required - 1000)) / (hint.unitsPerDay ?? 1), 9);
  });

  it('uses the normal approximation with the observed variance for means', () => {
    const random = seededRandom(4);
    const exposures = [...Array(400).keys()].map((i) =>
      exposure({ deviceID: `d${i}` }, i % 2 ? 'green' : 'control', T0 + i * 1000),
    );
    const events = exposures.map((e) => track(e.units, 'revenue', e.time + 1, 50 + 10 * random()));
    const report = analyzeExperiment({
      experiment: BUTTON,
      exposures,
      events,
      metrics: [{ key: 'revenue', kind: 'sum', role: 'primary', minDetectableEffect: 0.01 }],
      power: 0.9,
      confidence: 0.99,
    });
    const control = events.filter((_, i) => i % 2 === 0).map((e) => e.value ?? 0);
    const { mean, variance } = summarize(control);
    const z = normalQuantile(1 - 0.01 / 2) + normalQuantile(0.9);
    const expected = Math.ceil((2 * z * z * variance) / (0.01 * mean) ** 2);
    expect(report.power[0]).toMatchObject({
      status: 'ok',
      requiredPerGroup: expected,
      power: 0.9,
      minDetectableEffect: 0.01,
    });
    // All units entered within 400 s, less than an hour: too short to claim a daily rate.
    expect(report.power[0]).not.toHaveProperty('additionalDays');
  });

  it('uses the delta-method variance of the control ratio for ratio metrics', () => {
    const random = seededRandom(5);
    const exposures = [...Array(400).keys()].map((i) =>
      exposure({ deviceID: `d${i}` }, i % 2 ? 'green' : 'control', T0 + i * 1000),
    );
    // Each unit: 1–3 sessions, each with revenue around 20.
    const events = exposures.flatMap((e) =>
      [...Array(1 + Math.floor(3 * random())).keys()].map((s) =>
        track(e.units, 'session', e.time + 1 + s, 15 + 10 * random()),
      ),
    );
    const report = analyzeExperiment({
      experiment: BUTTON,
      exposures,
      events,
      metrics: [
        {
          key: 'revenue_per_session',
          kind: 'ratio',
          numerator: 'session',
          denominator: { event: 'session', aggregate: 'count' },
          role: 'primary',
          minDetectableEffect: 0.02,
        },
      ],
    });
    // By hand, from the control units' sums and counts: R = x̄/ȳ, σ² = (s_x² − 2R·s_xy + R²·s_y²) / ȳ².
    const control = exposures
      .filter((_, i) => i % 2 === 0)
      .map((e) => events.filter((v) => v.units.deviceID === e.units.deviceID));
    const x = control.map((list) => list.reduce((sum, v) => sum + (v.value ?? 0), 0));
    const y = control.map((list) => list.length);
    const n = x.length;
    const mx = x.reduce((a, b) => a + b, 0) / n;
    const my = y.reduce((a, b) => a + b, 0) / n;
    const cov = (a: number[], ma: number, b: number[], mb: number) =>
      a.reduce((sum, v, i) => sum + (v - ma) * (b[i]! - mb), 0) / (n - 1);
    const ratio = mx / my;
    const variance =
      (cov(x, mx, x, mx) - 2 * ratio * cov(x, mx, y, my) + ratio * ratio * cov(y, my, y, my)) / (my * my);
    const z = normalQuantile(1 - 0.05 / 2) + normalQuantile(0.8);
    const expected = Math.ceil((2 * z * z * variance) / (0.02 * ratio) ** 2);
    expect(report.power[0]).toMatchObject({ status: 'ok', metric: 'revenue_per_session', requiredPerGroup: expected });
  });

  it('says why there is no estimate when the control never converts', () => {
    const exposures = [...Array(10).keys()].map((i) =>
      exposure({ deviceID: `d${i}` }, i % 2 ? 'green' : 'control', T0),
    );
    const report = analyzeExperiment({ experiment: BUTTON, exposures, events: [], metrics: [converted] });
    expect(report.power[0]).toMatchObject({
      status: 'not enough data',
      metric: 'converted',
      reason: "none of the control group's 5 units converted, so there is no baseline rate",
    });
  });

  it('says the control has no units instead of quoting the engine ("baselineRate … got NaN")', () => {
    const exposures = [...Array(10).keys()].map((i) => exposure({ deviceID: `d${i}` }, 'green', T0));
    const events = exposures.map((e) => track(e.units, 'purchase', T0 + 1));
    for (const metric of [converted, { ...converted, kind: 'count' as const }]) {
      const report = analyzeExperiment({ experiment: BUTTON, exposures, events, metrics: [metric] });
      const hint = report.power[0];
      expect(hint?.status === 'not enough data' && hint.reason).toMatch(/^the control group (has no units|needs)/);
      expect(renderTerminalReport(report)).not.toContain('NaN');
    }
  });

  it('plans for the corrected level when several primary comparisons are corrected together', () => {
    // Two primary metrics × two treatments under Holm: a ship needs one of the 4 p-values below 0.05/4 (Holm's
    // first step). The hint used to plan for 0.05 and promised 80% power with a quarter of the units needed.
    const data = countryData(500, 10);
    const experiment = { ...BUTTON, variants: [...BUTTON.variants, { key: 'blue', weight: 15 }] };
    const blue = data.exposures.slice(0, 300).map((e, i) => exposure({ deviceID: `b${i}` }, 'blue', e.time));
    const metrics = [
      { ...converted, minDetectableEffect: 0.1 },
      { ...converted, key: 'converted2', minDetectableEffect: 0.1 },
    ];
    const report = analyzeExperiment({ experiment, ...data, exposures: [...data.exposures, ...blue], metrics });
    const rate = report.metrics[0]?.variants[0]?.summary.value ?? 0;
    const plan = (alpha: number) =>
      requiredSampleSize({ baselineRate: rate, minDetectableEffect: 0.1, alpha, power: 0.8 });
    expect(report.power[0]).toMatchObject({
      status: 'ok',
      requiredPerGroup: plan(0.05 / 4),
      adjustedFor: { comparisons: 4, alpha: (1 - 0.95) / 4 },
    });
    expect(plan(0.05 / 4)).toBeGreaterThan(1.4 * plan(0.05));
    expect(report.srm.mismatch).toBe(false);
    expect(powerSentence(report.power[0] as PowerHint)).toContain(
      'with 80% power at a 1.3% level (5% over 4 corrected primary comparisons);',
    );
    // Uncorrected primaries are planned at the report's level, and the hint says nothing more.
    const none = analyzeExperiment({ experiment, ...data, metrics, corrections: { primary: 'none' } });
    expect(none.power[0]).toMatchObject({ status: 'ok', requiredPerGroup: plan(0.05) });
    expect(none.power[0]).not.toHaveProperty('adjustedFor');
  });

  it('is given for primary metrics only', () => {
    const data = countryData(50, 1);
    const report = analyzeExperiment({ experiment: BUTTON, ...data, metrics: [{ ...converted, role: 'secondary' }] });
    expect(report.power).toEqual([]);
  });
});
