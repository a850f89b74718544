/**
 * Segment attributes of odd kinds in the SQL engines: fractions (`0.1`,
 * `1e-7`, `1.5e300`), `-0`, one number spelt several ways (`1`, `1.0`,
 * `1e0`), booleans, `null` and a missing attribute, strings holding emoji,
 * U+FFFF, U+E000 or combining marks, and strings that read like numbers
 * (`"1"`, `"1e-7"`). The same stored values go through the in-memory engine,
 * DuckDB (the log as written, spellings kept) and PostgreSQL (the same JSON
 * texts in its jsonb column): the same labels, the same units per label and
 * variant, the same report. And a per-unit attribute of such values (a
 * fraction, a fullwidth name per unit) sends rows bounded by
 * `maxSegmentValues` out of the engine, as ids and integers do.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeFromStore } from '../../../src/analysis/index.js';
import type { ExperimentReport, StoreAnalysisOptions } from '../../../src/analysis/index.js';
import { createNdjsonStore } from '../../../src/collector/ndjson-store.js';
import type { PostgresStore } from '../../../src/collector/postgres-store.js';
import { describePostgres } from '../../collector/support/postgres-env.js';
import { BUTTON, DAY, T0, exposure, track } from '../fixtures.js';
import { postgresStores } from './engine-stores.js';
import type { RanStatement } from './recording-source.js';
import { duckdbRun, recordingSource, rowsReturned } from './recording-source.js';
import { expectSameReport } from './same-report.js';

const options: Omit<StoreAnalysisOptions, 'engine'> = {
  experiment: BUTTON,
  metrics: [
    { key: 'revenue', kind: 'sum', event: 'purchase', role: 'primary' },
    { key: 'p50', kind: 'quantile', event: 'page_load', quantile: 0.5, role: 'guardrail' },
  ],
  segments: ['tag'],
  maxSegmentValues: 60,
  now: T0 + 60 * DAY,
};

/**
 * Attribute values as JSON text (`undefined`: the attribute is missing), each on units of its own: value i
 * on 2 + (i mod 5) units, so the labels that are one value in memory add up to counts no single spelling has.
 */
const RAW: readonly (string | undefined)[] = [
  '0.1',
  '0.10',
  '1e-1',
  '1e-7',
  '1.0E-7',
  '0.0000001',
  '1.5e300',
  '15e299',
  '-0',
  '-0.0',
  '0',
  '0.0',
  '1',
  '1.0',
  '1e0',
  '"1"',
  '"1.0"',
  '"1e-7"',
  '"0.1"',
  '-2.5',
  '0.30000000000000004',
  '0.1234567890123456789',
  '123456789012345678',
  '1e21',
  '1e20',
  '100',
  '1e15',
  '1e16',
  '0.000001',
  '1e-6',
  '5e-324',
  '1e-400',
  '1e400',
  '"null"',
  'true',
  'false',
  '"true"',
  'null',
  undefined,
  '"😀"',
  '"\\ud83d\\ude00 party"',
  '"\\uffff"',
  '"\\ue000x"',
  '"\\ue000"',
  '"e\\u0301"',
  '"é"',
  '"ｕｓｅｒ（1）"',
  '"(none)"',
  '"(other)"',
  '"\\"q\\""',
  // Halfway between two doubles: PostgreSQL's shortest text is 4.1202443302609024e+16.
  '41202443302609020',
  // A timestamp in microseconds (16 digits, below 2^53), and a 16-digit integer beyond 2^53.
  '1700000000000001',
  '9007199254740993',
];

const MARK = (i: number) => `@tag${i}@`;

/** The events with each attribute value as a mark to put the raw JSON text in its place. */
function markedEvents(): object[] {
  const out: object[] = [];
  RAW.forEach((raw, v) => {
    for (let i = 0; i < 2 + (v % 5); i++) {
      const units = { deviceID: `u${v}-${i}` };
      const entered = T0 + (i % 3) * DAY;
      const attributes = raw === undefined ? { plan: 'x' } : { tag: MARK(v), plan: 'x' };
      out.push(exposure(units, (v + i) % 2 === 0 ? 'control' : 'green', entered, { attributes } as never));
      out.push(track(units, 'purchase', entered + 1_000, 3 + ((v * 7 + i) % 11)));
      out.push(track(units, 'page_load', entered + 2_000, 100 + ((v * 13 + i * 5) % 37)));
    }
  });
  return out;
}

/** The NDJSON text of `events` with the raw JSON texts in place of their marks. */
function rawLog(events: readonly object[]): string {
  const text = events.map((e) => JSON.stringify(e).replace(/"@tag(\d+)@"/, (_, v: string) => RAW[Number(v)] ?? ''));
  return `${text.join('\n')}\n`;
}

/** Per label: units per variant. */
function unitsByLabel(report: ExperimentReport): Record<string, number[]> {
  return Object.fromEntries(
    (report.segments[0]?.values ?? []).map((v) => [v.value, v.variants.map((variant) => variant.units)]),
  );
}

/** The units of the values at `indices` of {@link RAW}. */
const unitsOf = (...indices: number[]) => indices.reduce((n, v) => n + 2 + (v % 5), 0);

/** The labels memory must give (JSON.stringify of the parsed value, strings as themselves), with their units. */
function checkMemory(memory: ExperimentReport): void {
  const units = unitsByLabel(memory);
  const total = (label: string) => units[label]?.reduce((a, b) => a + b, 0);
  const expected: [string, number[]][] = [
    ['0.1', [0, 1, 2, 18]],
    ['1e-7', [3, 4, 5, 17]],
    ['1.5e+300', [6, 7]],
    // -0, -0.0, 0, 0.0 and 1e-400, which reads as 0.
    ['0', [8, 9, 10, 11, 31]],
    // 1, 1.0, 1e0 and "1"; the string "1.0" stays apart.
    ['1', [12, 13, 14, 15]],
    ['1.0', [16]],
    ['-2.5', [19]],
    ['0.30000000000000004', [20]],
    ['0.12345678901234568', [21]],
    ['123456789012345680', [22]],
    ['1e+21', [23]],
    ['100000000000000000000', [24]],
    ['100', [25]],
    ['1000000000000000', [26]],
    ['10000000000000000', [27]],
    ['0.000001', [28, 29]],
    ['5e-324', [30]],
    // 1e400 reads as Infinity, which JSON writes as null: the string "null"'s label.
    ['null', [32, 33]],
    ['true', [34, 36]],
    ['false', [35]],
    ['(none)', [37, 38]],
    ['😀', [39]],
    ['😀 party', [40]],
    ['\uffff', [41]],
    ['\ue000x', [42]],
    ['\ue000', [43]],
    ['e\u0301', [44]],
    ['é', [45]],
    ['ｕｓｅｒ（1）', [46]],
    ['"(none)"', [47]],
    ['"(other)"', [48]],
    ['"\\"q\\""', [49]],
    ['41202443302609020', [50]],
    ['1700000000000001', [51]],
    ['9007199254740992', [52]],
  ];
  for (const [label, indices] of expected) expect(total(label), label).toBe(unitsOf(...indices));
  expect(Object.keys(units)).toHaveLength(expected.length);
}

const dir = mkdtempSync(join(tmpdir(), 'splitkit-odd-labels-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('odd segment labels in the duckdb engine', () => {
  it('are the in-memory labels, with the same units per label and variant, through the column cache too', async () => {
    const path = join(dir, 'odd.ndjson');
    writeFileSync(path, rawLog(markedEvents()));
    const store = await createNdjsonStore({ path, readOnly: true });
    try {
      const memory = await analyzeFromStore(store, { ...options, engine: 'memory' });
      checkMemory(memory);
      for (const columnCache of [false, true]) {
        const duckdb = await analyzeFromStore(store, { ...options, engine: 'duckdb', columnCache });
        expect(unitsByLabel(duckdb)).toEqual(unitsByLabel(memory));
        expectSameReport(duckdb, memory);
      }
    } finally {
      await store.close();
    }
  });
});

describePostgres('odd segment labels in the postgres engine (real server)', (url) => {
  const stores = postgresStores(url);
  afterAll(stores.close);

  it('are the in-memory labels, with the same units per label and variant', async () => {
    const store = (await stores.open(markedEvents())) as PostgresStore;
    // The stored values as jsonb reads the same JSON texts (it keeps 1.0 and 0.10 apart from 1 and 0.1).
    const admin = new pg.Pool({ connectionString: url, max: 1 });
    try {
      for (const [v, raw] of RAW.entries())
        if (raw !== undefined)
          await admin.query(
            `UPDATE ${store.analysisSource.table} SET payload = jsonb_set(payload, '{attributes,tag}', $1::jsonb)
             WHERE payload->'attributes'->>'tag' = $2`,
            [raw, MARK(v)],
          );
    } finally {
      await admin.end();
    }
    const memory = await analyzeFromStore(store, { ...options, engine: 'memory' });
    checkMemory(memory);
    const postgres = await analyzeFromStore(store, { ...options, engine: 'postgres' });
    expect(unitsByLabel(postgres)).toEqual(unitsByLabel(memory));
    expectSameReport(postgres, memory);
  });
});

/**
 * A per-unit attribute of each odd kind: a fraction per unit (`0.1234…`, as a score or a float time would be),
 * a fullwidth name per unit (U+FF08 and U+FF09, which SQL orders apart from JavaScript), a boolean, and a
 * time in microseconds (16 digits).
 */
const PER_UNIT = 240;
const MAX_VALUES = 5;
const perUnitOptions: Omit<StoreAnalysisOptions, 'engine'> = {
  experiment: BUTTON,
  metrics: [
    { key: 'revenue', kind: 'sum', event: 'purchase', role: 'primary' },
    { key: 'p50', kind: 'quantile', event: 'page_load', quantile: 0.5, role: 'guardrail' },
  ],
  segments: ['score', 'name', 'flag', 'micros'],
  maxSegmentValues: MAX_VALUES,
  now: T0 + 60 * DAY,
};

function perUnitEvents(): object[] {
  return Array.from({ length: PER_UNIT }, (_, i) => {
    const units = { deviceID: `p${i}` };
    const entered = T0 + (i % 4) * DAY;
    // A few shared values first, so the values shown are not only ties.
    const score = i < 12 ? 0.5 : i < 20 ? 0.25 : ((i * 0.6180339887498949) % 1) / 7;
    const name = i < 9 ? 'ｕｓｅｒ（0）' : `ｕｓｅｒ（${i}）${i % 3 === 0 ? '😀' : '\uffe0'}`;
    const attributes = { score, name, flag: i % 3 === 0, micros: 1_700_000_000_000_000 + (i < 10 ? 0 : i * 1_001) };
    return [
      exposure(units, i % 2 === 0 ? 'control' : 'green', entered, { attributes } as never),
      track(units, 'purchase', entered + 1_000, 2 + ((i * 5) % 13)),
      track(units, 'page_load', entered + 2_000, 80 + ((i * 11) % 43)),
    ];
  }).flat();
}

/** Rows that left the engine per statement other than the stages: none grows with the units. */
function expectBounded(ran: readonly RanStatement[]): void {
  for (const statement of ran) expect.soft(statement.rows.length, statement.text.slice(0, 200)).toBeLessThanOrEqual(20);
  // 4 attributes × (label rows, at most MAX_VALUES + a few; statistics, at most MAX_VALUES × 2), and the rest.
  expect(rowsReturned(ran)).toBeLessThan(150);
}

function checkPerUnit(memory: ExperimentReport): void {
  expect(memory.segments.map((s) => s.values.length)).toEqual([MAX_VALUES, MAX_VALUES, 2, MAX_VALUES]);
  expect(memory.segments[3]?.values[0]?.value).toBe('1700000000000000');
  expect(memory.segments[0]?.values.slice(0, 2).map((v) => v.value)).toEqual(['0.5', '0.25']);
  expect(memory.segments[1]?.values[0]?.value).toBe('ｕｓｅｒ（0）');
}

describe('a per-unit attribute of odd values in the duckdb engine', () => {
  it('gives the in-memory report and sends rows bounded by maxSegmentValues', async () => {
    const path = join(dir, 'per-unit.ndjson');
    writeFileSync(
      path,
      `${perUnitEvents()
        .map((e) => JSON.stringify(e))
        .join('\n')}\n`,
    );
    const store = await createNdjsonStore({ path, readOnly: true });
    try {
      const memory = await analyzeFromStore(store, { ...perUnitOptions, engine: 'memory' });
      checkPerUnit(memory);
      expectSameReport(await analyzeFromStore(store, { ...perUnitOptions, engine: 'duckdb' }), memory);
    } finally {
      await store.close();
    }
    expectBounded((await duckdbRun(perUnitOptions, [path])).ran);
  });
});

describePostgres('a per-unit attribute of odd values in the postgres engine (real server)', (url) => {
  const stores = postgresStores(url);
  afterAll(stores.close);

  it('gives the in-memory report and sends rows bounded by maxSegmentValues', async () => {
    const store = (await stores.open(perUnitEvents())) as PostgresStore;
    const memory = await analyzeFromStore(store, { ...perUnitOptions, engine: 'memory' });
    checkPerUnit(memory);
    const ran: RanStatement[] = [];
    const recording = { ...store, analysisSource: recordingSource(store.analysisSource, ran) };
    expectSameReport(await analyzeFromStore(recording, { ...perUnitOptions, engine: 'postgres' }), memory);
    expectBounded(ran);
  });
});
