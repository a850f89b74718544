/**
 * `--print-sql` promises a script that runs as printed (docs/analysis.md,
 * "Engines"): with every metric kind, CUPED, the timeline, sequential testing
 * and segments, DuckDB's script runs statement by statement in a fresh
 * DuckDB, and PostgreSQL's through psql, and each script's per-variant
 * statistics count the units the report counts.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { analysisSqlForStore, analyzeFromStore } from '../../../src/analysis/from-store.js';
import type { StoreAnalysisOptions } from '../../../src/analysis/from-store.js';
import { describePostgres } from '../../collector/support/postgres-env.js';
import { BUTTON, DAY } from '../fixtures.js';
import { ndjsonStores, postgresStores } from './engine-stores.js';
import { NOW, dayKindMetrics, parityEvents, parityMetrics } from './parity-fixture.js';
import { runPsql } from './psql.js';

const options: Omit<StoreAnalysisOptions, 'engine'> = {
  experiment: BUTTON,
  metrics: [
    ...parityMetrics,
    ...dayKindMetrics,
    { key: 'p90', kind: 'quantile', event: 'page_load', quantile: 0.9 },
    { key: 'checkout', kind: 'funnel', steps: ['click', 'purchase'], window: DAY },
  ],
  segments: ['country', 'plan'],
  maxSegmentValues: 3,
  now: NOW,
  cuped: true,
  timeline: true,
  sequential: true,
};

/** The printed script's statements, in order (the script separates them with a blank line). */
const statements = (script: string) => script.split(';\n\n').map((s) => s.replace(/;\n$/, ''));

/** The units per variant of a per-variant statistics query's rows. */
const unitsOf = (rows: Record<string, unknown>[]) =>
  rows.map((row) => [Number(row.variant), Number(row.n)]).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));

describe('the duckdb script --print-sql prints', () => {
  const stores = ndjsonStores();
  afterAll(stores.close);

  it('runs as printed in a fresh DuckDB, and its per-variant statistics count the report’s units', async () => {
    const store = await stores.open(parityEvents(3));
    const { sql } = await analysisSqlForStore(store, { ...options, engine: 'duckdb' });
    const report = await analyzeFromStore(store, { ...options, engine: 'duckdb' });
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const failed: string[] = [];
    const results: Record<string, unknown>[][] = [];
    try {
      for (const statement of statements(sql)) {
        try {
          results.push((await connection.runAndReadAll(statement)).getRowObjectsJS());
        } catch (error) {
          failed.push(`${String(error).split('\n')[0]} in: ${statement.slice(0, 120)}`);
          results.push([]);
        }
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    expect(failed).toEqual([]);
    const variants = statements(sql).findIndex((s) => /^SELECT v\.variant,[\s\S]*\nGROUP BY v\.variant$/.test(s));
    expect(variants).toBeGreaterThan(0);
    expect(unitsOf(results[variants] ?? [])).toEqual(report.variants.map((v, i) => [i, v.units]));
  });
});

describePostgres('the postgres script --print-sql prints (real server)', (url) => {
  const stores = postgresStores(url);
  afterAll(stores.close);

  it('runs as printed through psql in one transaction', async () => {
    const store = await stores.open(parityEvents(3));
    const { sql } = await analysisSqlForStore(store, { ...options, engine: 'postgres' });
    const psql = runPsql(url, sql);
    expect(psql.stderr).toBe('');
    expect(psql.status).toBe(0);
  });
});
