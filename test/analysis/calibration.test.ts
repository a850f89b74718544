/**
 * The whole pipeline (events -> units -> per-unit values -> comparison) is
 * calibrated: over many simulated experiments with known truth, A/A tests are
 * significant about 5% of the time and 95% intervals cover the true
 * difference about 95% of the time.
 */
import { describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../../src/analysis/index.js';
import type { ExperimentReport } from '../../src/analysis/index.js';
import type { CustomEvent, ExposureEvent } from '../../src/events/types.js';
import { BUTTON, T0, exposure, normal, seededRandom, track } from './fixtures.js';

const RUNS = 1000;
const UNITS = 200;

/** One experiment: per unit a conversion (p by arm) and a revenue value (normal, mean by arm, sd 10). */
function experiment(random: () => number, run: number, rate: [number, number], mean: [number, number]) {
  const exposures: ExposureEvent[] = [];
  const events: CustomEvent[] = [];
  for (let arm = 0; arm < 2; arm++) {
    for (let i = 0; i < UNITS; i++) {
      const units = { deviceID: `r${run}-${arm}-${i}` };
      exposures.push(exposure(units, arm === 0 ? 'control' : 'green', T0));
      if (random() < (rate[arm] ?? 0)) events.push(track(units, 'purchase', T0 + 1));
      events.push(track(units, 'revenue', T0 + 1, (mean[arm] ?? 0) + 10 * normal(random)));
    }
  }
  return analyzeExperiment({
    experiment: BUTTON,
    exposures,
    events,
    metrics: [
      { key: 'purchase', kind: 'conversion' },
      { key: 'revenue', kind: 'sum' },
    ],
  });
}

function comparisonOf(report: ExperimentReport, metric: number) {
  const c = report.metrics[metric]?.variants[1]?.comparison;
  if (c?.status !== 'ok') throw new Error('missing comparison');
  return c;
}

// Tolerances: with a calibrated test the count out of 1,000 runs is Binomial(1000, 0.05).
// P(X <= 25) = 5.1e-5 and P(X >= 80) = 3.5e-5 (SciPy binom), so [26, 79] fails a correct
// pipeline with probability < 1e-4, while a 10% error rate would land inside with probability 0.013.
const LOW = 26;
const HIGH = 79;

describe('calibration over 1,000 simulated experiments', () => {
  it('flags A/A tests as significant about 5% of the time (conversion and mean metrics)', () => {
    const random = seededRandom(2024);
    let conversions = 0;
    let means = 0;
    for (let run = 0; run < RUNS; run++) {
      const report = experiment(random, run, [0.3, 0.3], [50, 50]);
      if (comparisonOf(report, 0).significant) conversions++;
      if (comparisonOf(report, 1).significant) means++;
    }
    expect(conversions).toBeGreaterThanOrEqual(LOW);
    expect(conversions).toBeLessThanOrEqual(HIGH);
    expect(means).toBeGreaterThanOrEqual(LOW);
    expect(means).toBeLessThanOrEqual(HIGH);
  });

  it('covers the true difference with the 95% interval about 95% of the time', () => {
    const random = seededRandom(7);
    let conversionMisses = 0;
    let meanMisses = 0;
    for (let run = 0; run < RUNS; run++) {
      const report = experiment(random, run, [0.3, 0.36], [50, 53]);
      const [clo, chi] = comparisonOf(report, 0).ci;
      if (!(clo <= 0.06 && 0.06 <= chi)) conversionMisses++;
      const [mlo, mhi] = comparisonOf(report, 1).ci;
      if (!(mlo <= 3 && 3 <= mhi)) meanMisses++;
    }
    expect(conversionMisses).toBeGreaterThanOrEqual(LOW);
    expect(conversionMisses).toBeLessThanOrEqual(HIGH);
    expect(meanMisses).toBeGreaterThanOrEqual(LOW);
    expect(meanMisses).toBeLessThanOrEqual(HIGH);
  });
});
