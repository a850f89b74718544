/** PostgreSQL analysis sources that watch what runs through them, for tests that check what an engine asks. */
import type { PostgresAnalysisSource } from '../../../src/analysis/sql/postgres-engine.js';

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
