/**
 * Segment labels of attribute values that are not strings are the in-memory
 * engine's (`JSON.stringify` of the value as JavaScript reads it) in every
 * engine: DuckDB writes `1e21` and `1.0`, PostgreSQL `{"a": 1}` and
 * `1000000000000000000000`, and values that read as one JavaScript value
 * (`1`, `1.0` and `"1"`) are one segment, quantiles included.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeFromStore } from '../../../src/analysis/index.js';
import type { ExperimentReport, StoreAnalysisOptions } from '../../../src/analysis/index.js';
import { memoryLabel } from '../../../src/analysis/sql/segment-labels.js';
import { createNdjsonStore } from '../../../src/collector/ndjson-store.js';
import { describePostgres } from '../../collector/support/postgres-env.js';
import { BUTTON, DAY, T0, exposure, track } from '../fixtures.js';
import { parityCases, postgresStores } from './engine-stores.js';
import { NOW } from './parity-fixture.js';
import { expectSameReport } from './same-report.js';

const options: Omit<StoreAnalysisOptions, 'engine'> = {
  experiment: BUTTON,
  metrics: [
    { key: 'revenue', kind: 'sum', event: 'purchase', role: 'primary' },
    { key: 'p50', kind: 'quantile', event: 'page_load', quantile: 0.5, role: 'guardrail' },
  ],
  segments: ['tag'],
  maxSegmentValues: 40,
  now: NOW,
};

/** Attribute values as a hand-written log may spell them (JSON text), each on 8 units. */
const RAW_VALUES = [
  '1e21',
  '1E21',
  '1000000000000000000000',
  '{"a":1}',
  '{"a": 1.0}',
  '{"b":2,"a":1,"1":0}',
  '-0',
  '-0.0',
  '1e-7',
  '0.0000001',
  'true',
  'false',
  '[[1,[2]],"x"]',
  '[ ]',
  '{}',
  '"caf\\u00e9 \\"q\\" \\\\ \\n\\t"',
  '"😀"',
  '"\\ud83d\\ude00"',
  '0.30000000000000004',
  '1',
  '1.0',
  '"1"',
  '123456789012345678901',
  '12345678901234567890',
  '-9007199254740993',
  '1.5e300',
  '"\\u0001x"',
  '{"a":null,"b":[1e21]}',
  'null',
  '"(none)"',
  '"(other)"',
  '"\\"q\\""',
];

/** The same values for a store that takes JavaScript values (PostgreSQL): spellings are its own. */
const VALUES = [
  1e21,
  { a: 1 },
  { b: 2, a: 1, '1': 0 },
  -0,
  1e-7,
  true,
  false,
  [[1, [2]], 'x'],
  [],
  {},
  'café "q" \\ \n\t',
  '😀',
  0.1 + 0.2,
  1,
  '1',
  123456789012345680000,
  12345678901234567000,
  1.5e300,
  '\u0001x',
  { a: null, b: [1e21] },
  null,
  '(none)',
  '(other)',
  '"q"',
];

/** Per value, 8 units (4 per variant), each with a purchase and two page loads. */
function events(values: readonly unknown[], raw: boolean): { events: object[]; marks: Map<string, string> } {
  const out: object[] = [];
  const marks = new Map<string, string>();
  values.forEach((value, v) => {
    for (let i = 0; i < 8; i++) {
      const units = { deviceID: `u${v}-${i}` };
      const entered = T0 + (i % 3) * DAY;
      const mark = `@raw${v}@`;
      if (raw) marks.set(mark, value as string);
      const attributes = { tag: raw ? mark : value, plan: 'x' };
      out.push(exposure(units, i % 2 === 0 ? 'control' : 'green', entered, { attributes } as never));
      out.push(track(units, 'purchase', entered + 1_000, 3 + ((v * 7 + i) % 11)));
      out.push(track(units, 'page_load', entered + 2_000, 100 + ((v * 13 + i * 5) % 37)));
      out.push(track(units, 'page_load', entered + 3_000, 90 + ((v * 3 + i * 11) % 41)));
    }
  });
  return { events: out, marks };
}

const labels = (report: ExperimentReport) => report.segments[0]?.values.map((v) => v.value) ?? [];

const dir = mkdtempSync(join(tmpdir(), 'splitkit-labels-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('segment labels in the duckdb engine', () => {
  it('are the in-memory labels for every spelling of a value in the log, through the column cache too', async () => {
    const { events: list, marks } = events(RAW_VALUES, true);
    const text = list
      .map((e) => JSON.stringify(e).replace(/"(@raw\d+@)"/, (_, mark: string) => marks.get(mark) ?? ''))
      .join('\n');
    const path = join(dir, 'raw.ndjson');
    writeFileSync(path, `${text}\n`);
    const store = await createNdjsonStore({ path, readOnly: true });
    try {
      const memory = await analyzeFromStore(store, { ...options, engine: 'memory' });
      expect(labels(memory)).toEqual(
        expect.arrayContaining([
          '1e+21',
          '{"a":1}',
          '{"1":0,"b":2,"a":1}',
          '0',
          '1e-7',
          'true',
          '[[1,[2]],"x"]',
          '[]',
          'café "q" \\ \n\t',
          '😀',
          '0.30000000000000004',
          '123456789012345680000',
          '12345678901234567000',
          '-9007199254740992',
          '1.5e+300',
          '\u0001x',
          '{"a":null,"b":[1e+21]}',
          '(none)',
          // Stored strings that would read as the report's own labels are quoted (audit 18f #13).
          '"(none)"',
          '"(other)"',
          '"\\"q\\""',
        ]),
      );
      // The units without a value and those with the string "(none)" stay apart: 8 each.
      for (const label of ['(none)', '"(none)"'])
        expect(
          memory.segments[0]?.values.find((v) => v.value === label)?.variants.reduce((n, v) => n + v.units, 0),
        ).toBe(8);
      // `1`, `1.0` and `"1"` are one value in memory: 24 units.
      const one = memory.segments[0]?.values.find((v) => v.value === '1');
      expect(one?.variants.reduce((n, v) => n + v.units, 0)).toBe(24);
      expectSameReport(await analyzeFromStore(store, { ...options, engine: 'duckdb' }), memory);
      expectSameReport(await analyzeFromStore(store, { ...options, engine: 'duckdb', columnCache: true }), memory);
    } finally {
      await store.close();
    }
  });
});

describePostgres('segment labels in the postgres engine (real server)', (url) => {
  parityCases('postgres', () => postgresStores(url), [
    {
      name: 'are the in-memory labels of odd attribute values',
      events: () => events(VALUES, false).events,
      options,
      check(memory) {
        expect(labels(memory)).toEqual(
          expect.arrayContaining([
            '1e+21',
            '{"a":1}',
            '{"1":0,"a":1,"b":2}',
            '0',
            '1e-7',
            '123456789012345680000',
            '(none)',
            '"(none)"',
            '"(other)"',
            '"\\"q\\""',
          ]),
        );
      },
    },
  ]);
});

describe('memoryLabel', () => {
  it('rewrites a marked JSON text as JavaScript writes the value and keeps other labels', () => {
    expect(memoryLabel('\u00011e21')).toBe('1e+21');
    expect(memoryLabel('\u0001{"a": 1.0}')).toBe('{"a":1}');
    expect(memoryLabel('\u00011.0E-7')).toBe('1e-7');
    expect(memoryLabel('\u0001-0.0')).toBe('0');
    expect(memoryLabel('\u0001\u0001x')).toBe('\u0001x');
    expect(memoryLabel('1e21')).toBe('1e21');
    expect(memoryLabel('(none)')).toBe('(none)');
  });
});
