/** PostgreSQL analysis sources that watch what runs through them, for tests that check what an engine asks. */
import { DuckDBInstance } from '@duckdb/node-api';
import type { StoreAnalysisOptions } from '../../../src/analysis/index.js';
import type { AnalysisAggregates } from '../../../src/analysis/aggregates.js';
import { resolveOptions } from '../../../src/analysis/resolve-options.js';
import { duckdbDialect } from '../../../src/analysis/sql/dialect-duckdb.js';
import type { PostgresAnalysisSource } from '../../../src/analysis/sql/postgres-engine.js';
import { sqlAggregates } from '../../../src/analysis/sql/run-sql.js';

type Connection = Awaited<ReturnType<PostgresAnalysisSource['connect']>>;

/** A statement run through a {@link recordingSource}, with the rows it gave back. */
export interface RanStatement {
  text: string;
  rows: unknown[];
}

/** `source`, with each statement run by `query` (given the statement and the connection) instead. */
export function watchedSource(
  source: PostgresAnalysisSource,
  query: (text: string, connection: Connection) => Promise<{ rows: unknown[] }>,
): PostgresAnalysisSource {
  return {
    table: source.table,
    async connect() {
      const connection = await source.connect();
      return {
        query: (text: string) => query(text, connection),
        release: (error?: Error | boolean) => connection.release(error),
      };
    },
  };
}

/** `source`, appending each statement that runs through it (once it has answered) to `ran`. */
export function recordingSource(source: PostgresAnalysisSource, ran: RanStatement[]): PostgresAnalysisSource {
  return watchedSource(source, async (text, connection) => {
    const result = await connection.query(text);
    ran.push({ text, rows: result.rows });
    return result;
  });
}

/** How many rows the statements of `ran` gave back in all. */
export function rowsReturned(ran: readonly RanStatement[]): number {
  return ran.reduce((sum, statement) => sum + statement.rows.length, 0);
}

/**
 * The aggregates of `options` computed by DuckDB (in memory) over the event logs `paths`, with every statement
 * run and the rows it gave back, for tests that check what the engine asks as well as what it answers.
 */
export async function duckdbRun(
  options: StoreAnalysisOptions,
  paths: string[],
): Promise<{ aggregates: AnalysisAggregates; ran: RanStatement[] }> {
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  const ran: RanStatement[] = [];
  try {
    const aggregates = await sqlAggregates(resolveOptions(options), duckdbDialect(paths), async (sql) => {
      const rows = (await connection.runAndReadAll(sql)).getRowObjectsJS();
      ran.push({ text: sql, rows });
      return rows;
    });
    return { aggregates, ran };
  } finally {
    connection.closeSync();
    db.closeSync();
  }
}
