/**
 * The DuckDB engine: an embedded, in-process database that reads the
 * collector's NDJSON log in place. `@duckdb/node-api` is an optional peer
 * dependency, imported only when this engine runs.
 */
import { ConfigError } from '../../errors/index.js';
import type { AnalysisAggregates } from '../aggregates.js';
import type { ExposureShape } from '../infer-design.js';
import type { ResolvedOptions } from '../options.js';
import type { SkippedLines } from '../types.js';
import { withLogRows } from './column-cache.js';
import type { ColumnCacheFiles } from './column-cache.js';
import { cachedExposures, loggedExposures } from './dialect-duckdb.js';
import type { ColumnPart } from './dialect-duckdb.js';
import { cachedLogRead, duckdbLogRead, holdsNullFields } from './duckdb-log.js';
import type { LogRead } from './duckdb-log.js';
import { sqlAggregates } from './run-sql.js';
import { checkLogLines } from './skipped-lines.js';
import type { SqlExecutor, SqlRow } from './run-sql.js';
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

/**
 * The NDJSON log the DuckDB engine reads: its `files`, and the files of its
 * column cache when the analysis should keep one (column-cache.ts).
 */
export interface DuckDbLog {
  readonly files: readonly string[];
  readonly cache?: ColumnCacheFiles;
}

/** An in-memory DuckDB with `settings`, closed when `use` settles. */
export async function withDuckDb<T>(
  settings: Record<string, string>,
  use: (run: SqlExecutor) => Promise<T>,
): Promise<T> {
  const duckdb = await requireDuckDb();
  const instance = await duckdb.DuckDBInstance.create(':memory:', settings);
  const connection = await instance.connect();
  try {
    return await use(async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJS());
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The aggregates of the analysis of `options` over the NDJSON `log`, computed by DuckDB. */
export async function duckdbAggregates(options: ResolvedOptions, log: DuckDbLog): Promise<AnalysisAggregates> {
  const settings = {
    // Insertion order means nothing to the stages; dropping it lets DuckDB stream the scan on every core.
    preserve_insertion_order: 'false',
    // The stages' tables grow with the events read; past the limit DuckDB moves them to a folder of its own.
    memory_limit: memoryLimit(),
    temp_directory: spillFolder(),
  };
  return withLogRows(
    (use) => withDuckDb(settings, use),
    log.cache,
    options.notes,
    (run, parts, skippedLines) => aggregatesOf(options, log.files, parts, run, skippedLines),
  );
}

/** {@link duckdbAggregates} in one DuckDB (`run`), reading the cache's `parts`, or the log `files` without them. */
async function aggregatesOf(
  options: ResolvedOptions,
  files: readonly string[],
  parts: readonly ColumnPart[] | undefined,
  run: SqlExecutor,
  cachedSkipped: SkippedLines | undefined,
): Promise<AnalysisAggregates> {
  const keepNulls = parts === undefined && (await holdsNullFields(run, files));
  // The column cache counted each part's lines when it converted them; a part without the count is checked in the log.
  const skippedLines = cachedSkipped ?? (await checkLogLines(run, files, options.notes));
  const read = () =>
    parts === undefined ? duckdbLogRead(files, options.unit, keepNulls) : cachedLogRead(parts, options.unit);
  const logRead = read();
  const lastRead = lastReadOfRows(options, read());
  let loaded = false;
  const aggregates = await sqlAggregates(options, logRead.dialect, async (sql) => {
    // Every source is known once the first statement comes: the log is read for all of them at once.
    if (!loaded) {
      loaded = true;
      const load = logRead.load();
      if (load !== undefined) await run(load);
    }
    const rows = await run(sql);
    // Nothing reads the stored rows after this: free them before the later stages fill memory.
    if (sql === lastRead) await run(logRead.drop);
    return rows;
  });
  if (skippedLines !== undefined) aggregates.skippedLines = skippedLines;
  return aggregates;
}

/** The last statement of the analysis that reads `sk_rows` (undefined when none does), with a fresh `read`. */
function lastReadOfRows(options: ResolvedOptions, read: LogRead): string | undefined {
  const sql = analysisSql(options, read.dialect);
  const all: unknown[] = [...sql.stages, ...Object.values(sql.queries).flat()];
  let last: string | undefined;
  for (const statement of all) if (typeof statement === 'string' && statement.includes('sk_rows')) last = statement;
  return last;
}

/**
 * The experiment's exposures grouped by variant, `unit` field and unit
 * names, read by DuckDB from the NDJSON `log` (through its column cache when
 * given; why it was not used goes to `notes`): what `inferDesign` needs,
 * without parsing the whole log in Node.
 */
export async function duckdbExposureShapes(
  log: DuckDbLog,
  key: string,
  notes: string[] = [],
): Promise<ExposureShape[]> {
  const rows = await withLogRows<SqlRow[]>(
    (use) => withDuckDb({ preserve_insertion_order: 'false' }, use),
    log.cache,
    notes,
    (run, parts) =>
      run(`SELECT variant, unit,
  coalesce(json_keys(CASE WHEN json_type(units) = 'OBJECT' THEN units END), []) AS unit_names, count(*) AS n
FROM (${parts === undefined ? loggedExposures(log.files, key) : cachedExposures(parts, key)}) e GROUP BY ALL`),
  );
  return rows.map((row) => ({
    variant: String(row.variant),
    unit: row.unit === null ? undefined : String(row.unit),
    unitNames: (row.unit_names as string[]).map(String),
    count: Number(row.n),
  }));
}
