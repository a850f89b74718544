/**
 * What differs between SQL engines, and nothing more: how the events
 * relation is read, how a JSON field is taken apart, and the few functions
 * without a standard spelling. The stages (stages.ts) are written once
 * against this interface, so another engine (BigQuery, Snowflake,
 * ClickHouse) is one more file like dialect-duckdb.ts.
 */

/** How one SQL engine spells the pieces the stages need. */
export interface SqlDialect {
  /** Engine name, as `--engine` takes it. */
  readonly name: string;
  /**
   * A SELECT of the stored events matching `where` (a condition over the
   * columns `type`, `name` and `t`), with the normalized columns: `type`,
   * `name`, `kind`, `reason` (text), `variant` (text when a string), `t` (double,
   * NULL when the time is not a number), `value_kind` (`absent`, `number`,
   * `nonFinite` for a number beyond a double, or `other`), `value` (double), `id` (text), `unit_id` (the string at `units.<unit>`, else NULL),
   * `units` (the JSON object, kept only where stitching needs it: identify events and rows without
   * a `unit_id`) and `attributes` (the JSON object, exposures only). A `variant` that is present but
   * not a string becomes a text starting with `JSON_LABEL` (segment-labels.ts), which matches no variant key.
   */
  source(unit: string, where: (columns: { type: string; name: string; t: string }) => string): string;
  /** The string at `key` of the JSON object `json`, NULL when absent or not a string. */
  textField(json: string, key: string): string;
  /**
   * A segment label: NULL when `key` is absent, `(none)` for JSON null, the
   * string itself (`JSON_LABEL` and the string when it starts with it), or
   * `JSON_LABEL` and the JSON text of any other value, in the engine's spelling
   * (both dialects write the mark as `JSON_LABEL_SQL`):
   * Node rewrites those as the in-memory engine writes them (segment-labels.ts).
   */
  labelField(json: string, key: string, none: string): string;
  /**
   * A FROM item (joined laterally after `json`'s table) with one row per
   * string-valued entry of the JSON object `json`, columns `<alias>_key` and
   * `<alias>_value` available through {@link SqlDialect.entryKey} and {@link SqlDialect.entryValue}.
   */
  entries(json: string, alias: string): string;
  /** The condition that keeps only string entries, and their key and text. */
  entryIsText(alias: string): string;
  entryKey(alias: string): string;
  entryValue(alias: string): string;
  /** `column op value` for a time bound, in a form the engine's indexes can use. */
  timeBound(column: string, op: '>=' | '<=', value: number): string;
  /** The aggregate: `value` of the row with the smallest `order` among rows where `value` is not NULL. */
  firstBy(value: string, order: string): string;
  /**
   * `text` as an ORDER BY key that compares as JavaScript compares strings (UTF-16 code unit by code unit),
   * whatever the collation, for text without U+10FFFF. Code point order (UTF-8's byte order) differs from it
   * only in putting U+E000–U+FFFF before the characters beyond U+FFFF; one U+10FFFF put before each of those
   * (both dialects) moves them after every other character but U+10FFFF itself.
   */
  utf16Order(text: string): string;
  /**
   * SQL true when `text` holds U+10FFFF (such text is odd: label-keys.ts). A constant `false` where the
   * database cannot store the character (PostgreSQL in an encoding other than UTF8, where `chr(1114111)` fails).
   */
  hasLastCharacter(text: string): string;
  /**
   * The shortest text (JavaScript's digits, the engine's notation: `1e-07`, `1.0`, `1.5e+300`) of the double
   * nearest to the JSON number text `t`, or NULL when the engine cannot read it as one (beyond its range).
   */
  doubleText(t: string): string;
}

/**
 * A SQL string literal. A NUL character (which stored labels may hold) ends a statement's text in
 * DuckDB's parser, so it is spelled `chr(0)`; PostgreSQL's text cannot hold one at all.
 */
export function literal(text: string): string {
  const quoted = `'${text.replaceAll("'", "''")}'`;
  return text.includes('\0') ? `(${quoted.replaceAll('\0', "' || chr(0) || '")})` : quoted;
}

/** A number literal; the stages never take NaN or infinities. */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  return Number.isInteger(value) ? `${value}.0` : String(value);
}

/**
 * The sample variance of `value` (an aggregate; NULL below 2 values), exactly 0 when every value is the same:
 * PostgreSQL's var_samp leaves rounding dust there (7.9e-30 for 1,000 values of 0.1 + 0.2),
 * which the stats would take for a real spread where the other engines find none.
 */
export function sampleVariance(value: string): string {
  return `CASE WHEN count(${value}) > 1 AND min(${value}) = max(${value}) THEN CAST(0 AS DOUBLE PRECISION) ELSE var_samp(${value}) END`;
}

/** 0, typed: a bare 1.0 is a DECIMAL in some engines, and every per-unit value must be a double. */
export const ZERO = 'CAST(0 AS DOUBLE PRECISION)';
/** 1, typed as {@link ZERO} is. */
export const ONE = 'CAST(1 AS DOUBLE PRECISION)';
