/**
 * The quantile, funnel, activeDays and retention kinds against
 * scripts/kinds-reference.py (NumPy type-1 quantiles and a direct NumPy
 * Deng–Knoblich–Yu variance; the kinds' definitions recomputed in Python from
 * raw events, then statsmodels proportions, SciPy Welch and the delta method).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeExperiment, parseMetricSpec } from '../../src/analysis/index.js';
import type { ComparisonResult, MetricResult } from '../../src/analysis/index.js';
import { compareQuantileEstimates, quantileEstimate } from '../../src/analysis/stats/quantile.js';
import type { QuantileEstimate } from '../../src/analysis/stats/quantile.js';
import type { CustomEvent, ExposureEvent } from '../../src/events/types.js';
import { BUTTON } from './fixtures.js';
import type { ComparisonExpectation } from './stats/reference.js';
import { expectClose, expectComparison } from './stats/reference.js';

type Expected = Omit<ComparisonExpectation, 'name' | 'confidence'>;
interface Side {
  values: number[];
  unit: number[];
  units: number;
}
// The reference file holds each group's estimate in the engine's own shape.
type EstimateExpectation = QuantileEstimate;
interface KindsReference {
  quantiles: {
    name: string;
    q: number;
    confidence: number;
    control: Side;
    treatment: Side;
    controlEstimate: EstimateExpectation;
    treatmentEstimate: EstimateExpectation;
    comparison: Expected;
  }[];
  kinds: {
    confidence: number;
    data: {
      to: number;
      now: number;
      names: string[];
      exposures: [number, number, number][];
      events: [number, number, number, number | null][];
    };
    metrics: {
      latency: { spec: string; estimates: EstimateExpectation[]; comparison: Expected };
      checkout: {
        spec: string;
        units: number[];
        steps: { reached: number[]; share: Expected; stepConversion?: Expected & { value: number[] } }[];
        comparison: Expected;
      };
      engaged: {
        spec: string;
        eligible: number[];
        enrolled: number[];
        value: number[];
        eventsPerUnitDay: number[];
        comparison: Expected;
      };
      d5: { spec: string; eligible: number[]; retained: number[]; comparison: Expected };
    };
  };
}

const path = fileURLToPath(new URL('../vectors/stats/kinds-reference.json', import.meta.url));
const reference = JSON.parse(readFileSync(path, 'utf8')) as KindsReference;
const TOLERANCE = 1e-9;

function expectEstimate(actual: ReturnType<typeof quantileEstimate>, expected: EstimateExpectation, label: string) {
  expect(actual.value, `${label} value`).toBe(expected.value);
  expect([actual.n, actual.units, actual.unitsWithValues]).toEqual([
    expected.n,
    expected.units,
    expected.unitsWithValues,
  ]);
  expectClose(actual.sigma, expected.sigma, TOLERANCE, `${label} sigma`);
  expect(actual.ranks, `${label} ranks`).toEqual(expected.ranks);
  expect(actual.ci, `${label} ci`).toEqual(expected.ci);
  expectClose(actual.standardError, expected.standardError, TOLERANCE, `${label} se`);
}

function ok(result: MetricResult | undefined, variant = 1): ComparisonResult {
  const c = result?.variants[variant]?.comparison;
  if (c?.status !== 'ok') throw new Error(`expected a comparison, got ${JSON.stringify(c)}`);
  return c;
}

describe('quantile estimates and comparisons (Deng, Knoblich & Yu 2018) match NumPy', () => {
  for (const c of reference.quantiles) {
    it(c.name, () => {
      const control = quantileEstimate(c.control, c.q, c.confidence);
      const treatment = quantileEstimate(c.treatment, c.q, c.confidence);
      expectEstimate(control, c.controlEstimate, `${c.name} control`);
      expectEstimate(treatment, c.treatmentEstimate, `${c.name} treatment`);
      const nonNegative = [...c.control.values, ...c.treatment.values].every((v) => v >= 0);
      expectComparison(
        compareQuantileEstimates(control, treatment, c.confidence, nonNegative),
        { ...c.comparison, name: c.name, confidence: c.confidence },
        TOLERANCE,
      );
    });
  }
});

describe('the kinds computed from raw events match an independent Python implementation', () => {
  const { data, metrics: expected, confidence } = reference.kinds;
  const variants = ['control', 'green'];
  const id = (u: number) => `r${u}`;
  const exposures: ExposureEvent[] = data.exposures.map(([u, v, time], i) => ({
    id: `x${i}`,
    type: 'exposure',
    kind: 'experiment',
    name: BUTTON.key,
    variant: variants[v] ?? '',
    units: { deviceID: id(u) },
    time,
    source: 'client',
    reason: 'SPLIT',
    unit: 'deviceID',
  }));
  const events: CustomEvent[] = data.events.map(([u, name, time, value], i) => ({
    id: `v${i}`,
    type: 'event',
    name: data.names[name] ?? '',
    units: { deviceID: id(u) },
    time,
    source: 'client',
    ...(value === null ? {} : { value }),
  }));
  const specs = [expected.latency.spec, expected.checkout.spec, expected.engaged.spec, expected.d5.spec];
  const report = analyzeExperiment({
    experiment: BUTTON,
    exposures,
    events,
    metrics: specs.map((s) => parseMetricSpec(s)),
    to: data.to,
    now: data.now,
    confidence,
  });
  const [latency, checkout, engaged, d5] = report.metrics;
  const name = (metric: string) => ({ name: metric, confidence });

  it('quantile: per-variant P90 with its interval, and the comparison', () => {
    latency?.variants.forEach((row, v) => {
      const e = expected.latency.estimates[v] as EstimateExpectation;
      expect(row.summary.value).toBe(e.value);
      expect([row.summary.units, row.summary.total]).toEqual([e.units, e.n]);
      expect(row.summary.quantile?.ci).toEqual(e.ci);
      expectClose(row.summary.quantile?.standardError ?? Number.NaN, e.standardError, TOLERANCE, 'se');
    });
    expectComparison(ok(latency), { ...expected.latency.comparison, ...name('latency') }, TOLERANCE);
  });

  it('funnel: overall conversion, every step reached, shares and step conversions', () => {
    expectComparison(ok(checkout), { ...expected.checkout.comparison, ...name('checkout') }, TOLERANCE);
    expect(checkout?.steps?.length).toBe(3);
    checkout?.steps?.forEach((step, s) => {
      const e = expected.checkout.steps[s];
      expect(step.variants.map((v) => v.reached)).toEqual(e?.reached);
      const c = step.variants[1]?.comparison;
      expect(c?.status).toBe('ok');
      if (c?.status === 'ok' && e) expectComparison(c, { ...e.share, ...name(`step ${s + 1} share`) }, TOLERANCE);
      const conversion = e?.stepConversion;
      if (conversion === undefined) {
        expect(step.variants[1]?.stepComparison).toBeUndefined();
        return;
      }
      step.variants.forEach((row, v) => {
        expectClose(row.stepConversion ?? Number.NaN, conversion.value[v] ?? Number.NaN, TOLERANCE, 'step rate');
      });
      const sc = step.variants[1]?.stepComparison;
      expect(sc?.status).toBe('ok');
      if (sc?.status === 'ok') expectComparison(sc, { ...conversion, ...name(`step ${s + 1} conversion`) }, TOLERANCE);
    });
  });

  it('activeDays: eligible units, mean share of active days, events per unit-day, Welch comparison', () => {
    engaged?.variants.forEach((row, v) => {
      expect([row.summary.units, row.summary.eligibleUnits, row.summary.enrolledUnits]).toEqual([
        expected.engaged.eligible[v],
        expected.engaged.eligible[v],
        expected.engaged.enrolled[v],
      ]);
      expectClose(row.summary.value, expected.engaged.value[v] ?? Number.NaN, TOLERANCE, 'active share');
      expectClose(
        row.summary.eventsPerUnitDay ?? Number.NaN,
        expected.engaged.eventsPerUnitDay[v] ?? 0,
        TOLERANCE,
        'per day',
      );
    });
    expect(engaged?.measurement?.eligibilityEnd).toBe(data.to);
    expectComparison(ok(engaged), { ...expected.engaged.comparison, ...name('engaged') }, TOLERANCE);
  });

  it('retention: eligible and retained units, proportion comparison', () => {
    expect(d5?.variants.map((r) => [r.summary.units, r.summary.total])).toEqual(
      expected.d5.eligible.map((n, v) => [n, expected.d5.retained[v]]),
    );
    expectComparison(ok(d5), { ...expected.d5.comparison, ...name('d5') }, TOLERANCE);
  });
});
