/**
 * CUPED in the SQL engines: two groups with the same Ȳ and X̄ have the same
 * adjusted mean, so their difference is exactly 0 as in memory (the engines
 * once averaged the adjusted values row by row: −2.2e-16, "−0.0%").
 */
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeFromStore } from '../../../src/analysis/index.js';
import type { StoreAnalysisOptions } from '../../../src/analysis/index.js';
import { describePostgres } from '../../collector/support/postgres-env.js';
import { BUTTON, DAY, T0, exposure, seededRandom, track } from '../fixtures.js';
import { ndjsonStores, postgresStores } from './engine-stores.js';
import type { EngineStores } from './engine-stores.js';

/** Control's units, and green's: the same units' pattern twice (same Ȳ and X̄, twice the units). */
function events(seed: number): object[] {
  const random = seededRandom(seed);
  const pattern = Array.from({ length: 37 }, () => ({
    converted: random() < 0.4,
    before: Math.floor(random() * 4),
  }));
  const out: object[] = [];
  const unit = (id: string, variant: string, i: number, p: { converted: boolean; before: number }) => {
    const entered = T0 + 5 * DAY + i * 60_000;
    out.push(exposure({ deviceID: id }, variant, entered));
    for (let b = 0; b < p.before; b++) out.push(track({ deviceID: id }, 'purchase', entered - (b + 1) * 3_600_000));
    if (p.converted) out.push(track({ deviceID: id }, 'purchase', entered + 60_000));
  };
  pattern.forEach((p, i) => unit(`c${i}`, 'control', i, p));
  for (const copy of [0, 1]) pattern.forEach((p, i) => unit(`g${copy}-${i}`, 'green', i, p));
  return out;
}

const options: Omit<StoreAnalysisOptions, 'engine'> = {
  experiment: BUTTON,
  metrics: [{ key: 'purchase', kind: 'conversion', role: 'primary' }],
  cuped: { lookback: 7 * DAY },
  now: T0 + 30 * DAY,
};

function suite(engine: 'memory' | 'duckdb' | 'postgres', stores: () => EngineStores): void {
  let open: EngineStores | undefined;
  afterAll(() => open?.close());
  it(`${engine}: groups with the same Ȳ and X̄ differ by exactly 0 after adjustment`, async () => {
    open ??= stores();
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const report = await analyzeFromStore(await open.open(events(seed)), { ...options, engine });
      expect(report.metrics[0]?.cuped?.status).toBe('adjusted');
      const c = report.metrics[0]?.variants[1]?.comparison;
      expect(c?.status).toBe('ok');
      if (c?.status === 'ok') expect([seed, c.difference, c.relativeLift]).toEqual([seed, 0, 0]);
    }
  });
}

describe('CUPED ties', () => {
  suite('memory', ndjsonStores);
  suite('duckdb', ndjsonStores);
});

describePostgres('CUPED ties in PostgreSQL', (url) => {
  suite('postgres', () => postgresStores(url));
});
