/** PostgreSQL: the PostgreSQL store's table (`payload jsonb` beside typed `type`, `name`, `time`). */
import { literal } from './dialect.js';
import type { SqlDialect } from './dialect.js';
import { JSON_LABEL_SQL, quotedLabelSql as quoted } from './segment-labels.js';

/**
 * The PostgreSQL dialect over `table` (already quoted, e.g. `"public"."splitkit_events"`). `utf8` says the
 * database's encoding (`server_encoding`) is UTF8: elsewhere `chr(1114111)` fails ("requested character too
 * large for encoding"), so the SQL never names U+10FFFF, which such a database cannot store anyway.
 */
export function postgresDialect(table: string, utf8 = true): SqlDialect {
  return {
    name: 'postgres',
    source(unit, where) {
      const unitId = `CASE WHEN jsonb_typeof(payload->'units'->${literal(unit)}) = 'string' THEN payload->'units'->>${literal(unit)} END`;
      // The filters name the table's own columns, so its (name, time) and (type, time) indexes apply.
      return `SELECT type, name, payload->>'kind' AS kind, payload->>'reason' AS reason,
    CASE WHEN jsonb_typeof(payload->'variant') = 'string' THEN payload->>'variant'
      WHEN payload ? 'variant' THEN ${JSON_LABEL_SQL} || CAST(payload->'variant' AS text) END AS variant,
    CAST("time" AS double precision) AS t,
    CASE WHEN NOT (payload ? 'value') THEN 'absent' WHEN jsonb_typeof(payload->'value') = 'number' THEN 'number' ELSE 'other' END AS value_kind,
    CASE WHEN jsonb_typeof(payload->'value') = 'number' THEN CAST(payload->>'value' AS double precision) END AS value,
    id, ${unitId} AS unit_id,
    CASE WHEN type = 'identify' OR coalesce(${unitId}, '') = '' THEN payload->'units' END AS units,
    CASE WHEN type = 'exposure' THEN payload->'attributes' END AS attributes
  FROM ${table}
  WHERE ${where({ type: 'type', name: 'name', t: '"time"' })}`;
    },
    textField: (json, key) =>
      `CASE WHEN jsonb_typeof(${json}->${literal(key)}) = 'string' THEN ${json}->>${literal(key)} END`,
    labelField(json, key, none) {
      const text = `(${json}->>${literal(key)})`;
      return `CASE jsonb_typeof(${json}->${literal(key)}) WHEN 'null' THEN ${literal(none)}
    WHEN 'string' THEN CASE WHEN ${quoted(text, `left(${text}, 1)`)} THEN ${JSON_LABEL_SQL} || CAST(${json}->${literal(key)} AS text)
      WHEN left(${text}, 1) = ${JSON_LABEL_SQL} THEN ${JSON_LABEL_SQL} || ${text} ELSE ${text} END
    ELSE ${JSON_LABEL_SQL} || CAST(${json}->${literal(key)} AS text) END`;
    },
    entries: (json, alias) =>
      `LATERAL jsonb_each(CASE WHEN jsonb_typeof(${json}) = 'object' THEN ${json} ELSE '{}'::jsonb END) AS ${alias}(key, value)`,
    entryIsText: (alias) => `jsonb_typeof(${alias}.value) = 'string'`,
    entryKey: (alias) => `${alias}.key`,
    entryValue: (alias) => `${alias}.value #>> '{}'`,
    // The column is bigint: an integer bound (rounded inward, as the store's reads do) keeps the index usable.
    timeBound: (column, op, value) => `${column} ${op} ${op === '>=' ? Math.ceil(value) : Math.floor(value)}`,
    firstBy: (value, order) => `(array_agg(${value} ORDER BY ${order}) FILTER (WHERE ${value} IS NOT NULL))[1]`,
    // Outside UTF8 no character lies beyond U+FFFF (LATIN1 ends at U+00FF): code point order is UTF-16's.
    utf16Order: (text) =>
      utf8
        ? `regexp_replace(${text}, '([\\uE000-\\uFFFF])', chr(1114111) || '\\1', 'g') COLLATE "C"`
        : `${text} COLLATE "C"`,
    hasLastCharacter: (text) => (utf8 ? `strpos(${text}, chr(1114111)) > 0` : 'false'),
    // jsonb writes a number in plain decimals (1e-7 as 0.0000001). One of at most 300 characters lies within
    // float8's range (a cast beyond it fails), and one below 1e15 has no digits in common with a rounding boundary,
    // the one place where PostgreSQL's shortest text differs from JavaScript's: from 2^53, PostgreSQL writes the
    // boundary's neighbour (4.1202443302609024e+16 where JavaScript writes 41202443302609020). Node writes the
    // others. A double's text is the shortest with extra_float_digits above 0 (PostgreSQL 12 and later; the engine sets 1).
    doubleText: (t) =>
      `CASE WHEN length(${t}) <= 300 AND length(split_part(ltrim(${t}, '-'), '.', 1)) <= 15 THEN CAST(CAST(${t} AS double precision) AS text) END`,
  };
}
