/**
 * User-supplied names reach the SQL as literals and JSON paths: an experiment key, variants, the unit name,
 * metric events and keys, segment attributes. With quotes, backslashes, semicolons, comment marks, dots,
 * `$` and newlines in every one, each SQL engine's report equals the in-memory one, and each engine's
 * `--print-sql` script runs as printed.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { analysisSqlForStore, analyzeFromStore } from '../../../src/analysis/from-store.js';
import type { StoreAnalysisOptions } from '../../../src/analysis/from-store.js';
import { describePostgres } from '../../collector/support/postgres-env.js';
import { DAY, T0, seededRandom } from '../fixtures.js';
import { ndjsonStores, postgresStores } from './engine-stores.js';
import type { EngineStores } from './engine-stores.js';
import { expectSameReport } from './same-report.js';
import { runPsql } from './psql.js';

const EXPERIMENT = `it's "exp"; -- x`;
const UNIT = `dev"ice\\id'.x[0]$`;
const VARIANTS = [`con'trol`, `gr"een\\`];
const BUY = `buy'); DROP TABLE x; --`;
const CLICK = `cl"ick\\n*/ /*`;
const SEGMENT = `co"un'try\\.$[0]`;

const options: Omit<StoreAnalysisOptions, 'engine'> = {
  experiment: {
    key: EXPERIMENT,
    unit: UNIT,
    variants: VARIANTS.map((key) => ({ key, weight: 50 })),
  },
  metrics: [
    { key: `con"v'\n-- m`, kind: 'conversion', event: BUY, role: 'primary' },
    { key: `rev'"`, kind: 'sum', event: BUY, winsorize: { upper: 0.9 } },
    { key: `clicks\\`, kind: 'count', event: CLICK },
    { key: `ra"tio`, kind: 'ratio', numerator: BUY, denominator: { event: CLICK, aggregate: 'count' } },
    { key: `p'5"0\n--`, kind: 'quantile', event: BUY, quantile: 0.5 },
    { key: `fun"nel'`, kind: 'funnel', steps: [CLICK, BUY] },
    { key: `act'ive"`, kind: 'activeDays', event: CLICK, window: 3 * DAY },
    { key: `ret"'`, kind: 'retention', event: CLICK, day: 1 },
  ],
  segments: [SEGMENT],
  now: T0 + 30 * DAY,
};

function events(): object[] {
  const random = seededRandom(11);
  const out: object[] = [];
  let id = 0;
  const next = () => `h${++id}'"`;
  for (let i = 0; i < 120; i++) {
    const unit = `u'${i}"\\`;
    const variant = VARIANTS[i % 2] as string;
    const entered = T0 + Math.floor(random() * 3 * DAY);
    out.push({
      id: next(),
      type: 'exposure',
      kind: 'experiment',
      name: EXPERIMENT,
      variant,
      units: { [UNIT]: unit, deviceID: `plain${i}` },
      time: entered,
      source: 'client',
      reason: 'SPLIT',
      unit: UNIT,
      attributes: { [SEGMENT]: i % 3 === 0 ? `F'R"` : 'DE', deviceID: 'not this' },
    });
    for (let k = 0; k < 1 + Math.floor(random() * 4); k++) {
      const t = entered + Math.floor(random() * 4 * DAY);
      out.push({ id: next(), type: 'event', name: CLICK, units: { [UNIT]: unit }, time: t, source: 'client' });
      if (random() < (i % 2 === 0 ? 0.3 : 0.5))
        out.push({
          id: next(),
          type: 'event',
          name: BUY,
          units: { [UNIT]: unit },
          time: t + 1000,
          value: Math.round(random() * 1000) / 10,
          source: 'client',
        });
    }
  }
  return out;
}

/** The printed script's statements, in order (the script separates them with a blank line). */
const statements = (script: string) => script.split(';\n\n').map((s) => s.replace(/;\n$/, ''));

async function sameAsMemory(stores: EngineStores, engine: 'duckdb' | 'postgres') {
  const store = await stores.open(events());
  const memory = await analyzeFromStore(store, { ...options, engine: 'memory' });
  // The names really reach the analysis: every unit is enrolled and every metric counts events.
  expect(memory.variants.map((v) => v.units)).toEqual([60, 60]);
  expect(memory.events.counted).toBeGreaterThan(200);
  expectSameReport(await analyzeFromStore(store, { ...options, engine }), memory);
  return { store, memory };
}

describe('hostile names in DuckDB', () => {
  const stores = ndjsonStores();
  afterAll(stores.close);

  it('give the in-memory report, and the printed script runs as printed with the same units', async () => {
    const { store, memory } = await sameAsMemory(stores, 'duckdb');
    expectSameReport(await analyzeFromStore(store, { ...options, engine: 'duckdb', columnCache: true }), memory);
    const { sql } = await analysisSqlForStore(store, { ...options, engine: 'duckdb' });
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const results: Record<string, unknown>[][] = [];
    try {
      for (const statement of statements(sql))
        results.push((await connection.runAndReadAll(statement)).getRowObjectsJS());
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    const variants = statements(sql).findIndex((s) => /^SELECT v\.variant,[\s\S]*\nGROUP BY v\.variant$/.test(s));
    expect(variants).toBeGreaterThan(0);
    const units = (results[variants] ?? []).map((row) => [Number(row.variant), Number(row.n)]).sort();
    expect(units).toEqual(memory.variants.map((v, i) => [i, v.units]));
  });
});

describePostgres('hostile names in PostgreSQL (real server)', (url) => {
  const stores = postgresStores(url);
  afterAll(stores.close);

  it('give the in-memory report, and the printed script runs through psql', async () => {
    const { store } = await sameAsMemory(stores, 'postgres');
    const { sql } = await analysisSqlForStore(store, { ...options, engine: 'postgres' });
    const psql = runPsql(url, sql);
    expect(psql.stderr).toBe('');
    expect(psql.status).toBe(0);
  });
});
