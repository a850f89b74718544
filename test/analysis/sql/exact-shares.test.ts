/**
 * Active days are shares a/N of whole days: every engine sums them as the whole
 * numbers they are (Σa / N), so two groups with the same share of active days
 * differ by exactly 0 in every engine, never by a float's rounding dust.
 */
import { describe, expect, it } from 'vitest';
import { analyzeFromStore } from '../../../src/analysis/index.js';
import type { ExperimentReport, StoreAnalysisOptions } from '../../../src/analysis/index.js';
import { describePostgres } from '../../collector/support/postgres-env.js';
import { BUTTON, DAY, T0, exposure, track } from '../fixtures.js';
import { ndjsonStores, postgresStores } from './engine-stores.js';
import type { EngineStores } from './engine-stores.js';

/** Control: 15 units active all 3 days, 15 never; green: 15 units active 1 day, 15 active 2 (both 50%). */
function events(): object[] {
  const out: object[] = [];
  const unit = (id: string, variant: string, i: number, active: number) => {
    const entered = T0 + i * 60_000;
    out.push(exposure({ deviceID: id }, variant, entered));
    for (let d = 0; d < active; d++) out.push(track({ deviceID: id }, 'session', entered + d * DAY + 3_600_000));
  };
  for (let i = 0; i < 30; i++) {
    unit(`c${i}`, 'control', i, i % 2 === 0 ? 3 : 0);
    unit(`g${i}`, 'green', i, i % 2 === 0 ? 1 : 2);
  }
  return out;
}

const options: Omit<StoreAnalysisOptions, 'engine'> = {
  experiment: BUTTON,
  metrics: [{ key: 'engaged', kind: 'activeDays', event: 'session', window: 3 * DAY, role: 'primary' }],
  to: T0 + 10 * DAY,
  now: T0 + 20 * DAY,
};

function expectNoDust(report: ExperimentReport): void {
  const [control, green] = report.metrics[0]?.variants ?? [];
  expect(control?.summary.total).toBe(15);
  expect(green?.summary.total).toBe(15);
  expect(green?.summary.value).toBe(0.5);
  const comparison = green?.comparison;
  expect(comparison?.status).toBe('ok');
  if (comparison?.status === 'ok') {
    expect(comparison.difference).toBe(0);
    expect(comparison.relativeLift).toBe(0);
  }
}

function suite(engine: 'memory' | 'duckdb' | 'postgres', stores: () => EngineStores): void {
  it(`${engine}: the same share of active days differs by exactly 0`, async () => {
    const s = stores();
    try {
      expectNoDust(await analyzeFromStore(await s.open(events()), { ...options, engine }));
    } finally {
      await s.close();
    }
  });
}

describe('active-day shares summed as whole days', () => {
  suite('memory', ndjsonStores);
  suite('duckdb', ndjsonStores);
});

describePostgres('active-day shares summed as whole days in PostgreSQL', (url) => {
  suite('postgres', () => postgresStores(url));
});
