/** DuckDB: reads the collector's NDJSON log in place with an explicit schema. */
import { literal, numberLiteral } from './dialect.js';
import type { SqlDialect } from './dialect.js';
import { JSON_LABEL_SQL, quotedLabelSql as quoted } from './segment-labels.js';

// The JSON path of one key, quoted so any attribute name is taken literally.
function path(key: string): string {
  return literal(`$."${key.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`);
}

/**
 * `path` as DuckDB's file reads take it: they expand `*`, `?` and `[…]` as a
 * glob, so each is put in a character class of its own and a log named
 * `ev[1].ndjson` is read, not `ev1.ndjson` beside it.
 */
export function readPath(path: string): string {
  return path.replace(/[*?[]/g, (c) => `[${c}]`);
}

/** The files as a DuckDB list literal. */
function fileList(files: readonly string[]): string {
  return `[${files.map((file) => literal(readPath(file))).join(', ')}]`;
}

/** `read_ndjson` options shared by every read: lines that are not JSON objects are skipped, as the store skips them. */
const READ_OPTIONS = "ignore_errors = true, format = 'newline_delimited'";

/**
 * The fields the analysis reads and their read types. Fields whose type stored
 * data may get wrong (`time`, `value`, `variant`, `units`) are read as JSON and typed
 * afterwards, so a bad line is counted as the in-memory analysis counts it
 * instead of failing the scan. `id` and `name` stay VARCHAR, which reads a
 * number as its text where the store's reader wants a string: JSON costs
 * about 10% more CPU per field, for lines no splitkit writer produces (docs/analysis.md).
 */
const FIELDS: readonly (readonly [string, 'VARCHAR' | 'JSON'])[] = [
  ['id', 'VARCHAR'],
  ['type', 'VARCHAR'],
  ['name', 'VARCHAR'],
  ['kind', 'VARCHAR'],
  ['reason', 'VARCHAR'],
  ['variant', 'JSON'],
  ['time', 'JSON'],
  ['value', 'JSON'],
  ['units', 'JSON'],
  ['attributes', 'JSON'],
];

/** {@link FIELDS} and the exposure's `unit` field, for the column cache and guessing a design. */
const FIELDS_WITH_UNIT = [...FIELDS, ['unit', 'JSON'] as const];

/**
 * The fields where an explicit JSON `null` differs from an absent field in the
 * in-memory analysis: `"value": null` is a value that is not a number
 * (`nonNumberValue`; absent counts 1), `"variant": null` a variant no
 * experiment has (`unknownVariant`; absent: not an exposure to count).
 * `read_ndjson` gives SQL NULL for both.
 */
const NULL_SENSITIVE: ReadonlySet<string> = new Set(['value', 'variant']);

/**
 * The raw rows of the NDJSON `files` with `fields` as columns, read by
 * DuckDB's typed reader (the fastest), or, with `keepNulls`, from each
 * line's object, where the fields of {@link NULL_SENSITIVE} holding JSON
 * `null` stay the JSON value `null` (every other field reads as the typed
 * reader reads it). That read costs about twice the CPU, so the engine asks
 * for it only when the log holds such a line ({@link nullFieldsQuery}).
 */
function rawRows(files: readonly string[], fields: typeof FIELDS, keepNulls: boolean): string {
  if (!keepNulls) {
    const columns = fields.map(([name, type]) => `${name}: '${type}'`).join(', ');
    return `read_ndjson(${fileList(files)}, columns = {${columns}}, ${READ_OPTIONS})`;
  }
  const columns = fields.map(([name, type], i) => {
    const field = `l[${i + 1}]`;
    if (type === 'VARCHAR') return `${field} ->> '$' AS ${name}`;
    return NULL_SENSITIVE.has(name) ? `${field} AS ${name}` : `nullif(${field}, 'null') AS ${name}`;
  });
  const paths = fields.map(([name]) => `'$.${name}'`).join(', ');
  return `(SELECT ${columns.join(', ')}
    FROM (SELECT json_extract(json, [${paths}]) AS l FROM read_ndjson_objects(${fileList(files)}, ${READ_OPTIONS})) o)`;
}

/**
 * A query of one row, `n` 1 when some line of the NDJSON `files` has a
 * `value` or `variant` of JSON `null` (0 otherwise): whether the analysis
 * must read them with `keepNulls`. Only lines holding the text `null`
 * anywhere are parsed here: about a tenth of a typed read on a log whose
 * lines rarely hold one, a third when every line does (a `null` attribute;
 * docs/scale.md has the numbers).
 */
export function nullFieldsQuery(files: readonly string[]): string {
  const tests = [...NULL_SENSITIVE].map((name) => `json_type(json, '$.${name}') = 'NULL'`).join(' OR ');
  return `SELECT count(*) AS n FROM (SELECT 1 FROM read_ndjson_objects(${fileList(files)}, ${READ_OPTIONS})
  WHERE contains(CAST(json AS VARCHAR), 'null') AND (${tests}) LIMIT 1) x`;
}

/** A JSON column holding a number, as `json_type` names them. */
function isNumber(json: string): string {
  return `json_type(${json}) IN ('UBIGINT', 'BIGINT', 'DOUBLE')`;
}

/**
 * The typing of one read row's unit-independent columns (of {@link FIELDS}),
 * as {@link SqlDialect.source} describes them. The column cache stores them typed.
 */
const TYPED = {
  t: `CASE WHEN ${isNumber('time')} THEN CAST(time AS DOUBLE) END`,
  variant: `CASE WHEN json_type(variant) = 'VARCHAR' THEN json_extract_string(variant, '$')
      WHEN variant IS NOT NULL THEN ${JSON_LABEL_SQL} || CAST(variant AS VARCHAR) END`,
  // JSON numbers beyond a double (1e400) parse to ±Infinity in Node too: not finite, as the in-memory check says.
  valueKind: `CASE WHEN value IS NULL THEN 'absent' WHEN ${isNumber('value')} THEN
      CASE WHEN isinf(CAST(value AS DOUBLE)) THEN 'nonFinite' ELSE 'number' END ELSE 'other' END`,
  value: `CASE WHEN ${isNumber('value')} THEN CAST(value AS DOUBLE) END`,
};

/** The id of unit `unit` in the JSON `units` column: only a string counts, as in memory. */
function unitIdColumn(unit: string): string {
  return `CASE WHEN json_type(units, ${path(unit)}) = 'VARCHAR' THEN json_extract_string(units, ${path(unit)}) END`;
}

/** What every DuckDB dialect shares: everything but how the rows are read. */
export const duckdbFunctions: Omit<SqlDialect, 'name' | 'source'> = {
  textField: (json, key) =>
    `CASE WHEN json_type(${json}, ${path(key)}) = 'VARCHAR' THEN json_extract_string(${json}, ${path(key)}) END`,
  labelField(json, key, none) {
    const text = `json_extract_string(${json}, ${path(key)})`;
    return `CASE json_type(${json}, ${path(key)}) WHEN 'NULL' THEN ${literal(none)}
    WHEN 'VARCHAR' THEN CASE WHEN ${quoted(text, `left(${text}, 1)`)} THEN ${JSON_LABEL_SQL} || CAST(json_extract(${json}, ${path(key)}) AS VARCHAR)
      WHEN starts_with(${text}, ${JSON_LABEL_SQL}) THEN ${JSON_LABEL_SQL} || ${text} ELSE ${text} END
    ELSE ${JSON_LABEL_SQL} || CAST(json_extract(${json}, ${path(key)}) AS VARCHAR) END`;
  },
  entries: (json, alias) => `json_each(${json}) AS ${alias}`,
  entryIsText: (alias) => `${alias}.type = 'VARCHAR'`,
  entryKey: (alias) => `${alias}.key`,
  entryValue: (alias) => `json_extract_string(${alias}.value, '$')`,
  timeBound: (column, op, value) => `${column} ${op} ${numberLiteral(value)}`,
  firstBy: (value, order) => `arg_min(${value}, ${order}) FILTER (WHERE ${value} IS NOT NULL)`,
  // DuckDB compares text byte by byte (code point order) unless told a collation.
  utf16Order: (text) => `regexp_replace(${text}, '([\\x{E000}-\\x{FFFF}])', chr(1114111) || '\\1', 'g')`,
  hasLastCharacter: (text) => `strpos(${text}, chr(1114111)) > 0`,
  // A JSON number beyond a double reads as ±infinity: Node writes those (JavaScript's null).
  doubleText: (t) => `CASE WHEN isfinite(TRY_CAST(${t} AS DOUBLE)) THEN CAST(CAST(${t} AS DOUBLE) AS VARCHAR) END`,
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
 * per row and reused by the `units` column. `keepNulls`: see {@link rawRows}
 * (a printed script always keeps them: it cannot know the log).
 */
export function readLog(
  files: readonly string[],
  unit: string,
  where: Parameters<SqlDialect['source']>[1],
  keepNulls = true,
): string {
  return `SELECT type, name, kind, reason, ${TYPED.variant} AS variant, t,
    ${TYPED.valueKind} AS value_kind, ${TYPED.value} AS value, id, unit_id,
    CASE WHEN type = 'identify' OR coalesce(unit_id, '') = '' THEN units END AS units,
    CASE WHEN type = 'exposure' THEN attributes END AS attributes
  FROM (
    SELECT *, ${TYPED.t} AS t, ${unitIdColumn(unit)} AS unit_id
    FROM ${rawRows(files, FIELDS, keepNulls)} j
  ) r
  WHERE id IS NOT NULL AND (${where({ type: 'type', name: 'name', t: 't' })})`;
}

/**
 * The rows of the NDJSON file `file` typed for the column cache, whatever
 * the unit: what {@link readLog} computes, with `units` kept whole (the unit
 * id is taken from it when read), and for guessing a design the exposure's
 * own `unit` field and whether the variant is a string (a typed variant that
 * is not one starts with chr(1), which a string may too). `keepNulls`: see {@link rawRows}.
 */
export function convertLog(file: string, keepNulls = true): string {
  return `SELECT type, name, kind, reason, ${TYPED.variant} AS variant, ${TYPED.t} AS t,
    ${TYPED.valueKind} AS value_kind, ${TYPED.value} AS value,
    json_type(variant) = 'VARCHAR' AS variant_is_text,
    CASE WHEN json_type(unit) = 'VARCHAR' THEN json_extract_string(unit, '$') END AS unit, units,
    CASE WHEN type = 'exposure' THEN attributes END AS attributes
  FROM ${rawRows([file], FIELDS_WITH_UNIT, keepNulls)} j
  WHERE id IS NOT NULL`;
}

/** One Parquet part of the column cache and the number of rows before it. */
export interface ColumnPart {
  /** The part's file. */
  readonly path: string;
  /** Its rows. */
  readonly rows: number;
}

/**
 * Every row of the column cache's `parts` (at least one) in log order, each with `row`, a
 * number unique across the parts (its key, as a stored line's row number is).
 */
function cachedRows(parts: readonly ColumnPart[]): string {
  let before = 0;
  const reads = parts.map((part) => {
    const read = `SELECT * EXCLUDE (file_row_number), file_row_number + ${before} AS row
    FROM read_parquet(${literal(readPath(part.path))}, file_row_number = true)`;
    before += part.rows;
    return read;
  });
  return reads.join('\n    UNION ALL ');
}

/**
 * The rows of the column cache's `parts` with the columns of
 * {@link SqlDialect.source}, the key as `row` instead of `id`: what
 * {@link readLog} gives for the same log, without parsing it.
 */
export function readCachedRows(parts: readonly ColumnPart[], unit: string): string {
  return `SELECT type, name, kind, reason, variant, t, value_kind, value, row, unit_id,
    CASE WHEN type = 'identify' OR coalesce(unit_id, '') = '' THEN units END AS units, attributes
  FROM (SELECT *, ${unitIdColumn(unit)} AS unit_id FROM (${cachedRows(parts)}) p) r`;
}

/**
 * Experiment `key`'s exposures with a string variant in the NDJSON `files`
 * (variant, the exposure's `unit` field when a string, units): what guessing
 * a design groups. Only string variants and units count, as in memory (infer-design.ts).
 */
export function loggedExposures(files: readonly string[], key: string): string {
  return `SELECT json_extract_string(variant, '$') AS variant,
  CASE WHEN json_type(unit) = 'VARCHAR' THEN json_extract_string(unit, '$') END AS unit, units
FROM ${rawRows(files, FIELDS_WITH_UNIT, false)} j
WHERE id IS NOT NULL AND type = 'exposure' AND name = ${literal(key)} AND kind = 'experiment' AND json_type(variant) = 'VARCHAR'`;
}

/** The same exposures from the column cache's `parts`. */
export function cachedExposures(parts: readonly ColumnPart[], key: string): string {
  return `SELECT variant, unit, units FROM (${cachedRows(parts)}) p
WHERE type = 'exposure' AND name = ${literal(key)} AND kind = 'experiment' AND variant_is_text`;
}
