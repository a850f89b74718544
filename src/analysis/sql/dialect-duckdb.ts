/** DuckDB: reads the collector's NDJSON log in place with an explicit schema. */
import { literal, numberLiteral } from './dialect.js';
import type { SqlDialect } from './dialect.js';

// The JSON path of one key, quoted so any attribute name is taken literally.
function path(key: string): string {
  return literal(`$."${key.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`);
}

/**
 * The DuckDB dialect over the NDJSON files `files`. Fields whose type stored
 * data may get wrong (`time`, `value`, `variant`) are read as JSON and typed
 * here, so a bad line is counted as the in-memory analysis counts it instead of
 * failing the scan; lines that are not JSON objects are skipped, as the store skips them.
 */
export function duckdbDialect(files: readonly string[]): SqlDialect {
  const list = `[${files.map(literal).join(', ')}]`;
  const columns =
    "{id: 'VARCHAR', type: 'VARCHAR', name: 'VARCHAR', kind: 'VARCHAR', reason: 'VARCHAR', " +
    "variant: 'JSON', time: 'JSON', value: 'JSON', units: 'JSON', attributes: 'JSON'}";
  return {
    name: 'duckdb',
    source(unit, where) {
      const unitId = `CASE WHEN json_type(units, ${path(unit)}) = 'VARCHAR' THEN json_extract_string(units, ${path(unit)}) END`;
      const t = "CASE WHEN json_type(time) IN ('UBIGINT', 'BIGINT', 'DOUBLE') THEN CAST(time AS DOUBLE) END";
      return `SELECT type, name, kind, reason,
    CASE WHEN json_type(variant) = 'VARCHAR' THEN json_extract_string(variant, '$')
      WHEN variant IS NOT NULL THEN chr(1) || CAST(variant AS VARCHAR) END AS variant,
    ${t} AS t,
    CASE WHEN value IS NULL THEN 'absent' WHEN json_type(value) IN ('UBIGINT', 'BIGINT', 'DOUBLE') THEN 'number' ELSE 'other' END AS value_kind,
    CASE WHEN json_type(value) IN ('UBIGINT', 'BIGINT', 'DOUBLE') THEN CAST(value AS DOUBLE) END AS value,
    id, ${unitId} AS unit_id,
    CASE WHEN type = 'identify' OR coalesce(${unitId}, '') = '' THEN units END AS units,
    CASE WHEN type = 'exposure' THEN attributes END AS attributes
  FROM read_ndjson(${list}, columns = ${columns}, ignore_errors = true, format = 'newline_delimited')
  WHERE id IS NOT NULL AND (${where({ type: 'type', name: 'name', t })})`;
    },
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
}
