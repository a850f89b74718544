/** A fresh in-memory DuckDB for one test, closed when `use` settles. */
import { DuckDBInstance } from '@duckdb/node-api';
import type { SqlExecutor } from '../../../src/analysis/sql/run-sql.js';

export async function withDuckDb<T>(use: (execute: SqlExecutor) => Promise<T>): Promise<T> {
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  try {
    return await use(async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJS());
  } finally {
    connection.closeSync();
    db.closeSync();
  }
}
