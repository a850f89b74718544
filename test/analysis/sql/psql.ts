/** Runs a printed PostgreSQL script as docs/analysis.md tells a data team to: psql, stop at the first error, one transaction. */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';

export function runPsql(url: string, sql: string): SpawnSyncReturns<string> {
  return spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-d', url], {
    input: sql,
    encoding: 'utf8',
  });
}
