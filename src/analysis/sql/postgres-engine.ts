/**
 * The PostgreSQL engine: the stages run in the PostgreSQL store's own
 * database, in one transaction on one connection (their temporary tables
 * are that session's), rolled back at the end so nothing is left behind.
 */
import type { AnalysisAggregates } from '../aggregates.js';
import type { ResolvedOptions } from '../options.js';
import { postgresDialect } from './dialect-postgres.js';
import { sqlAggregates } from './run-sql.js';

/** What the engine needs from a PostgreSQL store: a connection and its quoted table name. */
export interface PostgresAnalysisSource {
  /** The events table, quoted (`"schema"."name"`). */
  table: string;
  /** A connection of the store's pool, released with `release()`. */
  connect(): Promise<{ query(text: string): Promise<{ rows: unknown[] }>; release(error?: Error | boolean): void }>;
}

/** The aggregates of the analysis of `options`, computed by PostgreSQL over `source`'s table. */
export async function postgresAggregates(
  options: ResolvedOptions,
  source: PostgresAnalysisSource,
): Promise<AnalysisAggregates> {
  const client = await source.connect();
  let failed: Error | undefined;
  try {
    await client.query('BEGIN READ WRITE');
    return await sqlAggregates(options, postgresDialect(source.table), async (sql) => {
      const result = await client.query(sql);
      return result.rows as Record<string, unknown>[];
    });
  } catch (error) {
    failed = error as Error;
    throw error;
  } finally {
    await client.query('ROLLBACK').then(
      () => client.release(),
      (rollbackError: Error) => client.release(failed ?? rollbackError),
    );
  }
}
