import { describe, expect, it } from 'vitest';
import { SRM_THRESHOLD, analyzeExperiment, renderHtmlReport, renderTerminalReport } from '../../src/analysis/index.js';
import type { ExperimentDesign, MetricDefinition } from '../../src/analysis/index.js';
import { sampleRatioMismatch } from '../../src/analysis/stats/index.js';
import { BUTTON, T0, exposure, seededRandom, simulate, track } from './fixtures.js';
import { reasonText } from '../../src/report/format.js';

function split(control: number, green: number) {
  return [
    ...[...Array(control).keys()].map((i) => exposure({ deviceID: `c${i}` }, 'control', T0)),
    ...[...Array(green).keys()].map((i) => exposure({ deviceID: `g${i}` }, 'green', T0)),
  ];
}

describe('sample ratio mismatch', () => {
  it('fires on a 50/50 experiment observed 52/48 at 20,000 units and makes the verdict invalid', () => {
    // χ² = 2 · 400² / 10,000 = 32 with 1 df: p ≈ 1.5e-8, far below 0.001.
    const report = analyzeExperiment({ experiment: BUTTON, exposures: split(10_400, 9_600), events: [], metrics: [] });
    expect(report.srm).toMatchObject({ status: 'ok', mismatch: true, threshold: SRM_THRESHOLD });
    expect(report.srm.status === 'ok' && report.srm.chiSquare).toBeCloseTo(32, 9);
    expect(report.srm.status === 'ok' && report.srm.pValue).toBe(sampleRatioMismatch([10_400, 9_600], [50, 50]).pValue);
    expect(report.verdict.decision).toBe('invalid');
    expect(report.variantVerdicts[0]?.decision).toBe('invalid');
    expect(report.variants[0]).toMatchObject({ units: 10_400, expectedShare: 0.5, observedShare: 0.52 });
  });

  it('does not fire on a fair 50/50 split drawn at random', () => {
    // A fair split gives p uniform on [0, 1]: P(false alarm) = 0.001 for any seed; this seed is fixed.
    const random = seededRandom(11);
    const exposures = [...Array(20_000).keys()].map((i) =>
      exposure({ deviceID: `d${i}` }, random() < 0.5 ? 'control' : 'green', T0),
    );
    const report = analyzeExperiment({ experiment: BUTTON, exposures, events: [], metrics: [] });
    expect(report.srm).toMatchObject({ status: 'ok', mismatch: false });
  });

  it('checks against the configured weights, not equal shares', () => {
    const weighted: ExperimentDesign = {
      ...BUTTON,
      variants: [
        { key: 'control', weight: 80 },
        { key: 'green', weight: 20 },
      ],
    };
    const report = analyzeExperiment({ experiment: weighted, exposures: split(8_000, 2_000), events: [], metrics: [] });
    expect(report.srm).toMatchObject({ status: 'ok', mismatch: false, chiSquare: 0 });
  });

  it('is not checked against weights that were only assumed (an inferred design), and does not decide the verdict', () => {
    // The demo's 80/20 experiment read without its ruleset: against guessed equal weights it "mismatched" at
    // p = 1e-80 and the report read INVALID.
    const guessed: ExperimentDesign = { ...BUTTON, weightsAssumed: true };
    const report = analyzeExperiment({ experiment: guessed, exposures: split(8_000, 2_000), events: [], metrics: [] });
    expect(report.srm).toMatchObject({ status: 'not checked', mismatch: false });
    expect(report.srm.status !== 'ok' && report.srm.reason).toMatch(/weights assumed, not planned/);
    expect(report.verdict.decision).toBe('inconclusive');
    // The test against the assumed weights is still shown, for a reader who knows the split was equal.
    expect(report.srm.status === 'not checked' && report.srm.assumed?.chiSquare).toBeCloseTo(3600, 9);
    expect(renderTerminalReport(report)).toContain('  against the assumed weights: χ² = 3,600, p < 0.0001');
    expect(renderHtmlReport(report)).toContain('; against the assumed weights χ² = 3,600, p &lt; 0.0001');
    const planned = analyzeExperiment({ experiment: BUTTON, exposures: split(8_000, 2_000), events: [], metrics: [] });
    expect(planned.verdict.decision).toBe('invalid');
  });

  it('is not checked without units', () => {
    const report = analyzeExperiment({ experiment: BUTTON, exposures: [], events: [], metrics: [] });
    expect(report.srm).toMatchObject({ status: 'not enough data', mismatch: false });
    expect(report.verdict.decision).toBe('inconclusive');
  });
});

const primary: MetricDefinition = { key: 'converted', event: 'purchase', kind: 'conversion', role: 'primary' };
const latency: MetricDefinition = { key: 'latency', kind: 'sum', role: 'guardrail', direction: 'decrease' };

describe('verdict', () => {
  // Effects are large against their noise (z > 8 for every "real" difference), so the seeds are far from the line.
  it('ships when the primary is significantly better and no guardrail is hurt', () => {
    const data = simulate(
      {
        control: { units: 4000, conversion: 0.1, latency: 100 },
        green: { units: 4000, conversion: 0.2, latency: 100 },
      },
      1,
    );
    const report = analyzeExperiment({ experiment: BUTTON, ...data, metrics: [primary, latency] });
    expect(report.verdict).toMatchObject({ decision: 'ship', variants: ['green'] });
    expect(report.verdict.reasons[0]).toMatchObject({
      kind: 'significantly better',
      metric: 'converted',
      role: 'primary',
      variant: 'green',
    });
    expect(reasonText(report.verdict.reasons[0]!)).toMatch(/converted is significantly better in green \(\+\d/);
  });

  it('says do not ship when a guardrail moves significantly the wrong way, even with a winning primary', () => {
    const data = simulate(
      {
        control: { units: 4000, conversion: 0.1, latency: 100 },
        green: { units: 4000, conversion: 0.2, latency: 110 },
      },
      2,
    );
    const report = analyzeExperiment({ experiment: BUTTON, ...data, metrics: [primary, latency] });
    expect(report.verdict.decision).toBe('do not ship');
    expect(report.verdict.reasons.map(reasonText).join('\n')).toMatch(
      /guardrail metric latency is significantly worse in green/,
    );
    const c = report.metrics[1]?.variants[1]?.comparison;
    expect(c).toMatchObject({ status: 'ok', significant: true, outcome: 'worse' });
  });

  it('says do not ship when the primary is significantly worse', () => {
    const data = simulate({ control: { units: 4000, conversion: 0.2 }, green: { units: 4000, conversion: 0.1 } }, 3);
    const report = analyzeExperiment({ experiment: BUTTON, ...data, metrics: [primary] });
    expect(report.verdict.decision).toBe('do not ship');
  });

  it('is inconclusive when nothing moved, or without a primary metric', () => {
    const data = simulate({ control: { units: 3000, conversion: 0.1 }, green: { units: 3000, conversion: 0.1 } }, 5);
    const same = analyzeExperiment({ experiment: BUTTON, ...data, metrics: [primary] });
    // Seed 5 happens to give |z| < 1.96 (checked in the assertion on significant below).
    expect(same.metrics[0]?.variants[1]?.comparison).toMatchObject({
      status: 'ok',
      significant: false,
      outcome: 'neutral',
    });
    expect(same.verdict.decision).toBe('inconclusive');
    const none = analyzeExperiment({ experiment: BUTTON, ...data, metrics: [{ ...primary, role: 'secondary' }] });
    expect(none.verdict).toMatchObject({ decision: 'inconclusive', reasons: [{ kind: 'no primary metric' }] });
    expect(reasonText({ kind: 'no primary metric' })).toBe('no primary metric was defined');
  });

  it('decides per variant and ships the winners of a multi-arm test', () => {
    const three: ExperimentDesign = {
      key: 'button_color',
      unit: 'deviceID',
      control: 'control',
      variants: [
        { key: 'blue', weight: 1 },
        { key: 'control', weight: 1 },
        { key: 'green', weight: 1 },
      ],
    };
    const data = simulate(
      {
        blue: { units: 4000, conversion: 0.05 },
        control: { units: 4000, conversion: 0.1 },
        green: { units: 4000, conversion: 0.2 },
      },
      4,
    );
    const report = analyzeExperiment({ experiment: three, ...data, metrics: [primary] });
    expect(report.experiment.control).toBe('control');
    expect(report.variantVerdicts.map((v) => [v.variant, v.decision])).toEqual([
      ['blue', 'do not ship'],
      ['green', 'ship'],
    ]);
    expect(report.verdict).toMatchObject({ decision: 'ship', variants: ['green'] });
    expect(report.metrics[0]?.variants.map((v) => v.comparison === undefined)).toEqual([false, true, false]);
  });
});

describe('a guardrail with not enough data', () => {
  // Green converts twice as often (z > 8), and crashes in 40 units where control crashes in 3: too few
  // control crashes for the method, so the guardrail has no comparison at all.
  const data = simulate({ control: { units: 4000, conversion: 0.1 }, green: { units: 4000, conversion: 0.2 } }, 1);
  const crashes = (variant: string, count: number) =>
    data.exposures
      .filter((e) => e.variant === variant)
      .slice(0, count)
      .map((e) => track(e.units, 'crash', e.time + 5));
  const events = [...data.events, ...crashes('control', 3), ...crashes('green', 40)];
  const crash: MetricDefinition = { key: 'crash', kind: 'count', role: 'guardrail', direction: 'decrease' };
  const run = (guardrail: MetricDefinition) =>
    analyzeExperiment({ experiment: BUTTON, exposures: data.exposures, events, metrics: [primary, guardrail] });

  it('blocks shipping when it has a non-inferiority margin: harm beyond the margin is not ruled out', () => {
    const report = run({ ...crash, nonInferiorityMargin: 0.05 });
    expect(report.metrics[1]?.variants[1]?.comparison).toMatchObject({ status: 'not enough data' });
    expect(report.metrics[0]?.variants[1]?.comparison).toMatchObject({ status: 'ok', outcome: 'better' });
    expect(report.verdict.decision).toBe('inconclusive');
    expect(report.verdict.reasons[0]).toMatchObject({ kind: 'not enough data', metric: 'crash', role: 'guardrail' });
    expect(reasonText(report.verdict.reasons[0]!)).toMatch(
      /^guardrail metric crash has not enough data in green: control: 3 of 4/,
    );
  });

  it('without a margin lets a better primary ship, and the verdict says the guardrail could not be checked', () => {
    const report = run(crash);
    expect(report.verdict).toMatchObject({ decision: 'ship', variants: ['green'] });
    expect(report.verdict.reasons.map((r) => r.kind)).toEqual(['significantly better', 'not enough data']);
    expect(renderTerminalReport(report, { color: false })).toMatch(
      /guardrail metric crash has not enough data in green/,
    );
  });
});
