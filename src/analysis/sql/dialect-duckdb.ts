/** DuckDB: reads the collector's NDJSON log in place with an explicit schema. */
import { literal, numberLiteral } from './dialect.js';
import type { SqlDialect } from './dialect.js';

// The JSON path of one key, quoted so any attribute name is taken literally.
function path(key: string): string {
  return literal(`$."${key.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`);
}

/** The files as a DuckDB list literal. */
function fileList(files: readonly string[]): string {
  return `[${files.map(literal).join(', ')}]`;
}

/** `read_ndjson` options shared by every read: lines that are not JSON objects are skipped, as the store skips them. */
const READ_OPTIONS = "ignore_errors = true, format = 'newline_delimited'";

/**
 * The fields the analysis reads and their read types. Fields whose type stored
 * data may get wrong (`time`, `value`, `variant`, `units`) are read as JSON and typed
 * afterwards, so a bad line is counted as the in-memory analysis counts it
 * instead of failing the scan.
 */
const READ_COLUMNS =
  "{id: 'VARCHAR', type: 'VARCHAR', name: 'VARCHAR', kind: 'VARCHAR', reason: 'VARCHAR', " +
  "variant: 'JSON', time: 'JSON', value: 'JSON', units: 'JSON', attributes: 'JSON'}";

/** The typing of one read row (the columns of {@link READ_COLUMNS}), as {@link SqlDialect.source} describes it. */
function typedColumns(unit: string): {
  t: string;
  unitId: string;
  variant: string;
  valueKind: string;
  value: string;
} {
  const number = (json: string) => `json_type(${json}) IN ('UBIGINT', 'BIGINT', 'DOUBLE')`;
  return {
    t: `CASE WHEN ${number('time')} THEN CAST(time AS DOUBLE) END`,
    unitId: `CASE WHEN json_type(units, ${path(unit)}) = 'VARCHAR' THEN json_extract_string(units, ${path(unit)}) END`,
    variant: `CASE WHEN json_type(variant) = 'VARCHAR' THEN json_extract_string(variant, '$')
      WHEN variant IS NOT NULL THEN chr(1) || CAST(variant AS VARCHAR) END`,
    // JSON numbers beyond a double (1e400) parse to ±Infinity in Node too: not finite, as the in-memory check says.
    valueKind: `CASE WHEN value IS NULL THEN 'absent' WHEN ${number('value')} THEN
      CASE WHEN isinf(CAST(value AS DOUBLE)) THEN 'nonFinite' ELSE 'number' END ELSE 'other' END`,
    value: `CASE WHEN ${number('value')} THEN CAST(value AS DOUBLE) END`,
  };
}

/** What every DuckDB dialect shares: everything but how the rows are read. */
export const duckdbFunctions: Omit<SqlDialect, 'name' | 'source'> = {
  textField: (json, key) =>
    `CASE WHEN json_type(${json}, ${path(key)}) = 'VARCHAR' THEN json_extract_string(${json}, ${path(key)}) END`,
  labelField: (json, key, none) =>
    `CASE json_type(${json}, ${path(key)}) WHEN 'NULL' THEN ${literal(none)} WHEN 'VARCHAR' THEN json_extract_string(${json}, ${path(key)}) ELSE CAST(json_extract(${json}, ${path(key)}) AS VARCHAR) END`,
  entries: (json, alias) => `json_each(${json}) AS ${alias}`,
  entryIsText: (alias) => `${alias}.type = 'VARCHAR'`,
  entryKey: (alias) => `${alias}.key`,
  entryValue: (alias) => `json_extract_string(${alias}.value, '$')`,
  timeBound: (column, op, value) => `${column} ${op} ${numberLiteral(value)}`,
  firstBy: (value, order) => `arg_min(${value}, ${order}) FILTER (WHERE ${value} IS NOT NULL)`,
};

/**
 * The DuckDB dialect over the NDJSON files `files`: each source scans the
 * log, reading only the fields its stage uses (what `--print-sql` shows, a
 * script that runs as printed). The engine reads the log once instead (duckdb-log.ts).
 */
export function duckdbDialect(files: readonly string[]): SqlDialect {
  return {
    name: 'duckdb',
    source: (unit, where) => readLog(files, unit, where),
    ...duckdbFunctions,
  };
}

/**
 * The rows of the NDJSON `files` matching `where`, with the columns of
 * {@link SqlDialect.source} (`id` included). The unit id is computed once
 * per row and reused by the `units` column.
 */
export function readLog(files: readonly string[], unit: string, where: Parameters<SqlDialect['source']>[1]): string {
  const c = typedColumns(unit);
  return `SELECT type, name, kind, reason, ${c.variant} AS variant, t,
    ${c.valueKind} AS value_kind, ${c.value} AS value, id, unit_id,
    CASE WHEN type = 'identify' OR coalesce(unit_id, '') = '' THEN units END AS units,
    CASE WHEN type = 'exposure' THEN attributes END AS attributes
  FROM (
    SELECT *, ${c.t} AS t, ${c.unitId} AS unit_id
    FROM read_ndjson(${fileList(files)}, columns = ${READ_COLUMNS}, ${READ_OPTIONS})
  ) r
  WHERE id IS NOT NULL AND (${where({ type: 'type', name: 'name', t: 't' })})`;
}
