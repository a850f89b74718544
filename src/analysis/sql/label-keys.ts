/**
 * `sk_labels<a>`: segment attribute `a`'s engine labels (segment-labels.ts),
 * each with its units and its **key**, the in-memory label where SQL can
 * write it, so the engine counts and ranks values as memory does and only the
 * values that can be shown leave it:
 *
 * - a string: itself;
 * - a number: its text as JavaScript writes it (`String(n)` of the double
 *   `JSON.parse` reads: `1e-7`, `0.1`, `1e+21`, `0` for `-0`). The engine
 *   writes the double's shortest text (DuckDB `1e-07` or `1.0`, PostgreSQL
 *   `1e-07`), which has JavaScript's digits; only the notation differs, and
 *   {@link javascriptNumberSql} rewrites it. An integer up to 2^53 in
 *   JavaScript's spelling is its own key without that (most ids);
 * - `true` and `false`: themselves.
 *
 * The rest is **odd** (`odd` 1, its key the label itself), labels only Node
 * rewrites (segment-labels.ts): objects and arrays, strings the report quotes
 * (`"(none)"`), strings starting with the label mark, numbers beyond the
 * dialect's range (`SqlDialect.doubleText`), and strings holding U+10FFFF,
 * the one character the dialects' `utf16Order` cannot order as JavaScript does.
 */
import type { SqlDialect } from './dialect.js';
import { JSON_LABEL_SQL } from './segment-labels.js';

/**
 * SQL true when `t`, the JSON text of a marked engine label, is written as JavaScript writes its number: an
 * integer without leading zeros or `-0`, of at most 15 digits or of 16 up to 2^53 (9007199254740992; every
 * integer there is a double, written in full), a shortcut past {@link javascriptNumberSql} that also keys
 * PostgreSQL's 16-digit ones (a time in microseconds), which its `doubleText` leaves to Node. The digits compare
 * byte by byte (`COLLATE "C"`, which both dialects accept), whatever the database's collation.
 */
function canonicalIntegerSql(t: string): string {
  const rest = `translate(${t}, '0123456789', '')`;
  const digits = `CASE WHEN left(${t}, 1) = '-' THEN substr(${t}, 2) ELSE ${t} END`;
  return `${t} = '0' OR (left(${t}, 1) <> '0' AND left(${t}, 2) <> '-0'
      AND (${rest} = '' OR (${rest} = '-' AND left(${t}, 1) = '-'))
      AND (length(${digits}) BETWEEN 1 AND 15 OR (length(${digits}) = 16 AND ${digits} COLLATE "C" <= '9007199254740992')))`;
}

/**
 * The CTEs `n0` and `n1` turning the rows `(label, s)` of `source` (`s` a double's shortest text as an engine
 * writes it: `-1.5e+300`, `1e-07`, `0.1`, `100.0`, `-0`) into `(label, js)`, `js` the text JavaScript writes for
 * that double. `s` is taken apart into sign, significant digits `dg` (no leading or trailing zeros) and `e`,
 * the value being 0.`dg` × 10^`e`; then Number.prototype.toString's cases: `dg` and zeros up to 21 digits,
 * a decimal point within them, `0.` and up to 6 zeros, else one digit, the rest, and `e±` the exponent.
 * `n0` is materialized: inlined, each use of its columns would repeat its work.
 */
export function javascriptNumberSql(source: string): string {
  const m = "split_part(s, 'e', 1)";
  const ip = `split_part(ltrim(${m}, '-'), '.', 1)`;
  const fp = `split_part(${m}, '.', 2)`;
  return `n0 AS MATERIALIZED (
  SELECT label, neg, rtrim(ltrim(ip || fp, '0'), '0') AS dg,
    length(ip) + x - (length(ip || fp) - length(ltrim(ip || fp, '0'))) AS e
  FROM (
    SELECT label, left(s, 1) = '-' AS neg, ${ip} AS ip, ${fp} AS fp,
      coalesce(CAST(nullif(split_part(s, 'e', 2), '') AS INTEGER), 0) AS x
    FROM ${source}
  ) p
), n1 AS (
  SELECT label, CASE WHEN dg = '' THEN '0' ELSE CASE WHEN neg THEN '-' ELSE '' END || CASE
    WHEN length(dg) <= e AND e <= 21 THEN dg || repeat('0', e - length(dg))
    WHEN 0 < e AND e <= 21 THEN left(dg, e) || '.' || substr(dg, e + 1)
    WHEN -6 < e AND e <= 0 THEN '0.' || repeat('0', -e) || dg
    ELSE left(dg, 1) || CASE WHEN length(dg) > 1 THEN '.' || substr(dg, 2) ELSE '' END
      || 'e' || CASE WHEN e > 0 THEN '+' ELSE '-' END || CAST(abs(e - 1) AS TEXT) END END AS js
  FROM n0
)`;
}

/** SQL true when `t`, the JSON text of a marked engine label, is a number's (JSON numbers start with `-` or a digit). */
function isNumberText(t: string): string {
  return `${t} <> '' AND strpos('-0123456789', left(${t}, 1)) > 0`;
}

/** The name of segment attribute `a`'s labels table. */
export function labelsTable(a: number): string {
  return `sk_labels${a}`;
}

/** `CREATE TEMP TABLE sk_labels<a>`: per engine label of attribute `a`, `(label, n, key, odd)` (module comment). */
export function labelKeysStage(a: number, dialect: SqlDialect): string {
  return `CREATE TEMP TABLE ${labelsTable(a)} AS
WITH l AS (
  SELECT seg${a} AS label, count(*) AS n FROM sk_units GROUP BY seg${a}
), j AS (
  SELECT label, n, t, marked, marked AND (${canonicalIntegerSql('t')}) AS whole
  FROM (SELECT label, n, substr(label, 2) AS t, left(label, 1) = ${JSON_LABEL_SQL} AS marked FROM l) x
), d AS MATERIALIZED (
  SELECT label, ${dialect.doubleText('t')} AS s FROM j WHERE marked AND NOT whole AND ${isNumberText('t')}
), ${javascriptNumberSql('d WHERE s IS NOT NULL')}
SELECT j.label, j.n,
  CASE WHEN j.whole OR (j.marked AND j.t IN ('true', 'false')) THEN j.t ELSE coalesce(n1.js, j.label) END AS key,
  CASE WHEN ${dialect.hasLastCharacter('j.label')}
    OR (j.marked AND NOT j.whole AND n1.js IS NULL AND j.t NOT IN ('true', 'false')) THEN 1 ELSE 0 END AS odd
FROM j LEFT JOIN n1 ON n1.label = j.label`;
}
