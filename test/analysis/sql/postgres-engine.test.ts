import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { analyzeFromStore, inferDesign } from '../../../src/analysis/index.js';
import type { StoreAnalysisOptions } from '../../../src/analysis/index.js';
import { inferDesignInEngine } from '../../../src/analysis/from-store.js';
import { postgresDialect } from '../../../src/analysis/sql/dialect-postgres.js';
import { resolveOptions } from '../../../src/analysis/resolve-options.js';
import { analysisSql } from '../../../src/analysis/sql/stages.js';
import { createPostgresStore } from '../../../src/collector/postgres-store.js';
import type { PostgresStore } from '../../../src/collector/postgres-store.js';
import type { EventStore } from '../../../src/events/store.js';
import type { SplitkitEvent } from '../../../src/events/types.js';
import { describePostgres, uniqueTable } from '../../collector/support/postgres-env.js';
import { DAY, T0, exposure } from '../fixtures.js';
import { carriedUnitExposures, dayKindMetrics, oddExposures, parityEvents, parityOptions } from './parity-fixture.js';
import { type RanStatement, recordingSource, rowsReturned } from './recording-source.js';
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
    const ran: RanStatement[] = [];
    const counting = { ...store, analysisSource: recordingSource(store.analysisSource, ran) };
    const report = await analyzeFromStore(counting, { ...parityOptions, engine: 'postgres' });
    expect(report.units).toBeGreaterThan(300);
    // Counts, the window, the caps, 2 variants and (values × variants) per segment attribute: a few dozen rows for ~4,000 events.
    expect(rowsReturned(ran)).toBeLessThan(40);
    const left = await admin.query(
      "SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE 'sk\\_%' AND relpersistence = 't'",
    );
    expect(left.rows[0].n).toBe(0);
  });

  describe('inferring the design in PostgreSQL', () => {
    it('guesses what the in-memory reading guesses on messy data: variants, control and unit', async () => {
      const store = await storeWith([...parityEvents(13), ...oddExposures()]);
      const memory = await inferDesign(store, 'button_color');
      const postgres = await inferDesignInEngine(store, 'button_color', {}, 'postgres');
      // The fixture's forced 'purple' exposure is a variant seen; a variant that is not a string is not.
      expect(memory.experiment.variants.map((v) => v.key)).toEqual(['control', 'green', 'purple']);
      expect(postgres).toEqual(memory);
      expect(await inferDesignInEngine(store, 'button_color', {}, undefined)).toEqual(memory);
      const overridden = { control: 'green', unit: 'userID' };
      expect(await inferDesignInEngine(store, 'button_color', overridden, 'postgres')).toEqual(
        await inferDesign(store, 'button_color', overridden),
      );
    });

    it('takes the unit carried most when no exposure names one as a string', async () => {
      const store = await storeWith(carriedUnitExposures());
      const memory = await inferDesign(store, 'button_color');
      expect(memory.experiment).toMatchObject({ unit: 'userID', control: 'a' });
      expect(await inferDesignInEngine(store, 'button_color', {}, 'postgres')).toEqual(memory);
    });

    it('guesses as in memory on the in-memory inference cases: "control", a unit named or only carried', async () => {
      const cases = [
        [
          exposure({ deviceID: 'a', userID: 'u' }, 'zeta', T0),
          exposure({ deviceID: 'b', userID: 'v' }, 'control', T0),
          exposure({ deviceID: 'c' }, 'alpha', T0),
        ],
        [
          exposure({ userID: 'a' }, 'b', T0, { unit: undefined }),
          exposure({ userID: 'b', deviceID: 'x' }, 'a', T0, { unit: undefined }),
        ],
      ];
      for (const events of cases) {
        const store = await storeWith(events);
        const memory = await inferDesign(store, 'button_color');
        expect(await inferDesignInEngine(store, 'button_color', {}, 'postgres')).toEqual(memory);
        const overridden = { unit: 'deviceID', control: 'b' };
        expect(await inferDesignInEngine(store, 'button_color', overridden, 'postgres')).toEqual(
          await inferDesign(store, 'button_color', overridden),
        );
      }
      const single = await storeWith([exposure({ deviceID: 'a' }, 'control', T0)]);
      await expect(inferDesignInEngine(single, 'button_color', {}, 'postgres')).rejects.toMatchObject({
        code: 'ANALYSIS_INPUT',
        message: expect.stringContaining('(control)'),
      });
    });

    it('runs one grouped query and streams no exposure to Node', async () => {
      const store = await storeWith(parityEvents(13));
      const ran: RanStatement[] = [];
      const source = recordingSource(store.analysisSource, ran);
      const read = vi.fn(store.read);
      const watched = { ...store, read, analysisSource: source };
      const { experiment } = await inferDesignInEngine(watched, 'button_color', {}, undefined);
      expect(experiment.variants.map((v) => v.key)).toEqual(['control', 'green', 'purple']);
      expect(read).not.toHaveBeenCalled();
      expect(ran).toHaveLength(1);
      expect(ran[0]?.text).toContain('GROUP BY');
      // One row per variant, unit field and set of unit names, for ~450 exposures.
      expect(rowsReturned(ran)).toBeLessThanOrEqual(6);
    });
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

    /** The JSON plan of the statement that reads the stored rows (`sk_rows`), for `options`. */
    async function readPlan(options: StoreAnalysisOptions): Promise<string> {
      const sql = analysisSql(resolveOptions(options), postgresDialect(`"${table}"`));
      const read = sql.stages[0]?.replace(/^CREATE TEMP VIEW sk_rows AS\n/, '') ?? '';
      const plan = await admin.query(`EXPLAIN (FORMAT JSON) ${read}`);
      return JSON.stringify(plan.rows[0]);
    }

    /** The conditions the plan's index scans of `index` use. */
    function indexConditions(plan: string, index: string): string[] {
      const found: string[] = [];
      const walk = (node: Record<string, unknown>) => {
        if (node['Index Name'] === index) found.push(String(node['Index Cond']));
        for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
      };
      walk((JSON.parse(plan) as { 'QUERY PLAN': { Plan: Record<string, unknown> }[] })['QUERY PLAN'][0]!.Plan);
      return found;
    }

    it('reads the rows through the (name, time) and (type, time) indexes', async () => {
      const text = await readPlan(parityOptions);
      expect(text).toContain(`${table}_name_time_idx`);
      expect(text).toContain(`${table}_type_time_idx`);
      expect(text).not.toContain('"Seq Scan"');
    });

    it('bounds the time inside the index scans for a window with fractional ends', async () => {
      // Milliseconds with fractions: compared as numeric, the bigint column would lose its index on time.
      const from = T0 + DAY + 0.5;
      const to = T0 + 4 * DAY + 0.25;
      const text = await readPlan({ ...parityOptions, from, to });
      expect(text).not.toContain('"Seq Scan"');
      const conditions = indexConditions(text, `${table}_name_time_idx`);
      expect(conditions.length).toBeGreaterThan(0);
      for (const condition of conditions) {
        expect(condition).toContain(`("time" >= '${Math.ceil(from)}'::bigint)`);
        expect(condition).toContain(`("time" <= '${Math.floor(to)}'::bigint)`);
      }
      expect(indexConditions(text, `${table}_type_time_idx`)).toEqual(["(type = 'identify'::text)"]);
    });

    it("bounds CUPED's earlier read of metric events inside the index scans", async () => {
      const from = T0 + 8 * DAY + 0.5;
      const lookback = 7 * DAY;
      const text = await readPlan({ ...parityOptions, from, cuped: { lookback } });
      expect(text).not.toContain('"Seq Scan"');
      const conditions = indexConditions(text, `${table}_name_time_idx`);
      // The exposures from `from`, the metric events from `from - lookback`: both bounds are index conditions.
      expect(conditions.some((c) => c.includes("'button_color'") && c.includes(`>= '${Math.ceil(from)}'`))).toBe(true);
      const events = conditions.filter((c) => c.includes('{purchase,'));
      expect(events.length).toBeGreaterThan(0);
      for (const condition of events)
        expect(condition).toContain(`("time" >= '${Math.ceil(from - lookback)}'::bigint)`);
    });

    it('infers the design through the (name, time) index', async () => {
      const store = stores.at(-1) as PostgresStore;
      const ran: RanStatement[] = [];
      const watched: EventStore = Object.assign(
        { ...store },
        { analysisSource: recordingSource(store.analysisSource, ran) },
      );
      await inferDesignInEngine(watched, 'button_color', {}, 'postgres');
      const plan = await admin.query(`EXPLAIN (FORMAT JSON) ${ran[0]?.text}`);
      const text = JSON.stringify(plan.rows[0]);
      expect(indexConditions(text, `${table}_name_time_idx`)).toEqual(["(name = 'button_color'::text)"]);
      expect(text).not.toContain('"Seq Scan"');
    });
  });
});
