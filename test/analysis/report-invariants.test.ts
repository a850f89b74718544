/**
 * Every comparison of seeded random reports (all metric kinds, 2–3 arms of unequal sizes, 80–99%, with and
 * without CUPED, sequential testing, segments and the timeline) against the rules docs/statistics.md states:
 * one inference per row, labels from the adjusted p-value, the flat-prior credible interval equal to the
 * confidence interval for everything but conversions, and a ship only beside an interval on the good side.
 */
import { describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../../src/analysis/index.js';
import type { ComparisonResult, MetricDefinition } from '../../src/analysis/index.js';
import type { CustomEvent, ExposureEvent } from '../../src/events/types.js';
import { shownComparison } from '../../src/report/methods-text.js';
import { DAY, T0, exposure, normal, seededRandom, track } from './fixtures.js';

function experimentData(seed: number) {
  const random = seededRandom(seed);
  const arms = ['control', 'green', 'blue'].slice(0, 2 + Math.floor(random() * 2));
  const sizes = arms.map(() => 5 + Math.floor(random() ** 2 * 300));
  const effects = arms.map((_, i) => (i === 0 ? 0 : random() - 0.3));
  const exposures: ExposureEvent[] = [];
  const events: CustomEvent[] = [];
  arms.forEach((variant, a) => {
    const effect = effects[a] ?? 0;
    for (let i = 0; i < (sizes[a] ?? 0); i++) {
      const units = { deviceID: `u${seed}-${variant}-${i}` };
      const entered = T0 + Math.floor(random() * 6 * DAY);
      exposures.push(exposure(units, variant, entered, { attributes: { country: random() < 0.5 ? 'DE' : 'FR' } }));
      const level = normal(random);
      if (random() < 0.6) events.push(track(units, 'purchase', entered - DAY, Math.exp(level) * 10));
      const chance = 1 / (1 + Math.exp(-(level - 0.5 + effect)));
      const orders = random() < chance ? 1 + Math.floor(random() * 3) : 0;
      for (let j = 0; j < orders; j++) {
        // Some refunds, so some metrics can be negative.
        const value = random() < 0.1 ? -5 : Math.exp(level + 0.3 * normal(random)) * 10 * (1 + effect);
        events.push(track(units, 'purchase', entered + 1000 * (j + 1), value));
      }
      for (let j = Math.floor(random() * 4); j > 0; j--)
        events.push(track(units, 'page_load', entered + 100 * j, Math.exp(level + 0.4 * normal(random))));
      let t = entered + 60_000;
      for (const name of ['view', 'cart', 'pay']) {
        if (random() >= chance + 0.3) break;
        t += Math.floor(random() * 3_600_000);
        events.push(track(units, name, t));
      }
      for (let d = 0; d < 5; d++)
        if (random() < chance * 0.5) events.push(track(units, 'open', entered + d * DAY + Math.floor(random() * DAY)));
    }
  });
  return { arms, sizes, exposures, events };
}

const metrics: MetricDefinition[] = [
  { key: 'purchase', kind: 'conversion', role: 'primary' },
  { key: 'revenue', event: 'purchase', kind: 'sum', role: 'primary' },
  { key: 'orders', event: 'purchase', kind: 'count', role: 'secondary' },
  {
    key: 'order_value',
    kind: 'ratio',
    numerator: 'purchase',
    denominator: { event: 'purchase', aggregate: 'count' },
    role: 'secondary',
  },
  { key: 'p50', event: 'page_load', kind: 'quantile', quantile: 0.5, role: 'guardrail', direction: 'decrease' },
  { key: 'p90', event: 'page_load', kind: 'quantile', quantile: 0.9, role: 'secondary', direction: 'decrease' },
  { key: 'checkout', kind: 'funnel', steps: ['view', 'cart', 'pay'], role: 'secondary' },
  { key: 'active', event: 'open', kind: 'activeDays', window: 3 * DAY, role: 'secondary' },
  { key: 'day1', event: 'open', kind: 'retention', day: 1, role: 'secondary' },
  { key: 'capped', event: 'purchase', kind: 'sum', winsorize: { upper: 0.95 }, role: 'secondary' },
];

const excludesZero = (ci: readonly number[]) => (ci[0] ?? 0) > 0 || (ci[1] ?? 0) < 0;

describe('seeded random reports keep every row consistent', () => {
  const problems: string[] = [];
  let rows = 0;
  let timelineRows = 0;
  let ships = 0;
  let adjustedRows = 0;
  const check = (where: string, c: ComparisonResult, alpha: number, beta: 'beta' | 'normal') => {
    rows++;
    const shown = c.sequential ?? c;
    const p = shown.pValue;
    if (c.pValue < alpha !== excludesZero(c.ci)) problems.push(`${where}: fixed-horizon p ${c.pValue}, ci ${c.ci}`);
    if (p < alpha !== excludesZero(shown.ci)) problems.push(`${where}: p ${p}, ci ${shown.ci}`);
    const everything = shown.relativeCi[0] === -Infinity && shown.relativeCi[1] === Infinity;
    // The one documented exception: a significant change of a metric whose control may be 0 or negative.
    if (p < alpha !== excludesZero(shown.relativeCi) && !everything)
      problems.push(`${where}: p ${p}, relative ${shown.relativeCi}`);
    if (!(shown.ci[0] <= c.difference && c.difference <= shown.ci[1])) problems.push(`${where}: difference outside`);
    if (c.adjustedPValue < p) problems.push(`${where}: adjusted ${c.adjustedPValue} below ${p}`);
    if (c.adjustedPValue < alpha !== (c.outcome !== 'neutral')) problems.push(`${where}: outcome ${c.outcome}`);
    // What the reports print beside the label: in a corrected family the interval at the corrected level
    // (always-valid with sequential testing), which must exclude no change exactly when the label says
    // significant (docs/statistics.md).
    {
      const printed = shownComparison(c);
      const labelled = c.outcome !== 'neutral';
      if (excludesZero(printed.ci) !== labelled)
        problems.push(`${where}: printed ci ${printed.ci} beside ${c.outcome}`);
      const unbounded = printed.relativeCi[0] === -Infinity && printed.relativeCi[1] === Infinity;
      if (excludesZero(printed.relativeCi) !== labelled && !unbounded)
        problems.push(`${where}: printed relative ${printed.relativeCi} beside ${c.outcome}`);
      if (c.correction.method !== 'none' && c.correction.size > 1) {
        adjustedRows++;
        if (c.adjusted === undefined) problems.push(`${where}: corrected row without its adjusted interval`);
        else if (!(c.adjusted.ci[0] <= c.difference && c.difference <= c.adjusted.ci[1]))
          problems.push(`${where}: difference outside its adjusted interval`);
      }
    }
    // Flat prior: for everything compared by Welch's t or a z-test the credible interval is the confidence one.
    const width = c.ci[1] - c.ci[0];
    if (beta === 'normal' && c.credibleInterval.some((x, i) => Math.abs(x - (c.ci[i] ?? 0)) > 1e-9 * width))
      problems.push(`${where}: credible ${c.credibleInterval} beside ${c.ci}`);
    if (!(c.expectedLoss >= 0 && c.chanceToBeat >= 0 && c.chanceToBeat <= 1)) problems.push(`${where}: readout`);
  };

  for (let seed = 1; seed <= 80; seed++) {
    const { arms, sizes, exposures, events } = experimentData(seed);
    const random = seededRandom(seed * 7);
    const confidence = [0.8, 0.9, 0.95, 0.99][Math.floor(random() * 4)] ?? 0.95;
    const cuped = random() < 0.5;
    const sequential = random() < 0.4 ? { tuning: 100 + Math.floor(random() * 5000) } : false;
    const report = analyzeExperiment({
      experiment: {
        key: 'button_color',
        unit: 'deviceID',
        variants: arms.map((key, i) => ({ key, weight: sizes[i] ?? 1 })),
      },
      exposures,
      events,
      metrics,
      confidence,
      segments: ['country'],
      cuped: cuped ? { lookback: 3 * DAY } : false,
      sequential,
      timeline: random() < 0.3,
      now: T0 + 30 * DAY,
    });
    const alpha = 1 - confidence;
    const beta = (kind: string) =>
      kind === 'funnel' || kind === 'retention' || (kind === 'conversion' && !cuped) ? 'beta' : 'normal';
    for (const result of report.metrics) {
      const kind = result.metric.kind;
      for (const row of result.variants)
        if (row.comparison?.status === 'ok')
          check(`${seed} ${result.metric.key} ${row.variant}`, row.comparison, alpha, beta(kind));
      for (const step of result.steps ?? [])
        for (const row of step.variants) {
          const where = `${seed} ${result.metric.key} step ${step.step} ${row.variant}`;
          if (row.comparison?.status === 'ok') check(where, row.comparison, alpha, 'beta');
          if (row.stepComparison?.status === 'ok')
            check(`${where} from the step before`, row.stepComparison, alpha, 'normal');
        }
      for (const point of result.timeline ?? [])
        for (const c of point.comparisons) {
          if (c.status !== 'ok') continue;
          timelineRows++;
          if (c.pValue < alpha !== excludesZero(c.ci) || c.pValue < alpha !== excludesZero(c.relativeCi))
            problems.push(`${seed} ${result.metric.key} day ${point.day}: p ${c.pValue}, ${c.ci}, ${c.relativeCi}`);
        }
    }
    for (const breakdown of report.segments)
      for (const segment of breakdown.values)
        for (const result of segment.metrics)
          for (const row of result.variants)
            if (row.comparison?.status === 'ok')
              check(
                `${seed} ${segment.value} ${result.metric.key} ${row.variant}`,
                row.comparison,
                alpha,
                beta(result.metric.kind),
              );
    for (const verdict of report.variantVerdicts) {
      if (verdict.decision !== 'ship') continue;
      ships++;
      for (const reason of verdict.reasons) {
        if (reason.kind !== 'significantly better') continue;
        const result = report.metrics.find((m) => m.metric.key === reason.metric);
        const c = result?.variants.find((v) => v.variant === verdict.variant)?.comparison;
        if (result === undefined || c?.status !== 'ok') {
          problems.push(`${seed}: ship on ${reason.metric} without a comparison`);
          continue;
        }
        const ci = (c.sequential ?? c).ci;
        if (!(result.metric.direction === 'increase' ? ci[0] > 0 : ci[1] < 0))
          problems.push(`${seed}: ship on ${reason.metric} beside ${ci}`);
      }
    }
  }

  it('compared enough rows of every sort to mean something', () => {
    expect(rows).toBeGreaterThan(1500);
    expect(timelineRows).toBeGreaterThan(100);
    expect(ships).toBeGreaterThan(3);
    expect(adjustedRows).toBeGreaterThan(500);
  });

  it('finds no row whose p-value, intervals, label or readout disagree', () => {
    expect(problems).toEqual([]);
  });
});
