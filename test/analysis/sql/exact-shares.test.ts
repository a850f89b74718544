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

/** Per variant, each unit's active days (of 3), as stored exposures and session events. */
function events(days: Record<string, number[]>): object[] {
  const out: object[] = [];
  for (const [variant, actives] of Object.entries(days)) {
    actives.forEach((active, i) => {
      const id = `${variant}${i}`;
      const entered = T0 + i * 60_000;
      out.push(exposure({ deviceID: id }, variant, entered));
      for (let d = 0; d < active; d++) out.push(track({ deviceID: id }, 'session', entered + d * DAY + 3_600_000));
    });
  }
  return out;
}

const repeat = (counts: [number, number][]): number[] => counts.flatMap(([days, n]) => Array(n).fill(days));

/** Both 50%: control 15 units active all 3 days and 15 never; green 15 units active 1 day and 15 active 2. */
const halfEach = events({
  control: repeat([
    [3, 15],
    [0, 15],
  ]),
  green: repeat([
    [1, 15],
    [2, 15],
  ]),
});
/** Both 1/3, in groups of 15 and 25 units (their shares' sums, compensated, gave means an ulp apart). */
const thirdEach = events({
  control: repeat([
    [0, 5],
    [1, 5],
    [2, 5],
  ]),
  green: repeat([
    [0, 10],
    [1, 5],
    [2, 10],
  ]),
});

const options: Omit<StoreAnalysisOptions, 'engine'> = {
  experiment: BUTTON,
  metrics: [{ key: 'engaged', kind: 'activeDays', event: 'session', window: 3 * DAY, role: 'primary' }],
  to: T0 + 10 * DAY,
  now: T0 + 20 * DAY,
};

function expectNoDust(report: ExperimentReport, value: number, totals: number[]): void {
  const [control, green] = report.metrics[0]?.variants ?? [];
  expect([control?.summary.total, green?.summary.total]).toEqual(totals);
  expect(control?.summary.value).toBe(value);
  expect(green?.summary.value).toBe(value);
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
      expectNoDust(await analyzeFromStore(await s.open(halfEach), { ...options, engine }), 0.5, [15, 15]);
      expectNoDust(await analyzeFromStore(await s.open(thirdEach), { ...options, engine }), 1 / 3, [5, 25 / 3]);
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
