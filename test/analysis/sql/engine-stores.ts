/** The same stored events in each engine's store, for the parity tests (closed and dropped in `close`). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, it } from 'vitest';
import { analyzeFromStore } from '../../../src/analysis/index.js';
import type { ExperimentReport, StoreAnalysisOptions } from '../../../src/analysis/index.js';
import { createNdjsonStore } from '../../../src/collector/ndjson-store.js';
import { createPostgresStore } from '../../../src/collector/postgres-store.js';
import type { EventStore } from '../../../src/events/store.js';
import type { SplitkitEvent } from '../../../src/events/types.js';
import { uniqueTable } from '../../collector/support/postgres-env.js';
import { expectSameReport } from './same-report.js';
import { writeEventLog } from './event-log.js';

/** Opens stores holding given events; `close` closes them and removes their files or tables. */
export interface EngineStores {
  open(events: readonly object[]): Promise<EventStore>;
  close(): Promise<void>;
}

/** NDJSON logs (DuckDB's store) in a temporary directory. */
export function ndjsonStores(): EngineStores {
  const dir = mkdtempSync(join(tmpdir(), 'splitkit-methods-'));
  const stores: EventStore[] = [];
  let n = 0;
  return {
    async open(events) {
      const path = join(dir, `log${++n}.ndjson`);
      writeEventLog(path, events);
      const store = await createNdjsonStore({ path, readOnly: true });
      stores.push(store);
      return store;
    },
    async close() {
      for (const store of stores) await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Tables of a PostgreSQL server. */
export function postgresStores(url: string): EngineStores {
  const tables: string[] = [];
  const stores: EventStore[] = [];
  return {
    async open(events) {
      const table = uniqueTable();
      tables.push(table);
      const store = await createPostgresStore({ connectionString: url, table });
      stores.push(store);
      // The bigint time column cannot hold a time that is not a number; everything else is stored as it is.
      await store.append(events.filter((e) => typeof (e as { time?: unknown }).time === 'number') as SplitkitEvent[]);
      return store;
    },
    async close() {
      for (const store of stores) await store.close();
      const admin = new pg.Pool({ connectionString: url, max: 1 });
      for (const table of tables) await admin.query(`DROP TABLE IF EXISTS "${table}"`);
      await admin.end();
    },
  };
}

/** One parity case: events, options, and what the in-memory report must show so the case exercises what it claims. */
export interface ParityCase {
  name: string;
  events: () => object[];
  options: Omit<StoreAnalysisOptions, 'engine'>;
  check(memory: ExperimentReport): void;
}

/**
 * Registers one test per case: `engine`'s report equals the in-memory one on the same stored events (for
 * DuckDB, also through the log's column cache). Returns
 * the suite's stores (opened at first use, closed after the suite) for tests of its own.
 */
export function parityCases(
  engine: 'duckdb' | 'postgres',
  stores: () => EngineStores,
  cases: readonly ParityCase[],
): () => EngineStores {
  let open: EngineStores | undefined;
  const get = (): EngineStores => (open ??= stores());
  afterAll(() => open?.close());
  for (const c of cases) {
    it(c.name, async () => {
      // The bigint time column of the PostgreSQL store cannot hold a time that is not a number.
      const events = c
        .events()
        .filter((e) => engine === 'duckdb' || typeof (e as { time?: unknown }).time === 'number');
      const store = await get().open(events);
      const memory = await analyzeFromStore(store, { ...c.options, engine: 'memory' });
      const sql = await analyzeFromStore(store, { ...c.options, engine });
      c.check(memory);
      expectSameReport(sql, memory);
      if (engine === 'duckdb') {
        // The same log read through its column cache (Parquet), which the large logs of production use.
        expectSameReport(await analyzeFromStore(store, { ...c.options, engine, columnCache: true }), memory);
      }
    });
  }
  return get;
}
