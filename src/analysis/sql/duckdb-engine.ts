/**
 * The DuckDB engine: an embedded, in-process database that reads the
 * collector's NDJSON log in place. `@duckdb/node-api` is an optional peer
 * dependency, imported only when this engine runs.
 */
import { ConfigError } from '../../errors/index.js';
import type { AnalysisAggregates } from '../aggregates.js';
import type { ResolvedOptions } from '../options.js';
import { duckdbDialect } from './dialect-duckdb.js';
import { sqlAggregates } from './run-sql.js';

type DuckDbModule = typeof import('@duckdb/node-api');

/** Loads `@duckdb/node-api`, or undefined when it is not installed. */
export async function loadDuckDb(): Promise<DuckDbModule | undefined> {
  try {
    return await import('@duckdb/node-api');
  } catch {
    return undefined;
  }
}

/** The aggregates of the analysis of `options` over the NDJSON `files`, computed by DuckDB. */
export async function duckdbAggregates(
  options: ResolvedOptions,
  files: readonly string[],
): Promise<AnalysisAggregates> {
  const duckdb = await loadDuckDb();
  if (duckdb === undefined) {
    throw new ConfigError(
      [
        {
          path: 'engine',
          message: "the duckdb engine needs the '@duckdb/node-api' package (npm install @duckdb/node-api)",
        },
      ],
      { code: 'INVALID_OPTIONS', subject: 'analysis options' },
    );
  }
  // Insertion order means nothing to the stages; dropping it lets DuckDB stream the scan on every core.
  const instance = await duckdb.DuckDBInstance.create(':memory:', { preserve_insertion_order: 'false' });
  const connection = await instance.connect();
  try {
    return await sqlAggregates(options, duckdbDialect(files), async (sql) => {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS();
    });
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
