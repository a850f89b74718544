/**
 * `splitkit analyze --print-sql` on a `postgres://` store, as the CLI opens it: what runs (nothing with a
 * ruleset, one grouped query without), what is written (nothing), and that the printed script, run as a
 * whole in PostgreSQL, gives the rows the postgres engine reads.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import type { PostgresAnalysisSource } from '../../src/analysis/sql/postgres-engine.js';
import { runAnalyze } from '../../src/cli/analyze.js';
import { runCaptured } from '../cli/support.js';
import { createPostgresStore } from '../../src/collector/postgres-store.js';
import type { EventQuery, EventStore } from '../../src/events/store.js';
import type { SplitkitEvent } from '../../src/events/types.js';
import { describePostgres } from '../collector/support/postgres-env.js';
import { BUTTON } from './fixtures.js';
import { NOW, parityEvents } from './sql/parity-fixture.js';
import type { RanStatement } from './sql/recording-source.js';

/** The read of the database's encoding that `--print-sql` makes for PostgreSQL. */
const ENCODING_READ = "SELECT current_setting('server_encoding') AS encoding";

/** What the CLI's store did: its reads, and every statement run through its analysis source with the rows back. */
const watch = vi.hoisted(() => ({ reads: [] as unknown[], statements: [] as RanStatement[] }));

vi.mock('../../src/collector/open-store.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/collector/open-store.js')>();
  const { recordingSource } = await import('./sql/recording-source.js');
  return {
    ...actual,
    async openEventStore(...args: Parameters<typeof actual.openEventStore>): Promise<EventStore> {
      const store = (await actual.openEventStore(...args)) as EventStore & { analysisSource?: PostgresAnalysisSource };
      const source = store.analysisSource;
      return {
        ...store,
        read(query?: EventQuery) {
          watch.reads.push(query);
          return store.read(query);
        },
        ...(source === undefined ? {} : { analysisSource: recordingSource(source, watch.statements) }),
      };
    },
  };
});

describePostgres('splitkit analyze --print-sql on a PostgreSQL store', (base) => {
  // The CLI's store is the default table, splitkit_events, in a schema of this test's own (its search_path).
  const schema = `sk_cli_${randomBytes(6).toString('hex')}`;
  const url = `${base}${base.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;
  const admin = new pg.Pool({ connectionString: base, max: 1 });
  const dir = mkdtempSync(join(tmpdir(), 'splitkit-print-sql-'));
  const ruleset = join(dir, 'ruleset.json');
  const METRICS = [
    '--metric',
    'converted:conversion:event=purchase',
    '--metric',
    'revenue:sum:event=purchase:winsorize=0.9',
    '--metric',
    'clicks:count:event=click',
    '--guardrail',
    'latency:sum:event=page_load:decrease',
    '--segment',
    'country',
  ];
  let rowsStored = 0;

  beforeAll(async () => {
    await admin.query(`CREATE SCHEMA "${schema}"`);
    const store = await createPostgresStore({ connectionString: url });
    const events = parityEvents(11).filter((e) => typeof (e as { time?: unknown }).time === 'number');
    await store.append(events as SplitkitEvent[]);
    await store.close();
    rowsStored = events.length;
    writeFileSync(ruleset, JSON.stringify({ version: 1, experiments: { button_color: BUTTON } }));
  });

  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    watch.reads.length = 0;
    watch.statements.length = 0;
    // The stages hold "now" (future times are invalid): the same in every run.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  function analyze(...argv: string[]) {
    return runCaptured(runAnalyze, ['--store', url, '--experiment', 'button_color', ...METRICS, ...argv]);
  }

  async function storedRows(): Promise<number> {
    return (await admin.query(`SELECT count(*)::int AS n FROM "${schema}".splitkit_events`)).rows[0].n;
  }

  it('prints PostgreSQL SQL with --ruleset, running and writing nothing', async () => {
    const json = join(dir, 'not-written.json');
    const html = join(dir, 'not-written.html');
    const { code, stdout, stderr } = await analyze('--ruleset', ruleset, '--print-sql', '--json', json, '--html', html);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^-- splitkit analyze: the postgres engine's stages and queries for experiment "button_color"\n/,
    );
    expect(stdout).toContain('FROM "splitkit_events"');
    expect(stdout).toContain("jsonb_typeof(payload->'units'->'deviceID')");
    expect(stdout).toContain('CREATE TEMP TABLE sk_caps AS');
    expect(stdout).not.toContain('read_ndjson');
    // The one statement run: the database's encoding, which the SQL depends on (dialect-postgres.ts).
    expect(watch.statements.map((s) => s.text)).toEqual([ENCODING_READ]);
    expect(watch.reads).toEqual([]);
    expect(existsSync(json) || existsSync(html)).toBe(false);
    expect(await storedRows()).toBe(rowsStored);
  });

  it('runs one grouped query of the exposures without --ruleset, and says so in the script', async () => {
    const { code, stdout } = await analyze('--print-sql');
    expect(code).toBe(0);
    expect(watch.reads).toEqual([]);
    expect(watch.statements).toHaveLength(2);
    expect(watch.statements[0]?.text).toContain('GROUP BY');
    expect(watch.statements[1]?.text).toBe(ENCODING_READ);
    expect(stdout).toContain(
      "-- Without --ruleset, one grouped query of the experiment's exposures ran in postgres to infer the design:\n",
    );
    expect(stdout).toContain('--   Variants inferred from exposures (control, green, purple)');
    expect(stdout).toContain('--   Unit deviceID inferred from the exposures.');
  });

  it('stops before reading anything when the engine asked for has no SQL', async () => {
    const { code, stderr } = await analyze('--engine', 'memory', '--print-sql');
    expect(code).toBe(2);
    expect(stderr).toContain('the memory engine runs no SQL');
    expect(watch.reads).toEqual([]);
    expect(watch.statements).toEqual([]);
  });

  it("runs as a whole in PostgreSQL (psql) and gives the rows the engine's run reads", async () => {
    const ran = await analyze('--ruleset', ruleset, '--json', join(dir, 'report.json'));
    expect(ran.code).toBe(0);
    const engine = watch.statements.filter((s) => !/^(BEGIN|ROLLBACK)/.test(s.text) && s.text !== ENCODING_READ);
    const { stdout: script } = await analyze('--ruleset', ruleset, '--print-sql');

    // As a user would: piped to psql, stopping at the first error, in one transaction.
    const psql = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-d', url], {
      input: script,
      encoding: 'utf8',
    });
    expect(psql.stderr).toBe('');
    expect(psql.status).toBe(0);

    // Through pg, to compare rows: the same statements, each result beside its statement.
    const statements = script.split(';\n\n');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    let results: pg.QueryResult[];
    try {
      await client.query('BEGIN');
      results = (await client.query(script)) as unknown as pg.QueryResult[];
      await client.query('ROLLBACK');
    } finally {
      await client.end();
    }
    expect(results).toHaveLength(statements.length);
    const sorted = (rows: unknown[]) => rows.map((row) => JSON.stringify(row)).sort();
    const printed = new Map(statements.map((text, i) => [text.replace(/;\n$/, '').replace(/^(--[^\n]*\n)+/, ''), i]));
    // Every query the engine read rows from is in the script and gives the same rows there.
    const queries = engine.filter((s) => s.rows.length > 0);
    expect(queries.length).toBeGreaterThanOrEqual(5);
    for (const { text, rows } of queries) {
      const i = printed.get(text);
      expect(i, text.slice(0, 80)).toBeDefined();
      expect(sorted(results[i as number]?.rows ?? [])).toEqual(sorted(rows));
    }
    // Among them the per-variant statistics, whose units are the report's.
    const perVariant = queries.find((s) => {
      const row = s.rows[0] as Record<string, unknown>;
      return 'variant' in row && 'n' in row && !('segment' in row);
    });
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as { units: number };
    const units = (perVariant?.rows ?? []).map((row) => Number((row as { n: unknown }).n));
    expect(units).toHaveLength(2);
    expect(units[0]! + units[1]!).toBe(report.units);
  });
});
