/** A PostgreSQL analysis source that records what runs through it, for tests that check what an engine asks. */
import type { PostgresAnalysisSource } from '../../../src/analysis/sql/postgres-engine.js';

/** A statement run through a {@link recordingSource}, with the rows it gave back. */
export interface RanStatement {
  text: string;
  rows: unknown[];
}

/** `source`, appending each statement that runs through it (once it has answered) to `ran`. */
export function recordingSource(source: PostgresAnalysisSource, ran: RanStatement[]): PostgresAnalysisSource {
  return {
    table: source.table,
    async connect() {
      const client = await source.connect();
      return {
        async query(text: string) {
          const result = await client.query(text);
          ran.push({ text, rows: result.rows });
          return result;
        },
        release: (error?: Error | boolean) => client.release(error),
      };
    },
  };
}

/** How many rows the statements of `ran` gave back in all. */
export function rowsReturned(ran: readonly RanStatement[]): number {
  return ran.reduce((sum, statement) => sum + statement.rows.length, 0);
}
