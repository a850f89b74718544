/**
 * The NDJSON log read once per analysis. Every stage that reads stored rows
 * used to scan the log again, and parsing JSON lines is most of a scan's
 * cost; here the rows every source asks for are parsed and typed once into
 * the temporary table `sk_log`, and the sources select from it. With a
 * column cache (column-cache.ts) nothing is parsed: `sk_log` is a view of
 * its Parquet parts, which DuckDB scans for each source in a fraction of the time.
 */
import type { SqlDialect } from './dialect.js';
import { duckdbFunctions, nullFieldsQuery, readCachedRows, readLog } from './dialect-duckdb.js';
import type { SqlExecutor } from './run-sql.js';
import type { ColumnPart } from './dialect-duckdb.js';

/** One read of the log for the stages of one analysis. */
export interface LogRead {
  /** The dialect whose sources select from `sk_log`. */
  readonly dialect: SqlDialect;
  /** The statement that fills `sk_log` with every row the dialect's sources asked for; undefined when none did. */
  load(): string | undefined;
  /** The statement that frees `sk_log` and `sk_rows` once no stage reads them. */
  readonly drop: string;
}

type Where = Parameters<SqlDialect['source']>[1];

const COLUMNS = { type: 'type', name: 'name', t: 't' };

/**
 * The read of the NDJSON `files` for an analysis of unit `unit`; `keepNulls` when a line
 * may hold a `value` or `variant` of JSON `null` (see `rawRows` in dialect-duckdb.ts).
 */
export function duckdbLogRead(files: readonly string[], unit: string, keepNulls = true): LogRead {
  const wheres: Where[] = [];
  return {
    dialect: {
      name: 'duckdb',
      source(asked, where) {
        // `sk_log` holds one unit's ids; a source for another unit scans the log itself.
        if (asked !== unit) return readLog(files, asked, where, keepNulls);
        wheres.push(where);
        // The row number is the event's key: the stages need one per stored line, and a number joins faster than a text id.
        return `SELECT type, name, kind, reason, variant, t, value_kind, value, rowid AS id, unit_id, units, attributes
  FROM sk_log WHERE ${where(COLUMNS)}`;
      },
      ...duckdbFunctions,
    },
    load() {
      if (wheres.length === 0) return undefined;
      const any: Where = (columns) => wheres.map((where) => `(${where(columns)})`).join(' OR ');
      return `CREATE TEMP TABLE sk_log AS SELECT * EXCLUDE (id) FROM (${readLog(files, unit, any, keepNulls)}) r`;
    },
    drop: 'DROP VIEW sk_rows; DROP TABLE sk_log',
  };
}

/** The read of the column cache's `parts` for an analysis of unit `unit`. */
export function cachedLogRead(parts: readonly ColumnPart[], unit: string): LogRead {
  const select = (from: string, where: Where) =>
    `SELECT type, name, kind, reason, variant, t, value_kind, value, row AS id, unit_id, units, attributes
  FROM ${from} WHERE ${where(COLUMNS)}`;
  let asked = false;
  return {
    dialect: {
      name: 'duckdb',
      source(sourceUnit, where) {
        if (sourceUnit !== unit) return select(`(${readCachedRows(parts, sourceUnit)}) c`, where);
        asked = true;
        return select('sk_log', where);
      },
      ...duckdbFunctions,
    },
    // A view, not a table: each source's filter reaches the Parquet scan, and nothing is copied.
    load: () => (asked ? `CREATE TEMP VIEW sk_log AS ${readCachedRows(parts, unit)}` : undefined),
    drop: 'DROP VIEW sk_rows; DROP VIEW sk_log',
  };
}

/**
 * Whether a line of the NDJSON `files` has a `value` or `variant` of JSON `null`, which only
 * the slower read tells from an absent field (see `rawRows` in dialect-duckdb.ts).
 */
export async function holdsNullFields(run: SqlExecutor, files: readonly string[]): Promise<boolean> {
  const [row] = await run(nullFieldsQuery(files));
  return Number(row?.n) > 0;
}
