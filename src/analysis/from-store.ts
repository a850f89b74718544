/**
 * `analyzeFromStore`: the same analysis reading from an `EventStore` (the
 * collector's NDJSON log, PostgreSQL, or your own), in one of three engines:
 *
 * - `memory`: three streamed reads, filtered in the store (this experiment's
 *   exposures, identify events, the custom events the metrics use), analyzed
 *   in Node. Memory grows with units, not events. Works with any store.
 * - `duckdb`: DuckDB reads the NDJSON log in place and runs the SQL stages.
 * - `postgres`: the SQL stages run inside the PostgreSQL store's database.
 *
 * Every engine hands the same per-variant aggregates to the same stats code,
 * so their reports agree (see docs/analysis.md, "Engines").
 */
import { ConfigError } from '../errors/index.js';
import type { EventQuery, EventStore } from '../events/store.js';
import type { AnalysisAggregates } from './aggregates.js';
import { reportFromAggregates } from './report-from-aggregates.js';
import { resolveOptions } from './resolve-options.js';
import type { AnalysisOptions, ResolvedOptions } from './options.js';
import { AnalysisRun } from './run.js';
import { cupedReadStart } from './cuped-tally.js';
import { designFromExposures, inferDesign } from './infer-design.js';
import type { InferOptions } from './infer-design.js';
import type { ColumnCacheFiles } from './sql/column-cache.js';
import { DUCKDB_MISSING, duckdbAggregates, duckdbExposureShapes, loadDuckDb } from './sql/duckdb-engine.js';
import type { DuckDbLog } from './sql/duckdb-engine.js';
import { postgresAggregates, postgresExposureShapes, postgresIsUtf8 } from './sql/postgres-engine.js';
import type { PostgresAnalysisSource } from './sql/postgres-engine.js';
import { duckdbDialect } from './sql/dialect-duckdb.js';
import { postgresDialect } from './sql/dialect-postgres.js';
import { analysisSql, printableSql } from './sql/stages.js';
import { sqlUnsupportedOptions } from './sql/unsupported.js';
import type { ExperimentDesign } from './experiment-design.js';
import type { ExperimentReport, SkippedLines } from './types.js';

/** Where the analysis runs: in Node, in an embedded DuckDB, or in the PostgreSQL store's database. */
export type AnalysisEngine = 'memory' | 'duckdb' | 'postgres';

/** The engines, as `--engine` takes them. */
export const ANALYSIS_ENGINES: readonly AnalysisEngine[] = ['memory', 'duckdb', 'postgres'];

/**
 * {@link AnalysisOptions} for a store; `from` and `to` bound the exposures and
 * custom events read (identify events are read in full). With `cuped`, custom
 * events are read from `from - lookback`, for the units' pre-exposure values.
 */
export interface StoreAnalysisOptions extends AnalysisOptions {
  /**
   * Where the analysis runs. Default: the fastest available for the store:
   * `postgres` for the PostgreSQL store, `duckdb` for an NDJSON log when
   * `@duckdb/node-api` is installed, else `memory` (for an NDJSON log the
   * report then notes that DuckDB would be faster). A metric with no SQL form
   * yet makes the default `memory` (the report notes it) and an explicit SQL engine an error.
   */
  engine?: AnalysisEngine;
  /**
   * DuckDB on an NDJSON log: keep the log's rows parsed into Parquet files
   * beside it (`<log>.columns`), so later analyses scan columns instead of
   * parsing JSON and convert only what was appended since (docs/scale.md,
   * "The column cache"). `true` always, `false` never; default: for logs of
   * 64 MiB or more. When the folder cannot be
   * written, the log is parsed as without a cache and the report says so.
   */
  columnCache?: boolean;
}

/** The log size from which the DuckDB engine keeps a column cache by default: 64 MiB. */
const COLUMN_CACHE_MIN_BYTES = 64 * 1024 * 1024;

/** What a store offers the SQL engines (found by shape, so any store of that shape qualifies). */
interface SqlCapableStore extends EventStore {
  /** An NDJSON store's log file. */
  path?: unknown;
  /** The PostgreSQL store's connection and table. */
  analysisSource?: PostgresAnalysisSource;
  /** An NDJSON store's column cache files. */
  columnFiles?: ColumnCacheFiles;
}

function engineError(message: string): ConfigError {
  return new ConfigError([{ path: 'engine', message }], { code: 'INVALID_OPTIONS', subject: 'analysis options' });
}

function ndjsonFiles(store: SqlCapableStore): string[] | undefined {
  return typeof store.path === 'string' ? [store.path] : undefined;
}

/** What DuckDB reads for `store`: its log, through the column cache when `columnCache` (or the log's size) asks for one. */
async function duckdbLog(store: SqlCapableStore, columnCache: boolean | undefined): Promise<DuckDbLog> {
  const files = ndjsonFiles(store) ?? [];
  const cache = store.columnFiles;
  if (cache === undefined || columnCache === false) return { files };
  if (columnCache === true) return { files, cache };
  // Too small to be worth a second copy: parsing it takes about as long as converting it.
  const size = await cache.end().catch(() => 0);
  return size >= COLUMN_CACHE_MIN_BYTES ? { files, cache } : { files };
}

/** The report's note when the default engine of an NDJSON log is memory because DuckDB cannot be loaded. */
export const DUCKDB_FALLBACK_NOTE =
  'Analyzed in memory: the duckdb engine reads an NDJSON log in place and is much faster on large logs; install it with npm install @duckdb/node-api.';

/**
 * Why the default engine became memory although the store offers a SQL one:
 * `@duckdb/node-api` cannot be loaded, or a part of the analysis (`why`) has
 * no SQL form in `instead`. It gives both the report's note and `--print-sql`'s error.
 */
type MemoryFallback = { reason: 'duckdbMissing' } | { reason: 'noSqlForm'; instead: AnalysisEngine; why: string };

/** The engine that runs, and why memory runs when the store offered a faster one. */
interface EngineChoice {
  engine: AnalysisEngine;
  fallback?: MemoryFallback;
}

function fallbackNote(fallback: MemoryFallback): string {
  if (fallback.reason === 'duckdbMissing') return DUCKDB_FALLBACK_NOTE;
  return `Analyzed in memory rather than in ${fallback.instead}: ${fallback.why}.`;
}

/** What `--print-sql` says when the analysis would run in memory (`fallback`: why, when not asked for). */
function noSql(fallback: MemoryFallback | undefined): ConfigError {
  if (fallback === undefined) return engineError('the memory engine runs no SQL; choose --engine duckdb or postgres');
  if (fallback.reason === 'duckdbMissing') return engineError(`no SQL to print: ${DUCKDB_MISSING}`);
  return engineError(`no SQL to print: this analysis runs in memory, not in ${fallback.instead}: ${fallback.why}.`);
}

/**
 * The engine `store` can run, whatever the metrics: `requested` once checked,
 * else the fastest available (memory for an NDJSON log without DuckDB).
 */
async function storeEngine(s: SqlCapableStore, requested: AnalysisEngine | undefined): Promise<EngineChoice> {
  if (requested !== undefined && !ANALYSIS_ENGINES.includes(requested)) {
    throw engineError(`expected one of ${ANALYSIS_ENGINES.join(', ')}, got ${JSON.stringify(requested)}`);
  }
  if (requested === 'memory') return { engine: 'memory' };
  if (requested === 'postgres') {
    if (s.analysisSource === undefined) throw engineError('the postgres engine needs a PostgreSQL store');
    return { engine: 'postgres' };
  }
  if (requested === 'duckdb') {
    if (ndjsonFiles(s) === undefined) throw engineError('the duckdb engine reads an NDJSON store (the collector log)');
    if ((await loadDuckDb()) === undefined) throw engineError(DUCKDB_MISSING);
    return { engine: 'duckdb' };
  }
  if (s.analysisSource !== undefined) return { engine: 'postgres' };
  if (ndjsonFiles(s) === undefined) return { engine: 'memory' };
  if ((await loadDuckDb()) === undefined) return { engine: 'memory', fallback: { reason: 'duckdbMissing' } };
  return { engine: 'duckdb' };
}

/** {@link chooseEngine}, with the fallback as a value. */
async function engineFor(
  store: EventStore,
  options: ResolvedOptions,
  requested: AnalysisEngine | undefined,
): Promise<EngineChoice> {
  const chosen = await storeEngine(store as SqlCapableStore, requested);
  const unsupported = sqlUnsupportedOptions(options);
  if (chosen.engine === 'memory' || unsupported === undefined) return chosen;
  if (requested !== undefined) throw engineError(`${unsupported}; use the memory engine`);
  return { engine: 'memory', fallback: { reason: 'noSqlForm', instead: chosen.engine, why: unsupported } };
}

/** The engine that will run, and why memory was chosen when a faster one was not usable. */
export async function chooseEngine(
  store: EventStore,
  options: ResolvedOptions,
  requested: AnalysisEngine | undefined,
): Promise<{ engine: AnalysisEngine; note?: string }> {
  const { engine, fallback } = await engineFor(store, options, requested);
  return fallback === undefined ? { engine } : { engine, note: fallbackNote(fallback) };
}

/**
 * Reads what the analysis needs from `store` and analyzes it like
 * `analyzeExperiment`, in the engine `options.engine` names. The store is not closed.
 *
 * @throws `ConfigError` (code `INVALID_OPTIONS`) when the options are invalid
 * or the engine cannot run here; errors of the store or engine are passed through.
 */
export async function analyzeFromStore(store: EventStore, options: StoreAnalysisOptions): Promise<ExperimentReport> {
  const resolved = resolveOptions(options);
  const { engine, note } = await chooseEngine(store, resolved, options.engine);
  if (note !== undefined) resolved.notes.push(note);
  if (engine === 'memory') return analyzeInMemory(store, options, resolved);
  const s = store as SqlCapableStore;
  let aggregates: AnalysisAggregates;
  if (engine === 'postgres' && s.analysisSource !== undefined) {
    aggregates = await postgresAggregates(resolved, s.analysisSource);
  } else {
    // An NDJSON store's file exists once it is open (created by a writer, checked by a reader).
    aggregates = await duckdbAggregates(resolved, await duckdbLog(s, options.columnCache));
  }
  return reportFromAggregates(resolved, aggregates);
}

async function analyzeInMemory(
  store: EventStore,
  options: StoreAnalysisOptions,
  resolved: ResolvedOptions,
): Promise<ExperimentReport> {
  const run = new AnalysisRun(resolved);
  const range: EventQuery = {};
  if (options.from !== undefined) range.from = options.from;
  if (options.to !== undefined) range.to = options.to;
  // CUPED's covariate needs each unit's events up to `lookback` before its exposure.
  const eventRange: EventQuery = { ...range, ...cupedReadStart(resolved) };

  for await (const event of store.read({ ...range, types: ['exposure'], names: [options.experiment.key] })) {
    if (event.type === 'exposure') run.addExposure(event);
  }
  // Links made before the range still tell who is who, so identify events are read in full.
  for await (const event of store.read({ types: ['identify'] })) {
    if (event.type === 'identify') run.addIdentity(event);
  }
  if (run.metricEvents.length > 0) {
    for await (const event of store.read({ ...eventRange, types: ['event'], names: [...run.metricEvents] })) {
      if (event.type === 'event') run.addEvent(event);
    }
  }
  // Reads skip the lines of a log that are not events; a store that can count them (the NDJSON store) says
  // how many, so the report can.
  const skippedLines = await (store as { skippedLines?: () => Promise<SkippedLines> }).skippedLines?.();
  const report = run.report();
  if (skippedLines !== undefined) report.skippedLines = skippedLines;
  return report;
}

/**
 * The SQL the analysis of `options` would run on `store` in `engine` (the
 * default engine when omitted), as one script: what `splitkit analyze
 * --print-sql` prints. Nothing is run.
 *
 * @throws `ConfigError` (code `INVALID_OPTIONS`) when the options are invalid
 * or the chosen engine is `memory`, which has no SQL.
 */
export async function analysisSqlForStore(
  store: EventStore,
  options: StoreAnalysisOptions,
): Promise<{ engine: AnalysisEngine; sql: string }> {
  const resolved = resolveOptions(options);
  const { engine, fallback } = await engineFor(store, resolved, options.engine);
  const s = store as SqlCapableStore;
  if (engine === 'postgres' && s.analysisSource !== undefined) {
    // The engine's own settings (postgres-engine.ts), in force when the script runs as one transaction.
    const preface =
      '-- Compiling these queries costs more than running them:\nSET LOCAL jit = off;\n\n' +
      "-- Numbers' shortest text, which segment labels are keyed by:\nSET LOCAL extra_float_digits = 1;\n\n";
    // The SQL depends on the database's encoding (dialect-postgres.ts): asked of the store's database.
    const dialect = postgresDialect(s.analysisSource.table, await postgresIsUtf8(s.analysisSource));
    return { engine, sql: preface + printableSql(analysisSql(resolved, dialect)) };
  }
  const files = ndjsonFiles(s);
  if (engine === 'duckdb' && files !== undefined) {
    return { engine, sql: printableSql(analysisSql(resolved, duckdbDialect(files))) };
  }
  // Memory has no SQL: say why it runs rather than only that it has none.
  throw noSql(fallback);
}

/**
 * Fails as {@link analysisSqlForStore} does when `store` would run `requested`
 * (or its default engine) in memory, before anything is read: `--print-sql`
 * checks this first, so it never reads exposures into Node to guess a design.
 *
 * @throws `ConfigError` (code `INVALID_OPTIONS`) when the engine is `memory` or cannot run on `store`.
 */
export async function assertSqlEngine(store: EventStore, requested: AnalysisEngine | undefined): Promise<void> {
  const { engine, fallback } = await storeEngine(store as SqlCapableStore, requested);
  if (engine === 'memory') throw noSql(fallback);
}

/**
 * `inferDesign` in the engine that will analyze: DuckDB groups an NDJSON
 * log's exposures and PostgreSQL its table's, each in one query, so guessing
 * the design does not stream every exposure to Node. The memory engine (asked
 * for, or the default without a SQL engine) reads them in Node.
 *
 * @throws `ConfigError` (code `INVALID_OPTIONS`) when the requested engine cannot run on `store`.
 */
export async function inferDesignInEngine(
  store: EventStore,
  key: string,
  options: InferOptions,
  requested: AnalysisEngine | undefined,
  columnCache?: boolean,
): Promise<{ experiment: ExperimentDesign; notes: string[] }> {
  const s = store as SqlCapableStore;
  const { engine } = await storeEngine(s, requested);
  if (engine === 'postgres' && s.analysisSource !== undefined) {
    return designFromExposures(key, await postgresExposureShapes(s.analysisSource, key), options);
  }
  const files = ndjsonFiles(s);
  if (engine === 'duckdb' && files !== undefined) {
    const notes: string[] = [];
    const design = await designFromExposures(
      key,
      await duckdbExposureShapes(await duckdbLog(s, columnCache), key, notes),
      options,
    );
    return { ...design, notes: [...notes, ...design.notes] };
  }
  return inferDesign(store, key, options);
}
