/**
 * The pieces of label-keys.ts in both engines against JavaScript itself: a
 * JSON number's key is `String(JSON.parse(text))` for numbers of every
 * magnitude and spelling, and `utf16Order` sorts strings as JavaScript's `<`
 * does, characters in U+E000–U+FFFF and beyond U+FFFF included.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { literal } from '../../../src/analysis/sql/dialect.js';
import type { SqlDialect } from '../../../src/analysis/sql/dialect.js';
import { duckdbFunctions } from '../../../src/analysis/sql/dialect-duckdb.js';
import { postgresDialect } from '../../../src/analysis/sql/dialect-postgres.js';
import { javascriptNumberSql } from '../../../src/analysis/sql/label-keys.js';
import { describePostgres } from '../../collector/support/postgres-env.js';
import { seededRandom } from '../fixtures.js';

/** JSON number texts: edge values, then random doubles of every exponent, each in several spellings. */
function numberTexts(): string[] {
  const random = seededRandom(24);
  const values = [
    0,
    -0,
    1,
    -1,
    0.1,
    0.2 + 0.1,
    1e-7,
    1e-6,
    1.5e-6,
    123e-9,
    1e20,
    1e21,
    1.5e21,
    123456789012345680000,
    2 ** 53,
    2 ** 53 + 2,
    2 ** 63,
    2 ** 64,
    1e15,
    1e16,
    1e17,
    999999999999999.9,
    0.000001234,
    5e-324,
    2.2250738585072014e-308,
    1.7976931348623157e308,
    1.5e300,
    1e-300,
    1e300,
    100,
    12.5,
    -2.5e-5,
    4.35,
    0.1 * 3,
    1 / 3,
    2 / 3,
    123.456,
  ];
  for (let i = 0; i < 400; i++) {
    const magnitude = 10 ** Math.floor(random() * 40 - 20);
    values.push((random() - 0.5) * magnitude * (i % 3 === 0 ? 1e6 : 1));
  }
  for (let e = -306; e <= 306; e += 7) values.push(1.234567 * 10 ** e, (random() + 0.01) * 10 ** e);
  for (let i = 0; i < 60; i++) values.push(Math.round((random() - 0.5) * 10 ** (i % 22)));
  const texts = new Set<string>();
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    texts.add(JSON.stringify(v));
    texts.add(v.toExponential());
    texts.add(v.toExponential().toUpperCase());
    if (Math.abs(v) < 1e21 && Math.abs(v) > 1e-6) texts.add(v.toFixed(20).replace(/^(-?)0\./, '$10.'));
    if (Number.isInteger(v) && Math.abs(v) < 1e21) texts.add(`${JSON.stringify(v)}.0`);
  }
  texts.add('-0');
  texts.add('-0.0');
  texts.add('0.000');
  texts.add('12345678901234567890123');
  texts.add('0.100000000000000005551115123125782702118158340454101562');
  return [...texts].filter((t) => Number.isFinite(JSON.parse(t)));
}

/** The query giving, per JSON number text, its key as `dialect` computes it (`label` the text). */
function keysQuery(dialect: SqlDialect, texts: readonly string[], cast: (t: string) => string): string {
  const rows = texts.map((t) => `(${literal(t)})`).join(', ');
  return `WITH d AS (
  SELECT t AS label, ${dialect.doubleText(cast('t'))} AS s FROM (VALUES ${rows}) AS v(t)
), ${javascriptNumberSql('d WHERE s IS NOT NULL')}
SELECT label, js FROM n1`;
}

/** Strings of characters from both sides of U+E000 and beyond U+FFFF, with shared prefixes. */
function mixedStrings(): string[] {
  const random = seededRandom(7);
  const pool = ['a', 'z', '\u00e9', '\ud7ff', '\ue000', '\uf8ff', '\uff08', '\uffff', '😀', '\u{10000}', '\u{10fffd}'];
  const out = new Set<string>(['', 'a']);
  for (let i = 0; i < 300; i++) {
    let s = '';
    const length = 1 + Math.floor(random() * 4);
    for (let c = 0; c < length; c++) s += pool[Math.floor(random() * pool.length)];
    out.add(s);
  }
  return [...out];
}

function orderQuery(dialect: SqlDialect, strings: readonly string[]): string {
  const rows = strings.map((s) => `(${literal(s)})`).join(', ');
  return `SELECT s FROM (VALUES ${rows}) AS v(s) ORDER BY ${dialect.utf16Order('s')}`;
}

const jsOrder = (strings: readonly string[]) => [...strings].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** Every key `rows` give is JavaScript's text of the number; `texts` are those that must have one. */
function expectJavaScriptKeys(rows: readonly Record<string, unknown>[], texts: readonly string[]): void {
  const wrong = rows.filter((row) => String(row.js) !== String(JSON.parse(String(row.label))));
  expect(wrong.map((row) => `${row.label}: ${row.js} vs ${String(JSON.parse(String(row.label)))}`)).toEqual([]);
  const keyed = new Set(rows.map((row) => String(row.label)));
  expect(texts.filter((t) => !keyed.has(t))).toEqual([]);
}

describe('label keys in duckdb', () => {
  const dialect = { name: 'duckdb', source: () => '', ...duckdbFunctions } as SqlDialect;

  it("writes a JSON number's key as JavaScript writes the number, for every spelling and magnitude", async () => {
    const texts = numberTexts();
    expect(texts.length).toBeGreaterThan(1500);
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    try {
      const rows = (await connection.runAndReadAll(keysQuery(dialect, texts, (t) => t))).getRowObjectsJS();
      expectJavaScriptKeys(rows, texts);
      const order = (await connection.runAndReadAll(orderQuery(dialect, mixedStrings()))).getRowObjectsJS();
      expect(order.map((row) => row.s)).toEqual(jsOrder(mixedStrings()));
    } finally {
      connection.closeSync();
      db.closeSync();
    }
  });
});

describePostgres('label keys in postgres (real server)', (url) => {
  const dialect = postgresDialect('"unused"');

  it("writes a JSON number's key as JavaScript writes the number, for every spelling and magnitude", async () => {
    const texts = numberTexts();
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL extra_float_digits = 1');
      // The text as the jsonb column gives it back (it writes 1e-7 as 0.0000001).
      const { rows } = await client.query(keysQuery(dialect, texts, (t) => `CAST(CAST(${t} AS jsonb) AS text)`));
      // Node writes the rest (label-keys.ts): beyond 1e15 (PostgreSQL writes some apart from JavaScript from
      // 2^53), and what jsonb writes in over 300 characters (from 1e-298 down).
      expectJavaScriptKeys(
        rows,
        texts.filter(
          (t) => Math.abs(JSON.parse(t)) < 1e15 && !(Math.abs(JSON.parse(t)) < 1e-280 && JSON.parse(t) !== 0),
        ),
      );
      expect(rows.length).toBeGreaterThan(1000);
      const order = await client.query(orderQuery(dialect, mixedStrings()));
      expect(order.rows.map((row) => row.s)).toEqual(jsOrder(mixedStrings()));
    } finally {
      await client.query('ROLLBACK');
      client.release();
      await pool.end();
    }
  });
});
