/**
 * A segment attribute with a value per unit (an id, a timestamp) in the SQL
 * engines: only the values shown and the pooled `(other)` leave the engine
 * with their statistics, not a row per value (docs/scale.md), and the report
 * is the in-memory one: the same values shown, the labels the engines spell
 * apart (`1`, `1.0`, `"1"`; an object and its JSON text as a string) merged
 * before the values are ranked, and the same `(other)`, quantiles included.
 * The label counts leave the engine bounded too.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeFromStore } from '../../../src/analysis/index.js';
import type { ExperimentReport, StoreAnalysisOptions } from '../../../src/analysis/index.js';
import type { SqlRow } from '../../../src/analysis/sql/run-sql.js';
import { createNdjsonStore } from '../../../src/collector/ndjson-store.js';
import type { PostgresStore } from '../../../src/collector/postgres-store.js';
import { describePostgres } from '../../collector/support/postgres-env.js';
import { BUTTON, DAY, T0, exposure, track } from '../fixtures.js';
import { ndjsonStores, parityCases, postgresStores } from './engine-stores.js';
import type { ParityCase } from './engine-stores.js';
import type { RanStatement } from './recording-source.js';
import { duckdbRun, recordingSource, rowsReturned } from './recording-source.js';
import { expectSameReport } from './same-report.js';

const MAX_VALUES = 6;
const SHOWN = ['1', 'beta', 'gamma', '{"a":1}', 'u0', '(other)'];
const PER_UNIT = 300;

const options: Omit<StoreAnalysisOptions, 'engine'> = {
  experiment: BUTTON,
  metrics: [
    { key: 'revenue', kind: 'sum', event: 'purchase', winsorize: { upper: 0.9 }, role: 'primary' },
    { key: 'converted', kind: 'conversion', event: 'purchase' },
    { key: 'p50', kind: 'quantile', event: 'page_load', quantile: 0.5, role: 'guardrail' },
  ],
  segments: ['uid', 'plan'],
  maxSegmentValues: MAX_VALUES,
  now: T0 + 60 * DAY,
};

/**
 * `PER_UNIT` units with a `uid` of their own, then shared values: `beta` on 10 units, `gamma` on 7, the
 * value 1 on 18 units in the `spellings` given (6 each in the log: `1`, `1.0`, `"1"`), which only rank
 * first once merged, and the object `{"a":1}` and the string `'{"a":1}'` on one unit each: one value of
 * 2 units in memory, each 1 unit in the engine, where the string ranks after every id. `plan` has two
 * values, so nothing of it is pooled.
 */
function events(spellings: readonly unknown[]): object[] {
  const uids: unknown[] = Array.from({ length: PER_UNIT }, (_, i) => `u${i}`);
  for (const [value, units] of [
    ['beta', 10],
    ['gamma', 7],
  ] as const)
    for (let i = 0; i < units; i++) uids.push(value);
  for (let i = 0; i < 18; i++) uids.push(spellings[i % spellings.length]);
  uids.push({ a: 1 }, '{"a":1}');
  return uids.flatMap((uid, i) => {
    const units = { deviceID: `d${i}` };
    const entered = T0 + (i % 5) * DAY;
    const attributes = { uid, plan: i % 3 === 0 ? 'pro' : 'free' };
    const out: object[] = [exposure(units, i % 2 === 0 ? 'control' : 'green', entered, { attributes } as never)];
    if (i % 4 !== 1) out.push(track(units, 'purchase', entered + 1_000, 5 + ((i * 7) % 23)));
    out.push(track(units, 'page_load', entered + 2_000, 100 + ((i * 13) % 37)));
    if (i % 3 === 0) out.push(track(units, 'page_load', entered + 3_000, 90 + ((i * 11) % 41)));
    return out;
  });
}

/** What the in-memory report must show for the case to test what it claims. */
function checkMemory(memory: ExperimentReport): void {
  const values = memory.segments[0]?.values ?? [];
  const units = (label: string) => values.find((v) => v.value === label)?.variants.reduce((n, v) => n + v.units, 0);
  // The merged 1 ranks first; the merged object, the first per-unit id (in code unit order) and (other) follow.
  expect(values.map((v) => v.value)).toEqual(SHOWN);
  expect(units('1')).toBe(18);
  expect(units('{"a":1}')).toBe(2);
  expect(units('(other)')).toBe(PER_UNIT - 1);
  expect(values[5]?.metrics[2]?.variants[0]?.summary.quantile?.values).toBeGreaterThan(100);
}

/** The statements whose rows hold every metric's statistics (`m0_mean`), with their row counts. */
const statisticsRows = (ran: readonly RanStatement[]) =>
  ran.filter((s) => s.rows.length > 0 && 'm0_mean' in (s.rows[0] as object)).map((s) => s.rows.length);

/**
 * Per variant (2), and per segment attribute at most `MAX_VALUES` values × 2 variants: the rows no longer
 * grow with the values (before, the uid statistics came back as one row per value and variant, about 325 × 2).
 * The label counts: at most `MAX_VALUES` keys and two rows per label only Node can rewrite (the object).
 */
function expectBounded(ran: readonly RanStatement[]): void {
  const rows = statisticsRows(ran);
  expect(rows).toHaveLength(3);
  for (const n of rows) expect(n).toBeLessThanOrEqual(MAX_VALUES * 2);
  const labels = ran.filter((s) => /^WITH g AS/.test(s.text)).map((s) => s.rows.length);
  expect(labels.length).toBeGreaterThanOrEqual(2);
  for (const n of labels) expect(n).toBeLessThanOrEqual(MAX_VALUES + 2 * 2);
  expect(rowsReturned(ran)).toBeLessThan(120);
}

const dir = mkdtempSync(join(tmpdir(), 'splitkit-per-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a per-unit segment attribute in the duckdb engine', () => {
  // The log as a hand-written one may spell the value 1: as 1, 1.0 and "1" (JSON.stringify writes 1.0 as 1).
  const path = join(dir, 'per-unit.ndjson');
  const mark = '"@one@"';
  const spellings = ['1', '1.0', '"1"'];
  let line = 0;
  const text = events(['@one@'])
    .map((e) => JSON.stringify(e).replace(mark, () => spellings[line++ % 3] as string))
    .join('\n');
  writeFileSync(path, `${text}\n`);

  it('gives the in-memory report, through the column cache too', async () => {
    const store = await createNdjsonStore({ path, readOnly: true });
    try {
      const memory = await analyzeFromStore(store, { ...options, engine: 'memory' });
      checkMemory(memory);
      expectSameReport(await analyzeFromStore(store, { ...options, engine: 'duckdb' }), memory);
      expectSameReport(await analyzeFromStore(store, { ...options, engine: 'duckdb', columnCache: true }), memory);
    } finally {
      await store.close();
    }
  });

  it('returns the statistics of the values shown and (other) only, not of every value', async () => {
    const { aggregates, ran } = await duckdbRun(options, [path]);
    expect(aggregates.segments[0]?.map((v) => v.value)).toEqual(SHOWN);
    // The object's in-memory label is a key beyond those counted: Node asked for its units.
    const keys = ran.filter((s) => /FROM sk_labels\d+ WHERE odd = 0 AND key IN/.test(s.text)).flatMap((s) => s.rows);
    expect(keys.map((row) => [(row as SqlRow).key, Number((row as SqlRow).n)])).toEqual([['{"a":1}', 1]]);
    expectBounded(ran);
  });
});

describe('a per-unit segment attribute of strings in U+E000–U+FFFF (which byte order puts apart) in the duckdb engine', () => {
  it('keys them in SQL, ranked in JavaScript order: no label comes back on its own and no key is asked for', async () => {
    const path = join(dir, 'fullwidth.ndjson');
    const lines = Array.from({ length: 120 }, (_, i) =>
      JSON.stringify(
        exposure({ deviceID: `f${i}` }, i % 2 === 0 ? 'control' : 'green', T0 + i * 1_000, {
          attributes: { name: `ユーザー（${i % 100}）` },
        } as never),
      ),
    );
    writeFileSync(path, `${lines.join('\n')}\n`);
    const fullwidth = { ...options, segments: ['name'] };
    const store = await createNdjsonStore({ path, readOnly: true });
    try {
      expectSameReport(
        await analyzeFromStore(store, { ...fullwidth, engine: 'duckdb' }),
        await analyzeFromStore(store, { ...fullwidth, engine: 'memory' }),
      );
    } finally {
      await store.close();
    }
    const { ran } = await duckdbRun(fullwidth, [path]);
    expect(ran.filter((s) => /FROM sk_labels\d+ WHERE odd = 0 AND key IN/.test(s.text))).toEqual([]);
    const labels = ran.filter((s) => /^WITH g AS/.test(s.text)).flatMap((s) => s.rows as SqlRow[]);
    expect(labels.filter((row) => Number(row.odd) === 1)).toEqual([]);
    expect(labels.length).toBeLessThanOrEqual(MAX_VALUES);
  });
});

describePostgres('a per-unit segment attribute in the postgres engine (real server)', (url) => {
  const stores = postgresStores(url);
  afterAll(stores.close);

  it('gives the in-memory report and returns the statistics of the values shown and (other) only', async () => {
    // The number 1 and the string "1" are two labels in PostgreSQL, one value in memory.
    const store = (await stores.open(events([1, '1']))) as PostgresStore;
    const memory = await analyzeFromStore(store, { ...options, engine: 'memory' });
    checkMemory(memory);
    const ran: RanStatement[] = [];
    const recording = { ...store, analysisSource: recordingSource(store.analysisSource, ran) };
    expectSameReport(await analyzeFromStore(recording, { ...options, engine: 'postgres' }), memory);
    expectBounded(ran);
  });
});

/**
 * Labels that SQL orders apart from JavaScript: byte order puts U+E000–U+FFFF before an emoji (beyond
 * U+FFFF), UTF-16 after it. With one unit each and two values shown, memory shows `a` and the emoji; an
 * engine ranking its labels in its own order would have shown `a` and U+E000.
 */
const orderCase: ParityCase = {
  name: 'shows the values JavaScript orders first among ties, characters beyond U+FFFF included',
  events: () =>
    ['\uE002', 'a', '\uE000', '😀', '\uE001'].map((tag, i) =>
      exposure({ deviceID: `o${i}` }, i % 2 === 0 ? 'control' : 'green', T0 + i * 1_000, {
        attributes: { tag },
      } as never),
    ),
  options: {
    experiment: BUTTON,
    metrics: [{ key: 'revenue', kind: 'sum', event: 'purchase' }],
    segments: ['tag'],
    maxSegmentValues: 3,
    now: T0 + 60 * DAY,
  },
  check(memory) {
    expect(memory.segments[0]?.values.map((v) => v.value)).toEqual(['a', '😀', '(other)']);
  },
};

describe('segment values that tie in the duckdb engine', () => {
  parityCases('duckdb', ndjsonStores, [orderCase]);
});

describePostgres('segment values that tie in the postgres engine (real server)', (url) => {
  parityCases('postgres', () => postgresStores(url), [orderCase]);
});
