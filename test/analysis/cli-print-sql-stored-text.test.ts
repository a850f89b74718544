/**
 * `--print-sql`'s script is meant to be piped into psql or DuckDB, and
 * without `--ruleset` its header repeats what was guessed from the stored
 * exposures: variant names and the unit, which anyone who can send events
 * chooses. A line break in one must stay inside its `--` comment, or the rest
 * of the line would run as SQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { analysisSqlForStore } from '../../src/analysis/from-store.js';
import { runAnalyze } from '../../src/cli/analyze.js';
import { createNdjsonStore } from '../../src/collector/ndjson-store.js';
import { exposure, T0 } from './fixtures.js';
import { runCaptured } from '../cli/support.js';
import { writeEventLog } from './sql/event-log.js';

const dir = mkdtempSync(join(tmpdir(), 'splitkit-print-sql-text-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOSTILE = 'b\nDROP TABLE splitkit_events;\r\nSELECT 1; --';
const HOSTILE_UNIT = 'x\nDROP TABLE units;';

/** `splitkit analyze` of one conversion metric over `log`, without `--ruleset` (the design is guessed). */
const analyze = (log: string, ...flags: string[]) =>
  runCaptured(runAnalyze, [
    '--store',
    log,
    '--experiment',
    'button_color',
    '--metric',
    'purchase:conversion',
    ...flags,
  ]);

/** The script's first line that is not a comment: where the SQL starts. */
const firstStatementLine = (script: string) => script.split(/\r\n|\r|\n/).find((line) => !line.startsWith('--'));

describe('splitkit analyze --print-sql with stored text in its header', () => {
  it('keeps line breaks of guessed variants and units inside their comment lines', async () => {
    const log = join(dir, 'events.ndjson');
    const events = [
      exposure({ deviceID: 'd1' }, 'a', T0),
      exposure({ deviceID: 'd2' }, HOSTILE, T0),
      // Most exposures name the hostile unit, so it is the one guessed.
      ...['d3', 'd4', 'd5'].map((id) => ({ ...exposure({ [HOSTILE_UNIT]: id }, 'a', T0), unit: HOSTILE_UNIT })),
    ];
    writeEventLog(log, events);
    const { code, stdout } = await analyze(log, '--engine', 'duckdb', '--print-sql');
    expect(code).toBe(0);
    // The guesses are in the header, escaped.
    expect(stdout).toContain('b\\u000aDROP TABLE splitkit_events;\\u000d\\u000aSELECT 1; --');
    expect(stdout).toContain('Unit x\\u000aDROP TABLE units; inferred');
    expect(firstStatementLine(stdout)).toBe('CREATE TEMP VIEW sk_rows AS');

    // Piped into DuckDB as a whole, the script drops nothing.
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run('CREATE TABLE splitkit_events (id INTEGER); CREATE TABLE units (id INTEGER)');
      await connection.run(stdout);
      const tables = (
        await connection.runAndReadAll('SELECT table_name FROM duckdb_tables() ORDER BY 1')
      ).getRowObjectsJS();
      expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['splitkit_events', 'units']));
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it("keeps a line break of a quantile metric's key inside the script's comment", async () => {
    const log = join(dir, 'keys.ndjson');
    writeEventLog(log, [exposure({ deviceID: 'd1' }, 'a', T0), exposure({ deviceID: 'd2' }, 'b', T0)]);
    const store = await createNdjsonStore({ path: log, readOnly: true });
    try {
      const { sql } = await analysisSqlForStore(store, {
        experiment: {
          key: 'button_color',
          unit: 'deviceID',
          variants: [
            { key: 'a', weight: 1 },
            { key: 'b', weight: 1 },
          ],
        },
        metrics: [{ key: 'p90\nDROP TABLE splitkit_events', kind: 'quantile', event: 'load', quantile: 0.9 }],
        engine: 'duckdb',
      });
      expect(sql).toContain('-- p90\\u000aDROP TABLE splitkit_events: the values at the ranks');
      expect(sql.split('\n').filter((line) => line.startsWith('DROP'))).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('prints an error quoting a stored variant without its terminal control sequences', async () => {
    const log = join(dir, 'one-variant.ndjson');
    const title = 'b\u001b]0;owned\u0007';
    writeEventLog(log, [exposure({ deviceID: 'd1' }, title, T0)]);
    const { code, stderr } = await analyze(log);
    expect(code).toBe(1);
    expect(stderr).toContain('(b\\u001b]0;owned\\u0007)');
    expect(stderr).not.toMatch(/[\u001b\u0007]/);
  });

  it('names the log by its absolute path, so the script runs from any directory', async () => {
    const log = join(dir, 'relative.ndjson');
    writeEventLog(log, [exposure({ deviceID: 'd1' }, 'a', T0), exposure({ deviceID: 'd2' }, 'b', T0)]);
    const given = relative(process.cwd(), log);
    expect(given.startsWith('/')).toBe(false);
    const { code, stdout } = await analyze(given, '--engine', 'duckdb', '--print-sql');
    expect(code).toBe(0);
    expect(stdout).toContain(`read_ndjson_objects(['${log}']`);
  });
});
