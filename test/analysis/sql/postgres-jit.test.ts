/**
 * The PostgreSQL engine runs its queries without JIT compilation: its
 * aggregate queries hold hundreds of expressions over one row per unit, and
 * compiling them cost seconds (a CUPED analysis of 900 units: 1.5–4.4 s of
 * its 5 s) where running them takes milliseconds. The printed script says so too.
 */
import { afterAll, expect, it } from 'vitest';
import { analyzeFromStore } from '../../../src/analysis/index.js';
import { analysisSqlForStore } from '../../../src/analysis/from-store.js';
import type { PostgresAnalysisSource } from '../../../src/analysis/sql/postgres-engine.js';
import type { PostgresStore } from '../../../src/collector/postgres-store.js';
import { describePostgres } from '../../collector/support/postgres-env.js';
import { postgresStores } from './engine-stores.js';
import { NOW, parityEvents, parityOptions } from './parity-fixture.js';
import { watchedSource } from './recording-source.js';

/** `source`, recording the session's `jit` setting before each query (SELECT) that runs through it. */
function jitWatchingSource(source: PostgresAnalysisSource, seen: string[]): PostgresAnalysisSource {
  return watchedSource(source, async (text, connection) => {
    if (text.startsWith('SELECT')) {
      const { rows } = await connection.query('SHOW jit');
      seen.push((rows[0] as { jit: string }).jit);
    }
    return connection.query(text);
  });
}

describePostgres('PostgreSQL engine and JIT', (url) => {
  const stores = postgresStores(url);
  afterAll(() => stores.close());

  it('runs every query of the analysis with jit off', async () => {
    const store = (await stores.open(parityEvents(5))) as PostgresStore;
    const seen: string[] = [];
    const watched = { ...store, analysisSource: jitWatchingSource(store.analysisSource, seen) };
    const report = await analyzeFromStore(watched, { ...parityOptions, now: NOW, cuped: true, engine: 'postgres' });
    expect(report.units).toBeGreaterThan(300);
    expect(seen.length).toBeGreaterThan(3);
    expect(new Set(seen)).toEqual(new Set(['off']));
  });

  it('prints the same setting at the top of the --print-sql script, for psql --single-transaction', async () => {
    const store = await stores.open(parityEvents(5));
    const { sql } = await analysisSqlForStore(store, { ...parityOptions, now: NOW, engine: 'postgres' });
    expect(sql.split('\n').find((line) => !line.startsWith('--'))).toBe('SET LOCAL jit = off;');
  });
});
