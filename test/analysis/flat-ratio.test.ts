/**
 * A ratio group whose every unit has the same ratio (one price: every
 * purchase 10) has no variance for the delta method to estimate its
 * uncertainty from: the comparison reads not enough data, as a count or sum
 * group whose units all have the same value does, instead of taking that
 * group's ratio as exact (before: CI [−1.3, +0.30], p = 0.22 from the
 * treatment's spread alone).
 */
import { describe, expect, it } from 'vitest';
import { analyzeExperiment, analyzeFromStore } from '../../src/analysis/index.js';
import type { MetricDefinition } from '../../src/analysis/index.js';
import { renderTerminalReport } from '../../src/report/index.js';
import { describePostgres } from '../collector/support/postgres-env.js';
import { BUTTON, DAY, T0, exposure, track } from './fixtures.js';
import { ndjsonStores, postgresStores } from './sql/engine-stores.js';
import type { EngineStores } from './sql/engine-stores.js';
import { expectSameReport } from './sql/same-report.js';

const AOV: MetricDefinition = {
  key: 'aov',
  kind: 'ratio',
  role: 'primary',
  numerator: 'purchase',
  denominator: { event: 'purchase', aggregate: 'count' },
};

/** 50 units per variant; each unit's purchases as values. */
function events(purchases: (variant: string, i: number) => number[]) {
  const exposures = [];
  const events = [];
  for (const variant of ['control', 'green']) {
    for (let i = 0; i < 50; i++) {
      const deviceID = `${variant}${i}`;
      exposures.push(exposure({ deviceID }, variant, T0 + i));
      for (const [k, value] of purchases(variant, i).entries())
        events.push(track({ deviceID }, 'purchase', T0 + i + 10 + k, value));
    }
  }
  return { exposures, events };
}

function analyze(purchases: (variant: string, i: number) => number[]) {
  return analyzeExperiment({ experiment: BUTTON, metrics: [AOV], ...events(purchases), now: T0 + DAY });
}

/** Control's units each buy one to three times at 10; green's prices vary. */
const onePrice = (variant: string, i: number): number[] =>
  variant === 'control' ? Array(1 + (i % 3)).fill(10) : [5 + (i % 10), 6 + (i % 7)];

function sameInEveryEngine(engine: 'duckdb' | 'postgres', stores: () => EngineStores): void {
  it(`${engine} gives the in-memory report`, async () => {
    const s = stores();
    try {
      const { exposures, events: tracked } = events(onePrice);
      const store = await s.open([...exposures, ...tracked]);
      const options = { experiment: BUTTON, metrics: [AOV], now: T0 + DAY };
      const memory = await analyzeFromStore(store, { ...options, engine: 'memory' });
      expect(memory.metrics[0]?.variants[1]?.comparison?.status).toBe('not enough data');
      expectSameReport(await analyzeFromStore(store, { ...options, engine }), memory);
    } finally {
      await s.close();
    }
  });
}

describe('a ratio group with one ratio for every unit', () => {
  it('reads not enough data, naming the group and its ratio', () => {
    // Control: one to three purchases of 10 each (every unit's ratio is 10); green: prices vary.
    const report = analyze(onePrice);
    const green = report.metrics[0]?.variants[1];
    expect(report.metrics[0]?.variants[0]?.summary.value).toBe(10);
    expect(green?.comparison).toEqual({
      status: 'not enough data',
      reason:
        'control: all 50 units with a non-zero denominator have the same ratio (10) of numerator to denominator, so the group has no variance to estimate its uncertainty from',
    });
    expect(report.verdict.decision).toBe('inconclusive');
    expect(renderTerminalReport(report, { color: false })).toContain('not enough data');
  });

  it('still compares a group whose units’ ratios differ (however the denominators vary)', () => {
    const report = analyze((variant, i) => (variant === 'control' ? [10 + (i % 4), 10] : [5 + (i % 10), 6 + (i % 7)]));
    expect(report.metrics[0]?.variants[1]?.comparison?.status).toBe('ok');
  });
});

describe('a ratio group with one ratio, in the SQL engines', () => {
  sameInEveryEngine('duckdb', ndjsonStores);
});

describePostgres('a ratio group with one ratio, in PostgreSQL', (url) => {
  sameInEveryEngine('postgres', () => postgresStores(url));
});
