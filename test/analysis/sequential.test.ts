import { describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../../src/analysis/index.js';
import type { ComparisonResult, ExperimentReport, MetricDefinition } from '../../src/analysis/index.js';
import type { CustomEvent, ExposureEvent } from '../../src/events/types.js';
import { summarize } from '../../src/analysis/stats/index.js';
import { sequentialComparison } from '../../src/analysis/stats/sequential.js';
import { BUTTON, T0, exposure, simulate, track } from './fixtures.js';

const NOW = Date.UTC(2030, 0, 1);
// Seed 6: a 10% → 12.5% conversion lift that the fixed-horizon test calls (p ≈ 0.006) and the sequence does not (p ≈ 0.11).
const data = simulate(
  { control: { units: 2000, conversion: 0.1, latency: 100 }, green: { units: 2000, conversion: 0.125, latency: 100 } },
  6,
);
const metrics: MetricDefinition[] = [
  { key: 'purchase', kind: 'conversion', role: 'primary' },
  { key: 'latency', kind: 'sum', role: 'guardrail', direction: 'decrease', nonInferiorityMargin: 0.01 },
];

function comparison(report: ExperimentReport, metric: number): ComparisonResult {
  const c = report.metrics[metric]?.variants[1]?.comparison;
  if (c?.status !== 'ok') throw new Error(`comparison not ok: ${JSON.stringify(c)}`);
  return c;
}

describe('the sequential option in the analysis', () => {
  const fixed = analyzeExperiment({ experiment: BUTTON, ...data, metrics, now: NOW });
  const sequential = analyzeExperiment({ experiment: BUTTON, ...data, metrics, now: NOW, sequential: true });

  it('keeps pValue and ci fixed-horizon and adds the always-valid ones', () => {
    const f = comparison(fixed, 0);
    const s = comparison(sequential, 0);
    expect(f.sequential).toBeUndefined();
    expect(s.pValue).toBe(f.pValue);
    expect(s.ci).toEqual(f.ci);
    expect(s.sequential?.method).toMatch(/asymptotic confidence sequence \(Waudby-Smith et al\., arXiv:2103\.06476\)/);
    expect(s.sequential?.tuning).toBe(5000);
    expect(s.sequential?.pValue).toBeGreaterThan(f.pValue);
    const [low = 0, high = 0] = s.sequential?.ci ?? [];
    expect(low).toBeLessThan(f.ci[0]);
    expect(high).toBeGreaterThan(f.ci[1]);
  });

  it('decides on the always-valid interval: no ship where only the fixed-horizon test is significant', () => {
    const f = comparison(fixed, 0);
    const s = comparison(sequential, 0);
    expect(f.pValue).toBeLessThan(0.05);
    expect(f.outcome).toBe('better');
    expect(fixed.verdict.decision).toBe('ship');
    expect(s.sequential?.pValue).toBeGreaterThan(0.05);
    expect(s.sequential?.ci[0]).toBeLessThan(0);
    expect(s.significant).toBe(false);
    expect(s.outcome).toBe('neutral');
    expect(s.adjustedPValue).toBe(s.sequential?.pValue);
    expect(sequential.verdict.decision).toBe('inconclusive');
  });

  it('quotes the always-valid p-value in the verdict when it ships', () => {
    const strong = simulate(
      {
        control: { units: 2000, conversion: 0.1, latency: 100 },
        green: { units: 2000, conversion: 0.125, latency: 100 },
      },
      1,
    );
    const primary = metrics.slice(0, 1);
    const report = analyzeExperiment({ experiment: BUTTON, ...strong, metrics: primary, now: NOW, sequential: true });
    const c = comparison(report, 0);
    expect(report.verdict.decision).toBe('ship');
    const reason = report.verdict.reasons[0];
    expect(reason?.kind === 'significantly better' && reason.pValue).toBe(c.sequential?.pValue);
    expect(c.sequential?.pValue).not.toBe(c.pValue);
  });

  it('checks guardrail margins against the sequence’s relative interval', () => {
    const g = comparison(sequential, 1);
    expect(g.guardrail?.harmBound).toBe(g.sequential?.relativeCi[1]);
    expect(g.guardrail?.harmBound).toBeGreaterThan(comparison(fixed, 1).guardrail?.harmBound ?? Infinity);
  });

  it('computes a mean metric’s sequence from the groups’ sufficient statistics', () => {
    const latency = (variant: string) =>
      data.exposures.flatMap((e) =>
        e.variant === variant
          ? data.events
              .filter((x) => x.name === 'latency' && x.units.deviceID === e.units.deviceID)
              .map((x) => x.value ?? 0)
          : [],
      );
    const expected = sequentialComparison(summarize(latency('control')), summarize(latency('green')), {
      nonNegative: false,
    });
    const s = comparison(sequential, 1).sequential;
    expect(s?.pValue).toBeCloseTo(expected.pValue, 10);
    expect(s?.ci[0]).toBeCloseTo(expected.ci[0], 8);
  });

  it('uses the CUPED-adjusted values when both options are on', () => {
    const both = analyzeExperiment({ experiment: BUTTON, ...data, metrics, now: NOW, sequential: true, cuped: true });
    // No pre-exposure events here, so CUPED says so and the sequence is the unadjusted one.
    expect(both.metrics[0]?.cuped?.status).toBe('not adjusted');
    expect(comparison(both, 0).sequential).toEqual(comparison(sequential, 0).sequential);
  });

  it('applies to segment comparisons too', () => {
    const report = analyzeExperiment({
      experiment: BUTTON,
      ...data,
      metrics,
      now: NOW,
      sequential: { tuning: 1000 },
      segments: ['country'],
    });
    const segment = report.segments[0]?.values[0]?.metrics[0]?.variants[1]?.comparison;
    expect(segment?.status === 'ok' && segment.sequential?.tuning).toBe(1000);
  });

  it('gives the uncapped comparison of a winsorized metric the always-valid p-value too', () => {
    const capped: MetricDefinition[] = [{ key: 'latency', kind: 'sum', winsorize: { upper: 0.95 } }];
    const report = analyzeExperiment({ experiment: BUTTON, ...data, metrics: capped, now: NOW, sequential: true });
    const plain = analyzeExperiment({ experiment: BUTTON, ...data, metrics: capped, now: NOW });
    const uncapped = report.metrics[0]?.measurement?.caps?.uncapped[0];
    expect(uncapped?.pValue).toBeGreaterThan(plain.metrics[0]?.measurement?.caps?.uncapped[0]?.pValue ?? 1);
  });

  it('rejects a bad tuning naming the option', () => {
    expect(() => analyzeExperiment({ experiment: BUTTON, ...data, metrics, sequential: { tuning: 1 } })).toThrow(
      /sequential\.tuning: expected a number of units, at least 2/,
    );
  });
});

describe('the always-valid interval is never narrower than the fixed-horizon one', () => {
  // Six control units carry all the variance, so Welch's test has about 5 degrees of freedom: at 99% its
  // t quantile (4.03) exceeds the sequence's normal-based multiplier at N = 10,006 (about 3.6).
  const exposures: ExposureEvent[] = [];
  const events: CustomEvent[] = [];
  const add = (variant: string, i: number, value: number) => {
    const deviceID = `${variant}-${i}`;
    exposures.push(exposure({ deviceID }, variant, T0 + i));
    events.push(track({ deviceID }, 'revenue', T0 + i + 1, value));
  };
  [10, 200, 30, 400, 5, 90].forEach((value, i) => add('control', i, value));
  for (let i = 0; i < 10_000; i++) add('green', i, 100 + (i % 7));
  const report = analyzeExperiment({
    experiment: BUTTON,
    exposures,
    events,
    metrics: [{ key: 'revenue', kind: 'sum', role: 'primary' }],
    now: NOW,
    confidence: 0.99,
    sequential: true,
  });

  it('widens the sequence to the fixed-horizon interval where Welch’s small-sample t is wider', () => {
    const c = comparison(report, 0);
    const s = c.sequential;
    expect(s?.ci[0]).toBeLessThanOrEqual(c.ci[0]);
    expect(s?.ci[1]).toBeGreaterThanOrEqual(c.ci[1]);
    expect(s?.relativeCi[0]).toBeLessThanOrEqual(c.relativeCi[0]);
    expect(s?.relativeCi[1]).toBeGreaterThanOrEqual(c.relativeCi[1]);
    expect(s?.pValue).toBeGreaterThanOrEqual(c.pValue);
    // Taken from the fixed-horizon comparison, not merely as wide by chance.
    expect(s?.ci).toEqual(c.ci);
    expect(s?.relativeCi).toEqual(c.relativeCi);
  });
});
