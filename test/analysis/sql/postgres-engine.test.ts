import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeFromStore } from '../../../src/analysis/index.js';
import { postgresDialect } from '../../../src/analysis/sql/dialect-postgres.js';
import { resolveOptions } from '../../../src/analysis/options.js';
import { analysisSql } from '../../../src/analysis/sql/stages.js';
import { createPostgresStore } from '../../../src/collector/postgres-store.js';
import type { PostgresStore } from '../../../src/collector/postgres-store.js';
import type { SplitkitEvent } from '../../../src/events/types.js';
import { describePostgres, uniqueTable } from '../../collector/support/postgres-env.js';
import { dayKindMetrics, parityEvents, parityOptions } from './parity-fixture.js';
import { expectSameReport } from './same-report.js';

describePostgres('the postgres engine (real server)', (url) => {
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  const tables: string[] = [];
  const stores: PostgresStore[] = [];

  async function storeWith(events: readonly object[]): Promise<PostgresStore> {
    const table = uniqueTable();
    tables.push(table);
    const store = await createPostgresStore({ connectionString: url, table });
    stores.push(store);
    // The bigint time column cannot hold a time that is not a number; everything else is stored as it is.
    const storable = events.filter((e) => typeof (e as { time?: unknown }).time === 'number') as SplitkitEvent[];
    await store.append(storable);
    return store;
  }

  afterAll(async () => {
    for (const store of stores) await store.close();
    for (const table of tables) await admin.query(`DROP TABLE IF EXISTS "${table}"`);
    await admin.end();
  });

  it('gives the in-memory report on messy data: exclusions, stitching, invalid data, caps, segments', async () => {
    const store = await storeWith(parityEvents());
    const memory = await analyzeFromStore(store, { ...parityOptions, engine: 'memory' });
    const postgres = await analyzeFromStore(store, { ...parityOptions, engine: 'postgres' });
    expect(memory.exclusions.multipleVariants).toBeGreaterThan(0);
    expect(memory.events.stitched).toBeGreaterThan(10);
    expect(memory.invalid.events.nonNumberValue).toBe(1);
    expect(memory.metrics[1]?.measurement?.caps?.upper?.units).toBeGreaterThan(0);
    expectSameReport(postgres, memory);
    // The default for a PostgreSQL store is the database.
    expectSameReport(await analyzeFromStore(store, parityOptions), memory);
  });

  it('gives the in-memory report with sequential testing, and runs CUPED itself (no fallback)', async () => {
    const store = await storeWith(parityEvents(7));
    const options = { ...parityOptions, sequential: true };
    const memory = await analyzeFromStore(store, { ...options, engine: 'memory' });
    const postgres = await analyzeFromStore(store, { ...options, engine: 'postgres' });
    expect(memory.metrics[0]?.variants.some((v) => v.comparison?.status === 'ok' && v.comparison.sequential)).toBe(
      true,
    );
    expectSameReport(postgres, memory);
    const cuped = await analyzeFromStore(store, { ...parityOptions, cuped: true });
    expect(cuped.notes.some((note) => note.startsWith('Analyzed in memory'))).toBe(false);
    expectSameReport(cuped, await analyzeFromStore(store, { ...parityOptions, cuped: true, engine: 'memory' }));
  });

  it('gives the in-memory report of active-day and retention metrics, overall and per segment', async () => {
    const store = await storeWith(parityEvents(13));
    const options = { ...parityOptions, metrics: [...parityOptions.metrics, ...dayKindMetrics] };
    const memory = await analyzeFromStore(store, { ...options, engine: 'memory' });
    const postgres = await analyzeFromStore(store, { ...options, engine: 'postgres' });
    const rows = memory.metrics.find((m) => m.metric.key === 'engaged')?.variants ?? [];
    expect(rows.some((r) => (r.summary.eligibleUnits ?? 0) < (r.summary.enrolledUnits ?? 0))).toBe(true);
    expectSameReport(postgres, memory);
  });

  it('returns only aggregates to Node and leaves no tables behind', async () => {
    const store = await storeWith(parityEvents(5));
    let rows = 0;
    const source = store.analysisSource;
    const counting = {
      ...store,
      analysisSource: {
        table: source.table,
        async connect() {
          const client = await source.connect();
          return {
            async query(text: string, values?: unknown[]) {
              const result = await client.query(text, values);
              rows += result.rows.length;
              return result;
            },
            release: (error?: Error | boolean) => client.release(error),
          };
        },
      },
    };
    const report = await analyzeFromStore(counting, { ...parityOptions, engine: 'postgres' });
    expect(report.units).toBeGreaterThan(300);
    // Counts, the window, the caps, 2 variants and (values × variants) per segment attribute: a few dozen rows for ~4,000 events.
    expect(rows).toBeLessThan(40);
    const left = await admin.query(
      "SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE 'sk\\_%' AND relpersistence = 't'",
    );
    expect(left.rows[0].n).toBe(0);
  });

  describe('query plan', () => {
    let table = '';
    beforeAll(async () => {
      table = uniqueTable();
      tables.push(table);
      const store = await createPostgresStore({ connectionString: url, table });
      stores.push(store);
      // Much traffic that the analysis does not read: other experiments and other events.
      await admin.query(
        `INSERT INTO "${table}" (id, type, name, "time", payload)
         SELECT 'f' || g, CASE WHEN g % 2 = 0 THEN 'exposure' ELSE 'event' END, 'other_' || (g % 500), 1714521600000 + g,
           jsonb_build_object('type', 'event', 'name', 'other', 'time', 1714521600000 + g)
         FROM generate_series(1, 60000) AS g`,
      );
      await store.append(
        parityEvents(9).filter((e) => typeof (e as { time?: unknown }).time === 'number') as SplitkitEvent[],
      );
      await admin.query(`ANALYZE "${table}"`);
    });

    it('reads the rows through the (name, time) and (type, time) indexes', async () => {
      const sql = analysisSql(resolveOptions(parityOptions), postgresDialect(`"${table}"`));
      const read = sql.stages[0]?.replace(/^CREATE TEMP VIEW sk_rows AS\n/, '') ?? '';
      const plan = await admin.query(`EXPLAIN (FORMAT JSON) ${read}`);
      const text = JSON.stringify(plan.rows[0]);
      expect(text).toContain(`${table}_name_time_idx`);
      expect(text).toContain(`${table}_type_time_idx`);
      expect(text).not.toContain('"Seq Scan"');
    });
  });
});
