/**
 * `splitkit analyze --from` later than `--to` selects nothing. It ran and printed a report of 0 units with exit 0,
 * which reads like an experiment without traffic; it is now a usage error naming both bounds. And --column-cache
 * where no DuckDB reads a log (a postgres:// store, --engine memory or postgres) was ignored: now a usage error
 * (--no-column-cache, which asks for nothing, is taken anywhere).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnalyze } from '../../src/cli/analyze.js';
import { runCaptured } from './support.js';

/** An analysis of the test's experiment and metric, reading `location`. */
const ANALYZE = (location: string) => [
  '--store',
  location,
  '--experiment',
  'button_color',
  '--metric',
  'purchase:conversion',
];

let dir = '';
let store = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'splitkit-analyze-range-'));
  store = join(dir, 'events.ndjson');
  await writeFile(store, '');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('splitkit analyze --from and --to', () => {
  it('--from later than --to: exit 2 naming both, before the store is read', async () => {
    const run = await runCaptured(runAnalyze, [...ANALYZE(store), '--from', '2026-12-02', '--to', '2026-12-01']);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(
      'splitkit analyze: --from 2026-12-02 is later than --to 2026-12-01: no exposure or event can be in that range',
    );
  });
});

describe('splitkit analyze --column-cache where no DuckDB reads a log', () => {
  it.each([
    [
      ['--engine', 'memory', '--column-cache'],
      '--column-cache applies to the duckdb engine reading an NDJSON log, not to --engine memory',
    ],
    [
      ['--column-cache'],
      '--column-cache applies to the duckdb engine reading an NDJSON log, not to a postgres:// store',
    ],
  ])('%j: exit 2, where it was ignored', async (flags, message) => {
    const location = flags.includes('--engine') ? store : 'postgres://127.0.0.1:1/none';
    const run = await runCaptured(runAnalyze, [...ANALYZE(location), ...flags]);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(`splitkit analyze: ${message}`);
  });

  it('takes --no-column-cache with any engine: it asks for nothing, so a script may always pass it', async () => {
    const run = await runCaptured(runAnalyze, [...ANALYZE(store), '--engine', 'memory', '--no-column-cache']);
    // The empty log has no exposures (exit 1): the command line itself was fine.
    expect(run.stderr).not.toContain('column-cache');
    expect(run.stderr).toContain('has exposures of 0 variant(s)');
    expect(run.code).toBe(1);
  });
});
