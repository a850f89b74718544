/**
 * The added kinds are calibrated through the whole pipeline (events → units →
 * per-unit data → comparison), over seeded simulations: A/A tests are
 * significant about alpha of the time, and the quantile interval of Deng,
 * Knoblich & Yu covers the true difference of quantiles about 95% of the time
 * on skewed (lognormal) values with several correlated events per unit.
 */
import { describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../../src/analysis/index.js';
import type { ExperimentReport, MetricDefinition } from '../../src/analysis/index.js';
import { normalQuantile } from '../../src/analysis/stats/index.js';
import { quantileEstimate } from '../../src/analysis/stats/quantile.js';
import type { CustomEvent, ExposureEvent } from '../../src/events/types.js';
import { BUTTON, DAY, T0, exposure, normal, seededRandom, track } from './fixtures.js';
import { tolerance } from './stats/reference.js';

const RUNS = 1000;
const UNITS = 200;
/** Latency: per unit a lognormal level, per event lognormal noise; events per unit 1–5, independent of the level. */
const MU = Math.log(200);
const SD_UNIT = 0.6;
const SD_EVENT = 0.4;

interface Arm {
  /** Latencies are multiplied by this. */
  scale: number;
}

function experiment(random: () => number, run: number, arms: [Arm, Arm], metrics: MetricDefinition[]) {
  const exposures: ExposureEvent[] = [];
  const events: CustomEvent[] = [];
  arms.forEach((arm, a) => {
    for (let i = 0; i < UNITS; i++) {
      const units = { deviceID: `q${run}-${a}-${i}` };
      exposures.push(exposure(units, a === 0 ? 'control' : 'green', T0));
      const level = MU + SD_UNIT * normal(random);
      const loads = 1 + Math.floor(random() * 5);
      for (let j = 0; j < loads; j++) {
        events.push(track(units, 'page_load', T0 + j, arm.scale * Math.exp(level + SD_EVENT * normal(random))));
      }
      let t = T0 + 1000;
      for (const [step, name] of ['view', 'purchase'].entries()) {
        if (random() >= (step === 0 ? 0.5 : 0.4)) break;
        t += Math.floor(random() * DAY);
        events.push(track(units, name, t));
      }
      for (let d = 0; d < 8; d++) if (random() < 0.3) events.push(track(units, 'app_open', T0 + d * DAY + 1));
    }
  });
  return analyzeExperiment({ experiment: BUTTON, exposures, events, metrics, to: T0 + 9 * DAY, now: T0 + 10 * DAY });
}

function comparisonOf(report: ExperimentReport, metric: number) {
  const c = report.metrics[metric]?.variants[1]?.comparison;
  if (c?.status !== 'ok') throw new Error(`missing comparison: ${JSON.stringify(c)}`);
  return c;
}

// The values pooled over units are lognormal(MU, √(SD_UNIT² + SD_EVENT²)), as the number of events is independent of the level.
function trueQuantile(q: number, scale: number): number {
  return scale * Math.exp(MU + Math.hypot(SD_UNIT, SD_EVENT) * normalQuantile(q));
}

const ALL: MetricDefinition[] = [
  { key: 'p50', kind: 'quantile', event: 'page_load', quantile: 0.5 },
  { key: 'p90', kind: 'quantile', event: 'page_load', quantile: 0.9 },
  { key: 'checkout', kind: 'funnel', steps: ['view', 'purchase'], window: 7 * DAY },
  { key: 'engaged', kind: 'activeDays', event: 'app_open', window: 7 * DAY },
  { key: 'd7', kind: 'retention', event: 'app_open', day: 7 },
];

describe(`calibration of the added kinds over ${RUNS} simulated experiments`, () => {
  it('flags A/A tests as significant about 5% of the time (quantile, funnel, activeDays, retention)', () => {
    const random = seededRandom(1313);
    const hits = ALL.map(() => 0);
    for (let run = 0; run < RUNS; run++) {
      const report = experiment(random, run, [{ scale: 1 }, { scale: 1 }], ALL);
      ALL.forEach((_, m) => {
        if (comparisonOf(report, m).pValue < 0.05) hits[m] = (hits[m] ?? 0) + 1;
      });
    }
    const rates = hits.map((h) => h / RUNS);
    for (const rate of rates) expect(Math.abs(rate - 0.05)).toBeLessThanOrEqual(tolerance(0.05, RUNS, 0));
  });

  it('covers the true difference of quantiles about 95% of the time on lognormal data (A/B, +15%)', () => {
    const random = seededRandom(2018);
    const metrics = ALL.slice(0, 2);
    const covered = metrics.map(() => 0);
    const relativeCovered = metrics.map(() => 0);
    for (let run = 0; run < RUNS; run++) {
      const report = experiment(random, run, [{ scale: 1 }, { scale: 1.15 }], metrics);
      metrics.forEach((m, i) => {
        const q = m.quantile ?? 0;
        const truth = trueQuantile(q, 1.15) - trueQuantile(q, 1);
        const c = comparisonOf(report, i);
        if (c.ci[0] <= truth && truth <= c.ci[1]) covered[i] = (covered[i] ?? 0) + 1;
        if (c.relativeCi[0] <= 0.15 && 0.15 <= c.relativeCi[1]) relativeCovered[i] = (relativeCovered[i] ?? 0) + 1;
      });
    }
    for (const c of [...covered, ...relativeCovered]) {
      expect(Math.abs(c / RUNS - 0.95)).toBeLessThanOrEqual(tolerance(0.95, RUNS, 0));
    }
  });

  it('needs the clustered variance: an i.i.d. interval of the same quantile under-covers, Deng et al. does not', () => {
    const random = seededRandom(99);
    const q = 0.9;
    const truth = trueQuantile(q, 1);
    const z = normalQuantile(0.975);
    let deng = 0;
    let iid = 0;
    for (let run = 0; run < RUNS; run++) {
      const values: number[] = [];
      const unit: number[] = [];
      for (let i = 0; i < UNITS; i++) {
        const level = MU + SD_UNIT * normal(random);
        const loads = 1 + Math.floor(random() * 5);
        for (let j = 0; j < loads; j++) {
          values.push(Math.exp(level + SD_EVENT * normal(random)));
          unit.push(i);
        }
      }
      const estimate = quantileEstimate({ values, unit, units: UNITS }, q, 0.95);
      if (estimate.ci[0] <= truth && truth <= estimate.ci[1]) deng++;
      // The textbook interval for n independent values: σ² = q(1 − q)/n, same ranks rule.
      const n = values.length;
      const sorted = [...values].sort((x, y) => x - y);
      const sigma = Math.sqrt((q * (1 - q)) / n);
      const low = sorted[Math.max(1, Math.floor(n * (q - z * sigma))) - 1] ?? Number.NaN;
      const high = sorted[Math.min(n, Math.ceil(n * (q + z * sigma))) - 1] ?? Number.NaN;
      if (low <= truth && truth <= high) iid++;
    }
    expect(Math.abs(deng / RUNS - 0.95)).toBeLessThanOrEqual(tolerance(0.95, RUNS, 0));
    // Events of a unit share its level, so n values carry far less information than n independent ones:
    // the i.i.d. interval covers about 85% here, far outside the band a 95% interval stays in.
    expect(iid / RUNS).toBeLessThan(0.95 - tolerance(0.95, RUNS, 0));
  });
});
