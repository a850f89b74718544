/**
 * The DuckDB engine: an embedded, in-process database that reads the
 * collector's NDJSON log in place. `@duckdb/node-api` is an optional peer
 * dependency, imported only when this engine runs.
 */
import { ConfigError } from '../../errors/index.js';
import type { AnalysisAggregates } from '../aggregates.js';
import type { ExposureShape } from '../infer-design.js';
import type { ResolvedOptions } from '../options.js';
import { literal } from './dialect.js';
import { duckdbLogRead } from './duckdb-log.js';
import { sqlAggregates } from './run-sql.js';
import { analysisSql } from './stages.js';

type DuckDbModule = typeof import('@duckdb/node-api');

/**
 * DuckDB's memory cap for one analysis: `SPLITKIT_DUCKDB_MEMORY_LIMIT`, else
 * 1 GB. Peak memory stays near it however many events the log holds (the
 * rest goes to a temporary folder); what must stay in memory grows with
 * units, not events.
 */
function memoryLimit(): string {
  return environment().SPLITKIT_DUCKDB_MEMORY_LIMIT || '1GB';
}

// This engine runs in Node only (DuckDB's Node package), whose `process` the analysis layer does not import.
function environment(): Record<string, string | undefined> {
  return (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
}

/**
 * A folder of its own for DuckDB to spill to, in the system's temporary
 * folder (as Node's `os.tmpdir()` finds it). DuckDB creates it when it
 * first spills and removes it when the instance closes.
 */
function spillFolder(): string {
  const env = environment();
  const windows = (globalThis as { process?: { platform?: string } }).process?.platform === 'win32';
  const base = (env.TMPDIR || env.TMP || env.TEMP || (windows ? '.' : '/tmp')).replace(/[\\/]+$/, '');
  return `${base}${windows ? '\\' : '/'}splitkit-duckdb-spill-${crypto.randomUUID()}`;
}

/** Loads `@duckdb/node-api`, or undefined when it is not installed (or cannot load). */
export async function loadDuckDb(): Promise<DuckDbModule | undefined> {
  try {
    return await import('@duckdb/node-api');
  } catch {
    return undefined;
  }
}

/** What an explicitly requested DuckDB engine says when `@duckdb/node-api` cannot be loaded. */
export const DUCKDB_MISSING = "the duckdb engine needs the '@duckdb/node-api' package (npm install @duckdb/node-api)";

async function requireDuckDb(): Promise<DuckDbModule> {
  const duckdb = await loadDuckDb();
  if (duckdb !== undefined) return duckdb;
  throw new ConfigError([{ path: 'engine', message: DUCKDB_MISSING }], {
    code: 'INVALID_OPTIONS',
    subject: 'analysis options',
  });
}

/** The aggregates of the analysis of `options` over the NDJSON `files`, computed by DuckDB. */
export async function duckdbAggregates(
  options: ResolvedOptions,
  files: readonly string[],
): Promise<AnalysisAggregates> {
  const duckdb = await requireDuckDb();
  const instance = await duckdb.DuckDBInstance.create(':memory:', {
    // Insertion order means nothing to the stages; dropping it lets DuckDB stream the scan on every core.
    preserve_insertion_order: 'false',
    // The stages' tables grow with the events read; past the limit DuckDB moves them to a folder of its own.
    memory_limit: memoryLimit(),
    temp_directory: spillFolder(),
  });
  const connection = await instance.connect();
  const run = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJS();
  const log = duckdbLogRead(files, options.unit);
  const lastRead = lastReadOfRows(options, files);
  let loaded = false;
  try {
    return await sqlAggregates(options, log.dialect, async (sql) => {
      // Every source is known once the first statement comes: the log is read for all of them at once.
      if (!loaded) {
        loaded = true;
        const load = log.load();
        if (load !== undefined) await run(load);
      }
      const rows = await run(sql);
      // Nothing reads the stored rows after this: free them before the later stages fill memory.
      if (sql === lastRead) await run('DROP VIEW sk_rows; DROP TABLE sk_log');
      return rows;
    });
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The last statement of the analysis that reads `sk_rows` (undefined when none does). */
function lastReadOfRows(options: ResolvedOptions, files: readonly string[]): string | undefined {
  const sql = analysisSql(options, duckdbLogRead(files, options.unit).dialect);
  const all: unknown[] = [...sql.stages, ...Object.values(sql.queries).flat()];
  let last: string | undefined;
  for (const statement of all) if (typeof statement === 'string' && statement.includes('sk_rows')) last = statement;
  return last;
}

/**
 * The experiment's exposures grouped by variant, `unit` field and unit
 * names, read by DuckDB from the NDJSON `files`: what `inferDesign` needs,
 * without parsing the whole log in Node.
 */
export async function duckdbExposureShapes(files: readonly string[], key: string): Promise<ExposureShape[]> {
  const duckdb = await requireDuckDb();
  const instance = await duckdb.DuckDBInstance.create(':memory:', { preserve_insertion_order: 'false' });
  const connection = await instance.connect();
  try {
    const list = `[${files.map(literal).join(', ')}]`;
    // Only string variants and units count, as in the in-memory reading (infer-design.ts).
    const reader = await connection.runAndReadAll(`SELECT json_extract_string(variant, '$') AS variant,
  CASE WHEN json_type(unit) = 'VARCHAR' THEN json_extract_string(unit, '$') END AS unit,
  coalesce(json_keys(CASE WHEN json_type(units) = 'OBJECT' THEN units END), []) AS unit_names, count(*) AS n
FROM read_ndjson(${list}, columns = {id: 'VARCHAR', type: 'VARCHAR', name: 'VARCHAR', kind: 'VARCHAR', variant: 'JSON', unit: 'JSON', units: 'JSON'},
  ignore_errors = true, format = 'newline_delimited')
WHERE id IS NOT NULL AND type = 'exposure' AND name = ${literal(key)} AND kind = 'experiment' AND json_type(variant) = 'VARCHAR'
GROUP BY ALL`);
    return reader.getRowObjectsJS().map((row) => ({
      variant: String(row.variant),
      unit: row.unit === null ? undefined : String(row.unit),
      unitNames: (row.unit_names as string[]).map(String),
      count: Number(row.n),
    }));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
