/**
 * The PostgreSQL engine in a database whose encoding is not UTF8 (LATIN1): its SQL must not name U+10FFFF
 * (`chr(1114111)` fails there, "requested character too large for encoding"), so segmented analyses and the
 * printed script run, with the in-memory engine's labels. The printed script also carries the engine's
 * `extra_float_digits`, so a session set to 0 keys numbers as the engine does.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { analyzeFromStore } from '../../../src/analysis/index.js';
import type { StoreAnalysisOptions } from '../../../src/analysis/index.js';
import { analysisSqlForStore } from '../../../src/analysis/from-store.js';
import { createPostgresStore } from '../../../src/collector/postgres-store.js';
import type { EventStore } from '../../../src/events/store.js';
import type { SplitkitEvent } from '../../../src/events/types.js';
import { describePostgres, uniqueTable } from '../../collector/support/postgres-env.js';
import { BUTTON, DAY, T0, exposure, track } from '../fixtures.js';
import { expectSameReport } from './same-report.js';

const TAGS: readonly unknown[] = [
  'café',
  'Zürich',
  'abc',
  'ÿ',
  0.1,
  0.30000000000000004,
  1e-7,
  1.5,
  300000.00000000006,
  true,
];

function events(): SplitkitEvent[] {
  const out: object[] = [];
  TAGS.forEach((tag, v) => {
    for (let i = 0; i < 3 + (v % 4); i++) {
      const units = { deviceID: `u${v}-${i}` };
      const entered = T0 + (i % 3) * DAY;
      out.push(exposure(units, (v + i) % 2 === 0 ? 'control' : 'green', entered, { attributes: { tag } } as never));
      out.push(track(units, 'purchase', entered + 1_000, 3 + ((v * 7 + i) % 11)));
    }
  });
  return out as SplitkitEvent[];
}

const options: Omit<StoreAnalysisOptions, 'engine'> = {
  experiment: BUTTON,
  metrics: [{ key: 'revenue', kind: 'sum', event: 'purchase', role: 'primary' }],
  segments: ['tag'],
  maxSegmentValues: 60,
  now: T0 + 60 * DAY,
};

describePostgres('PostgreSQL engine in a LATIN1 database', (url) => {
  // One database kept between runs, its tables dropped: DROP DATABASE waits for every backend of the
  // cluster to absorb a barrier, which a long query elsewhere in the shared test cluster can hold up for minutes.
  const name = 'splitkit_latin1_test';
  const table = uniqueTable();
  let store: EventStore | undefined;
  let dbUrl = '';

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (rows.length === 0) {
        await admin
          .query(`CREATE DATABASE "${name}" ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0`)
          .catch((error: { code?: string }) => {
            if (error.code !== '42P04') throw error; // made meanwhile by another run
          });
      }
    } finally {
      await admin.end();
    }
    const parsed = new URL(url);
    parsed.pathname = `/${name}`;
    dbUrl = parsed.toString();
    store = await createPostgresStore({ connectionString: dbUrl, table });
    await store.append(events());
  });

  afterAll(async () => {
    await store?.close();
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    await client.query(`DROP TABLE IF EXISTS "${table}"`);
    await client.end();
  });

  it('runs a segmented analysis with the in-memory labels', async () => {
    const s = store as EventStore;
    const sql = await analyzeFromStore(s, { ...options, engine: 'postgres' });
    const memory = await analyzeFromStore(s, { ...options, engine: 'memory' });
    const check = new pg.Client({ connectionString: dbUrl });
    await check.connect();
    const { rows } = await check.query('SHOW server_encoding');
    await check.end();
    expect(rows[0]).toEqual({ server_encoding: 'LATIN1' });
    expect(new Set(memory.segments[0]?.values.map((v) => v.value))).toEqual(
      new Set([
        'café',
        'Zürich',
        'abc',
        'ÿ',
        '0.1',
        '0.30000000000000004',
        '1e-7',
        '1.5',
        '300000.00000000006',
        'true',
      ]),
    );
    expectSameReport(sql, memory);
  });

  it('prints a script that runs there, keying numbers as the engine does in a session with extra_float_digits 0', async () => {
    const s = store as EventStore;
    const { sql } = await analysisSqlForStore(s, { ...options, engine: 'postgres' });
    expect(sql.split('\n').filter((line) => line.startsWith('SET LOCAL'))).toEqual([
      'SET LOCAL jit = off;',
      'SET LOCAL extra_float_digits = 1;',
    ]);
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    try {
      await client.query('SET extra_float_digits = 0');
      await client.query('BEGIN');
      const results = await client.query(sql);
      const all = (Array.isArray(results) ? results : [results]) as pg.QueryResult[];
      const keys = all.flatMap((r) => r.rows).map((row) => JSON.stringify(row));
      // Under 15 digits 0.30000000000000004 would read 0.3 and 300000.00000000006 300000.
      expect(keys.some((k) => k.includes('0.30000000000000004'))).toBe(true);
      expect(keys.some((k) => k.includes('300000.00000000006'))).toBe(true);
      await client.query('ROLLBACK');
    } finally {
      await client.end();
    }
  });
});
