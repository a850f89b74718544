import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeExperiment, analyzeFromStore } from '../../src/analysis/index.js';
import type { ComparisonResult, ExperimentReport, MetricDefinition } from '../../src/analysis/index.js';
import { createNdjsonStore } from '../../src/collector/index.js';
import type { CustomEvent, ExposureEvent } from '../../src/events/types.js';
import { silentLogger } from '../../src/io/logger.js';
import { BUTTON, DAY, T0, exposure, track } from './fixtures.js';
import { sequentialComparison } from '../../src/analysis/stats/sequential.js';
import { methodsReference } from './stats/methods-reference.js';
import type { CupedReference } from './stats/methods-reference.js';
import { expectClose } from './stats/reference.js';

const VARIANTS = ['control', 'green'];
const START = T0 + 30 * DAY;

/**
 * A reference case as events: unit i enters at START + i minutes; its
 * covariate is one event a day before entering (none for 0), its outcome one
 * event an hour after; a large event 20 days before entering lies outside the
 * 14-day lookback and must not count.
 */
function caseEvents(c: CupedReference, event: string) {
  const exposures: ExposureEvent[] = [];
  const events: CustomEvent[] = [];
  c.units.variant.forEach((v, i) => {
    const deviceID = `u${i}`;
    const entered = START + i * 60_000;
    exposures.push(exposure({ deviceID }, VARIANTS[v] ?? '', entered));
    const x = c.units.x[i] ?? 0;
    const y = c.units.y[i] ?? 0;
    const value = (amount: number) => (c.kind === 'sum' ? amount : undefined);
    if (x !== 0) events.push(track({ deviceID }, event, entered - DAY, value(x)));
    if (y !== 0) events.push(track({ deviceID }, event, entered + 3_600_000, value(y)));
    events.push(track({ deviceID }, event, entered - 20 * DAY, value(1000)));
  });
  return { exposures, events };
}

function okComparison(report: ExperimentReport, metric = 0): ComparisonResult {
  const c = report.metrics[metric]?.variants[1]?.comparison;
  if (c?.status !== 'ok') throw new Error(`comparison not ok: ${JSON.stringify(c)}`);
  return c;
}

describe('CUPED in the analysis, against NumPy/SciPy on the same units', () => {
  for (const c of methodsReference.cuped) {
    it(`${c.name}: theta, variance reductions and the adjusted Welch comparison`, () => {
      const { exposures, events } = caseEvents(c, 'spend');
      const metrics: MetricDefinition[] = [{ key: 'spend', kind: c.kind, role: 'primary' }];
      const report = analyzeExperiment({
        experiment: BUTTON,
        exposures,
        events,
        metrics,
        cuped: true,
        confidence: c.confidence,
        now: START + 100 * DAY,
      });
      const result = report.metrics[0];
      if (result?.cuped?.status !== 'adjusted') throw new Error(JSON.stringify(result?.cuped));
      expectClose(result.cuped.theta, c.theta, 1e-11, 'theta');
      expectClose(result.cuped.varianceReduction, c.varianceReduction, 1e-10, 'varianceReduction');
      expect(result.cuped.lookback).toBe(14 * DAY);
      expect(result.cuped.unitsWithPreExposureData).toBe(c.units.x.filter((x) => x !== 0).length);
      result.variants.forEach((row, v) => {
        expectClose(row.cuped?.varianceReduction ?? Number.NaN, c.groups[v]?.varianceReduction ?? 0, 1e-10, 'variant');
        expectClose(row.cuped?.covariateMean ?? Number.NaN, c.groups[v]?.covariateMean ?? 0, 1e-12, 'covariate');
      });
      const cmp = okComparison(report);
      expectClose(cmp.difference, c.difference, 1e-11, 'difference');
      expectClose(cmp.ci[0], c.ci[0], 1e-9, 'ci low', Math.abs(c.difference));
      expectClose(cmp.ci[1], c.ci[1], 1e-9, 'ci high', Math.abs(c.difference));
      expectClose(cmp.pValue, c.pValue, 1e-8, 'pValue');
      // The raw summary stays the metric's own value (a rate, a mean), not the adjusted one.
      const raw = c.units.y.filter((_, i) => c.units.variant[i] === 0);
      expectClose(result.variants[0]?.summary.value ?? 0, raw.reduce((a, b) => a + b, 0) / raw.length, 1e-12, 'raw');
    });
  }

  const c = methodsReference.cuped[0] as CupedReference;
  const { exposures, events } = caseEvents(c, 'spend');
  const base = { experiment: BUTTON, exposures, events, now: START + 100 * DAY };

  it('keeps the before-exposure accounting: the pre-period events still count as before exposure', () => {
    const metrics: MetricDefinition[] = [{ key: 'spend', kind: 'sum' }];
    const plain = analyzeExperiment({ ...base, metrics });
    const adjusted = analyzeExperiment({ ...base, metrics, cuped: true });
    expect(adjusted.events).toEqual(plain.events);
    expect(plain.events.beforeExposure).toBe(c.units.y.length + c.units.x.filter((x) => x !== 0).length);
    expect(plain.metrics[0]?.cuped).toBeUndefined();
    expect(okComparison(plain).sequential).toBeUndefined();
  });

  it('a shorter lookback leaves the day-before events out', () => {
    const report = analyzeExperiment({
      ...base,
      metrics: [{ key: 'spend', kind: 'sum' }],
      cuped: { lookback: DAY / 2 },
    });
    expect(report.metrics[0]?.cuped).toEqual({
      status: 'not adjusted',
      reason: 'the pre-exposure covariate has no variance, so there is nothing to adjust with',
      lookback: DAY / 2,
    });
    expect(report.metrics[0]?.variants[1]?.cuped).toBeUndefined();
  });

  it('says why a ratio metric is not adjusted, and adjusts the others', () => {
    const metrics: MetricDefinition[] = [
      { key: 'spend', kind: 'sum' },
      { key: 'per', kind: 'ratio', numerator: 'spend', denominator: { event: 'spend', aggregate: 'count' } },
    ];
    const report = analyzeExperiment({ ...base, metrics, cuped: true });
    expect(report.metrics[0]?.cuped?.status).toBe('adjusted');
    const ratio = report.metrics[1]?.cuped;
    expect(ratio?.status === 'not adjusted' && ratio.reason).toMatch(/ratio metric is not a mean of per-unit values/);
  });

  it('narrows the interval of a correlated metric', () => {
    const metrics: MetricDefinition[] = [{ key: 'spend', kind: 'sum' }];
    const plain = okComparison(analyzeExperiment({ ...base, metrics }));
    const adjusted = okComparison(analyzeExperiment({ ...base, metrics, cuped: true }));
    expect(adjusted.ci[1] - adjusted.ci[0]).toBeLessThan(0.3 * (plain.ci[1] - plain.ci[0]));
  });

  it('caps the covariate at the outcome’s winsorization thresholds', () => {
    const metrics: MetricDefinition[] = [{ key: 'spend', kind: 'sum', winsorize: { upper: 0.9 } }];
    const report = analyzeExperiment({ ...base, metrics, cuped: true });
    const cap = report.metrics[0]?.measurement?.caps?.upper?.value ?? Number.NaN;
    const capped = c.units.x.map((x) => Math.min(cap, x));
    const y = c.units.y.map((v) => Math.min(cap, v));
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    const [mx, my] = [mean(capped), mean(y)];
    let sxy = 0;
    let sxx = 0;
    capped.forEach((x, i) => {
      sxy += (x - mx) * ((y[i] ?? 0) - my);
      sxx += (x - mx) * (x - mx);
    });
    const cuped = report.metrics[0]?.cuped;
    expect(cuped?.status === 'adjusted' && cuped.theta).toBeCloseTo(sxy / sxx, 10);
  });

  it('gives the sequential option the adjusted groups', () => {
    const report = analyzeExperiment({
      ...base,
      metrics: [{ key: 'spend', kind: 'sum' }],
      cuped: true,
      sequential: true,
    });
    const cmp = okComparison(report);
    const [control, treatment] = c.groups;
    const expected = sequentialComparison(
      { n: 300, mean: control?.adjustedMean ?? 0, variance: control?.adjustedVariance ?? 0 },
      { n: 300, mean: treatment?.adjustedMean ?? 0, variance: treatment?.adjustedVariance ?? 0 },
    );
    expectClose(cmp.sequential?.ci[0] ?? Number.NaN, expected.ci[0], 1e-9, 'sequential low', 1);
    expectClose(cmp.sequential?.pValue ?? Number.NaN, expected.pValue, 1e-8, 'sequential p');
  });

  it('compares segments on the adjusted values too (θ from all units)', () => {
    const segmented = exposures.map((e, i) => ({ ...e, attributes: { half: i % 2 === 0 ? 'even' : 'odd' } }));
    const metrics: MetricDefinition[] = [{ key: 'spend', kind: 'sum' }];
    const options = { ...base, exposures: segmented, metrics, segments: ['half'] };
    const width = (r: ExperimentReport) => {
      const cmp = r.segments[0]?.values[0]?.metrics[0]?.variants[1]?.comparison;
      if (cmp?.status !== 'ok') throw new Error('segment comparison expected');
      return cmp.ci[1] - cmp.ci[0];
    };
    expect(width(analyzeExperiment({ ...options, cuped: true }))).toBeLessThan(0.3 * width(analyzeExperiment(options)));
  });

  it('rejects a bad lookback naming the option', () => {
    expect(() =>
      analyzeExperiment({ ...base, metrics: [{ key: 'spend', kind: 'sum' }], cuped: { lookback: -1 } }),
    ).toThrow(/cuped\.lookback: expected a positive whole number of milliseconds/);
    expect(() =>
      analyzeExperiment({ ...base, metrics: [{ key: 'spend', kind: 'sum' }], cuped: 'yes' as unknown as true }),
    ).toThrow(/cuped: expected true, false or \{ lookback \}/);
  });
});

describe('CUPED from an NDJSON store bounded by `from`', () => {
  const c = methodsReference.cuped[0] as CupedReference;
  const { exposures, events } = caseEvents(c, 'spend');
  let dir = '';
  let path = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'splitkit-cuped-'));
    path = join(dir, 'events.ndjson');
    const writer = await createNdjsonStore({ path, logger: silentLogger });
    await writer.append([...exposures, ...events]);
    await writer.close();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the pre-exposure events before `from` and matches the reference', async () => {
    const store = await createNdjsonStore({ path, logger: silentLogger });
    try {
      const options = {
        experiment: BUTTON,
        metrics: [{ key: 'spend', kind: 'sum' as const }],
        from: START,
        now: START + 100 * DAY,
      };
      const report = await analyzeFromStore(store, { ...options, cuped: true, engine: 'memory' });
      const cuped = report.metrics[0]?.cuped;
      if (cuped?.status !== 'adjusted') throw new Error(JSON.stringify(cuped));
      expectClose(cuped.theta, c.theta, 1e-11, 'theta');
      expectClose(okComparison(report).pValue, c.pValue, 1e-8, 'pValue');
      // The same bounds in memory give the same report, except that the store was never asked for the
      // events before `from - lookback` that memory counts as outside the window (the 20-day-old ones).
      const direct = analyzeExperiment({ ...options, exposures, events, cuped: true });
      expect(direct.invalid.events.outsideWindow).toBe(c.units.y.length);
      // The NDJSON log's lines were checked (none skipped); arrays have no lines.
      expect(report.skippedLines?.count).toBe(0);
      expect({ ...report, invalid: undefined, skippedLines: undefined }).toEqual({ ...direct, invalid: undefined });
      // Without CUPED nothing before `from` is read.
      const plain = await analyzeFromStore(store, options);
      expect(plain.events.beforeExposure).toBe(0);
      expect(report.events.beforeExposure).toBe(c.units.x.filter((x) => x !== 0).length);
    } finally {
      await store.close();
    }
  });
});
