import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { analyzeFromStore } from '../../../src/analysis/index.js';
import { resolveOptions } from '../../../src/analysis/resolve-options.js';
import { duckdbDialect, nullFieldsQuery } from '../../../src/analysis/sql/dialect-duckdb.js';
import { duckdbLogRead, holdsNullFields } from '../../../src/analysis/sql/duckdb-log.js';
import { sqlAggregates } from '../../../src/analysis/sql/run-sql.js';
import { createNdjsonStore } from '../../../src/collector/ndjson-store.js';
import { DAY, T0, exposure, identify, track } from '../fixtures.js';
import { parityEvents, parityOptions } from './parity-fixture.js';
import { duckdbAggregates, withDuckDb } from '../../../src/analysis/sql/duckdb-engine.js';
import { expectSameReport } from './same-report.js';
import { writeEventLog } from './event-log.js';

const dir = mkdtempSync(join(tmpdir(), 'splitkit-duckdb-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeLog(name: string, events: object[]): string {
  return writeEventLog(join(dir, name), events);
}

/** A 50/50 experiment on device ids, analyzed for the revenue (sum) of `purchase` events. */
function revenueAnalysis(key: string) {
  return {
    experiment: {
      key,
      unit: 'deviceID',
      variants: [
        { key: 'control', weight: 50 },
        { key: 'green', weight: 50 },
      ],
    },
    metrics: [{ key: 'revenue', event: 'purchase', kind: 'sum' as const }],
    now: T0 + 10 * DAY,
  };
}

/** The log `lines` (JSON texts) at `name`, analyzed by the memory engine and by DuckDB. */
async function bothEngines(name: string, lines: readonly string[], options: ReturnType<typeof revenueAnalysis>) {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  const store = await createNdjsonStore({ path, readOnly: true });
  try {
    return {
      memory: await analyzeFromStore(store, { ...options, engine: 'memory' }),
      duckdb: await analyzeFromStore(store, { ...options, engine: 'duckdb' }),
    };
  } finally {
    await store.close();
  }
}

/** A purchase line whose value is written as `text` (JSON.stringify cannot write 1e400; a hand or another writer can). */
function purchaseValued(units: { deviceID: string }, text: string): string {
  return JSON.stringify(track(units, 'purchase', T0 + DAY, 123)).replace('123', text);
}

describe('the DuckDB log read', () => {
  it('parses the log once: after sk_log is filled the stages no longer read the file', async () => {
    const path = writeLog('once.ndjson', parityEvents());
    const intact = join(dir, 'once-intact.ndjson');
    copyFileSync(path, intact);
    const options = resolveOptions(parityOptions);
    // The typed read, as the engine takes it on a log without a null value or variant (this one).
    const log = duckdbLogRead([path], options.unit, false);
    const once = await withDuckDb({}, (execute) => {
      let loaded = false;
      return sqlAggregates(options, log.dialect, async (sql) => {
        if (!loaded) {
          loaded = true;
          await execute(log.load() ?? '');
          // Emptied once read: a stage that scanned the file again would see no rows.
          writeFileSync(path, '');
        }
        return execute(sql);
      });
    });
    // The dialect that scans the file for each stage (each line read whole), over an untouched copy.
    const perStage = await withDuckDb({}, (execute) => sqlAggregates(options, duckdbDialect([intact]), execute));
    expect(once.units.reduce((a, b) => a + b, 0)).toBeGreaterThan(300);
    expect(once.events.stitched).toBeGreaterThan(10);
    // Segment values come in no particular order from either.
    const sorted = (a: typeof once) => ({
      ...a,
      segments: a.segments.map((s) => [...s].sort((x, y) => x.value.localeCompare(y.value))),
    });
    expectSameReport(sorted(once), sorted(perStage));
  });

  it('reads a source for another unit from the file itself', () => {
    const log = duckdbLogRead(['/logs/events.ndjson'], 'deviceID', false);
    expect(log.dialect.source('deviceID', () => "type = 'identify'")).toContain('FROM sk_log');
    expect(log.dialect.source('deviceID', () => "type = 'event'")).toContain('FROM sk_log');
    expect(log.dialect.source('userID', () => "name = 'by_user'")).toContain("read_ndjson(['/logs/events.ndjson']");
    // One read serves both deviceID sources; the userID one is not in it.
    expect(log.load()).toContain("(type = 'identify') OR (type = 'event')");
    expect(log.load()).not.toContain('by_user');
  });

  it('stitches two stored events with the same id each on its own, as the in-memory analysis does', async () => {
    // The same id twice (beyond the store's dedupe window): the first purchase falls after d1's link, the second after d2's.
    const options = revenueAnalysis('dup_test');
    const events = [
      exposure({ deviceID: 'd1' }, 'control', T0, { name: 'dup_test' }),
      exposure({ deviceID: 'd2' }, 'green', T0, { name: 'dup_test' }),
      identify({ deviceID: 'd1', userID: 'shared' }, T0 + DAY),
      identify({ deviceID: 'd2', userID: 'shared' }, T0 + 3 * DAY),
      { ...track({ userID: 'shared' }, 'purchase', T0 + 2 * DAY, 5), id: 'dup' },
      { ...track({ userID: 'shared' }, 'purchase', T0 + 4 * DAY, 7), id: 'dup' },
    ];
    const lines = events.map((e) => JSON.stringify(e));
    const { memory, duckdb } = await bothEngines('dup.ndjson', lines, options);
    expect(memory.metrics[0]?.variants.map((v) => v.summary.total)).toEqual([5, 7]);
    expectSameReport(duckdb, memory);
  });

  it('counts a hand-written value beyond a double as not finite, as the in-memory analysis does', async () => {
    const options = revenueAnalysis('big_values');
    const events = [
      exposure({ deviceID: 'd1' }, 'control', T0, { name: 'big_values' }),
      exposure({ deviceID: 'd2' }, 'green', T0, { name: 'big_values' }),
      track({ deviceID: 'd1' }, 'purchase', T0 + DAY, 5),
      track({ deviceID: 'd2' }, 'purchase', T0 + DAY, 7),
    ];
    const lines = [
      ...events.map((e) => JSON.stringify(e)),
      purchaseValued({ deviceID: 'd1' }, '1e400'),
      purchaseValued({ deviceID: 'd2' }, '-1e400'),
    ];
    const { memory, duckdb } = await bothEngines('big.ndjson', lines, options);
    expect(memory.invalid.events.nonFiniteValue).toBe(2);
    expect(duckdb.invalid.events.outOfRangeValue).toBe(0);
    expectSameReport(duckdb, memory);
  });

  it('reads each line whole only when some line has a value or variant of JSON null', async () => {
    const base = [
      { ...exposure({ deviceID: 'd1' }, 'control', T0), attributes: { plan: null } },
      { ...track({ deviceID: 'd1' }, 'purchase', T0 + DAY), units: null, note: 'value: null' },
      { ...track({ deviceID: 'd1' }, 'purchase', T0 + DAY), value: 'null' },
      { ...track({ deviceID: 'd1' }, 'purchase', T0 + DAY), time: null, nested: { value: null, variant: null } },
    ];
    const holds = (name: string, events: object[]) =>
      withDuckDb({}, (run) => holdsNullFields(run, [writeLog(name, events)]));
    expect(await holds('no-nulls.ndjson', base)).toBe(false);
    expect(
      await holds('null-value.ndjson', [...base, { ...track({ deviceID: 'd1' }, 'purchase', T0), value: null }]),
    ).toBe(true);
    expect(
      await holds('null-variant.ndjson', [...base, { ...exposure({ deviceID: 'd1' }, 'green', T0), variant: null }]),
    ).toBe(true);
    // Only the whole-line read keeps a JSON null apart from an absent field.
    expect(duckdbLogRead(['/logs/a.ndjson'], 'deviceID', true).dialect.source('userID', () => 'true')).toContain(
      'read_ndjson_objects',
    );
  });

  it('takes the typed read unless the scan finds a null value or variant', async () => {
    // Every statement the engine runs, through the connection all of them go through.
    const runs = vi.spyOn(DuckDBConnection.prototype, 'runAndReadAll');
    const wholeLineReads = async (path: string) => {
      runs.mockClear();
      await duckdbAggregates(resolveOptions(parityOptions), { files: [path] });
      return runs.mock.calls.map(([sql]) => sql).filter((sql) => sql.includes('read_ndjson_objects'));
    };
    try {
      // Lines with null attributes pass the scan's text filter; no value or variant is null.
      const typed = writeLog('typed.ndjson', parityEvents(3));
      expect(await wholeLineReads(typed)).toEqual([nullFieldsQuery([typed])]);
      const exact = writeLog('exact.ndjson', [
        ...parityEvents(3),
        { ...track({ deviceID: 'd1' }, 'purchase', T0), value: null },
      ]);
      const reads = await wholeLineReads(exact);
      expect(reads[0]).toBe(nullFieldsQuery([exact]));
      expect(reads.filter((sql) => sql.startsWith('CREATE TEMP TABLE sk_log'))).toHaveLength(1);
    } finally {
      runs.mockRestore();
    }
  });

  it('reads a value beyond a double beside a null value, as the in-memory analysis does', async () => {
    const options = revenueAnalysis('big_and_null');
    const lines = [
      exposure({ deviceID: 'd1' }, 'control', T0, { name: 'big_and_null' }),
      exposure({ deviceID: 'd2' }, 'green', T0, { name: 'big_and_null' }),
      track({ deviceID: 'd1' }, 'purchase', T0 + DAY, 5),
      { ...track({ deviceID: 'd2' }, 'purchase', T0 + DAY, 7), value: null },
    ].map((e) => JSON.stringify(e));
    lines.push(purchaseValued({ deviceID: 'd1' }, '1e400'));
    const { memory, duckdb } = await bothEngines('big-and-null.ndjson', lines, options);
    expect(memory.invalid.events).toMatchObject({ nonFiniteValue: 1, nonNumberValue: 1 });
    expectSameReport(duckdb, memory);
  });

  it('takes its memory cap from SPLITKIT_DUCKDB_MEMORY_LIMIT and leaves nothing in the temporary folder', async () => {
    const store = await createNdjsonStore({ path: writeLog('spill.ndjson', parityEvents(3)), readOnly: true });
    const temp = join(dir, 'tmp');
    mkdirSync(temp);
    const saved = { TMPDIR: process.env.TMPDIR, limit: process.env.SPLITKIT_DUCKDB_MEMORY_LIMIT };
    // The engine's spill folder goes under TMPDIR.
    process.env.TMPDIR = temp;
    try {
      process.env.SPLITKIT_DUCKDB_MEMORY_LIMIT = 'a lot';
      await expect(analyzeFromStore(store, { ...parityOptions, engine: 'duckdb' })).rejects.toThrow(/config/i);
      process.env.SPLITKIT_DUCKDB_MEMORY_LIMIT = '512MB';
      const report = await analyzeFromStore(store, { ...parityOptions, engine: 'duckdb' });
      expect(report.units).toBeGreaterThan(100);
    } finally {
      for (const [key, value] of Object.entries({ TMPDIR: saved.TMPDIR, SPLITKIT_DUCKDB_MEMORY_LIMIT: saved.limit })) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await store.close();
    }
    expect(readdirSync(temp)).toEqual([]);
  });
});
