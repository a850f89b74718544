/**
 * `npx tsx scripts/bench-postgres-insert.ts`: ways to insert a group of
 * events into the PostgreSQL store's table, exactly once (`ON CONFLICT (id)
 * DO NOTHING`) and durably (`synchronous_commit = on`), side by side: the
 * store's statement and the alternatives it was chosen over. Workers insert
 * fresh groups concurrently, as the store's concurrent groups do; rounds
 * alternate between the ways so the machine's noise hits each alike;
 * medians are reported, with the client's CPU per event.
 *
 *   SPLITKIT_PG_URL=postgres://… npx tsx scripts/bench-postgres-insert.ts [--group 200] [--workers 4] [--rounds 3] [--seconds 4]
 *
 * The COPY way needs `pg-copy-streams` (not a dependency of splitkit): it is
 * left out unless that package can be imported.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { eventsSql } from '../src/collector/postgres-sql.js';
import type { CustomEvent } from '../src/events/types.js';

const { values: flags } = parseArgs({
  options: {
    group: { type: 'string', default: '200' },
    workers: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '4' },
  },
});
const groupSize = Number(flags.group);
const workers = Number(flags.workers);
const rounds = Number(flags.rounds);
const seconds = Number(flags.seconds);
const url = process.env.SPLITKIT_PG_URL;
if (!url) throw new Error('set SPLITKIT_PG_URL');

const sql = eventsSql(`bench_insert_${randomBytes(4).toString('hex')}`);
const pool = new pg.Pool({ connectionString: url, max: workers });
const prefix = randomUUID().slice(0, 18);
let next = 0;

/** Fresh events shaped as in `npm run bench:collector`. */
function group(): CustomEvent[] {
  const time = Date.now();
  return Array.from({ length: groupSize }, () => {
    next++;
    return {
      id: `${prefix}${next.toString(16).padStart(18, '0')}`,
      time,
      units: { userID: `u${next % 100_000}` },
      source: 'server',
      type: 'event',
      name: 'purchase',
      value: next % 97,
      metadata: { plan: 'pro', cart: 3 },
    };
  });
}

const columns = `INSERT INTO ${sql.table} (id, type, name, "time", payload)`;
const fromJson = `SELECT e->>'id', e->>'type', e->>'name', (e->>'time')::bigint, e
  FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS batch(e, ord) ORDER BY ord`;

async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL synchronous_commit TO on');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

/** COPY's text format: backslash, tab and line breaks escaped. */
function copyField(text: string): string {
  return text.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
}

type Insert = (events: CustomEvent[]) => Promise<unknown>;

const ways: Record<string, Insert> = {
  // Until 2026-12-05: BEGIN, SET LOCAL, the INSERT returning a row per id stored, COMMIT (four round trips).
  'multi-row INSERT, RETURNING id, in BEGIN/COMMIT': (events) =>
    inTransaction((client) =>
      client.query(`${columns} ${fromJson} ON CONFLICT (id) DO NOTHING RETURNING id`, [JSON.stringify(events)]),
    ),
  // Until 2026-12-06: the store's statement inserting in the order sent, which two groups sharing ids in
  // different orders could deadlock on.
  'one statement, in the order sent': (events) =>
    pool.query(
      `WITH inserted AS (${columns} ${fromJson} ON CONFLICT (id) DO NOTHING RETURNING id)
      SELECT set_config('synchronous_commit', 'on', true) AS durable, count(*)::int AS stored,
        CASE WHEN count(*) < $2 THEN coalesce(array_agg(id), '{}') END AS ids FROM inserted`,
      [JSON.stringify(events), events.length],
    ),
  'the store: one statement in id order, one row back': (events) =>
    pool.query(sql.insert, [JSON.stringify(events), events.length]),
  'unnest of five arrays, one statement': (events) =>
    pool.query(
      `WITH inserted AS (${columns}
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::jsonb[])
        ON CONFLICT (id) DO NOTHING RETURNING id)
      SELECT set_config('synchronous_commit', 'on', true), count(*)::int FROM inserted`,
      [
        events.map((e) => e.id),
        events.map((e) => e.type),
        events.map((e) => e.name),
        events.map((e) => e.time),
        events.map((e) => JSON.stringify(e)),
      ],
    ),
};

const staged = new WeakSet<pg.PoolClient>();
try {
  const { from: copyFrom } = (await import(/* @vite-ignore */ 'pg-copy-streams' as string)) as {
    from(text: string): NodeJS.WritableStream & pg.Submittable;
  };
  ways['COPY into a temporary table, then INSERT … SELECT'] = (events) =>
    inTransaction(async (client) => {
      if (!staged.has(client)) {
        await client.query('CREATE TEMP TABLE IF NOT EXISTS bench_stage (ord int, e jsonb) ON COMMIT DELETE ROWS');
        staged.add(client);
      }
      const lines = events.map((event, index) => `${index}\t${copyField(JSON.stringify(event))}\n`).join('');
      await new Promise<void>((resolve, reject) => {
        const stream = client.query(copyFrom('COPY bench_stage (ord, e) FROM STDIN'));
        stream.on('error', reject);
        stream.on('finish', () => resolve());
        stream.end(lines);
      });
      return client.query(
        `${columns} SELECT e->>'id', e->>'type', e->>'name', (e->>'time')::bigint, e FROM bench_stage ORDER BY ord
         ON CONFLICT (id) DO NOTHING RETURNING id`,
      );
    });
} catch {
  console.log('(pg-copy-streams is not installed: COPY left out)');
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const load = (): string =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');

try {
  for (const statement of sql.create) await pool.query(statement);
  console.log(`${cpus().length} cores, Node ${process.version}, load average ${load()}`);
  console.log(`${workers} workers, groups of ${groupSize} events, ${rounds} rounds of ${seconds} s\n`);
  const results = new Map(Object.keys(ways).map((name) => [name, { rates: [] as number[], cpu: [] as number[] }]));
  for (const insert of Object.values(ways)) await insert(group());
  for (let round = 0; round < rounds; round++) {
    for (const [name, insert] of Object.entries(ways)) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const deadline = started + seconds * 1000;
      let events = 0;
      await Promise.all(
        Array.from({ length: workers }, async () => {
          while (performance.now() < deadline) {
            const events_ = group();
            await insert(events_);
            events += events_.length;
          }
        }),
      );
      const used = process.cpuUsage(cpu);
      results.get(name)!.rates.push((events / (performance.now() - started)) * 1000);
      results.get(name)!.cpu.push((used.user + used.system) / events);
    }
  }
  console.log('| way | events/s (median) | min – max | client CPU µs/event (median) |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [name, { rates, cpu }] of results) {
    const range = `${Math.round(Math.min(...rates)).toLocaleString('en-US')} – ${Math.round(Math.max(...rates)).toLocaleString('en-US')}`;
    console.log(
      `| ${name} | ${Math.round(median(rates)).toLocaleString('en-US')} | ${range} | ${median(cpu).toFixed(1)} |`,
    );
  }
  console.log(`\nload average at the end: ${load()}`);
} finally {
  await pool.query(`DROP TABLE IF EXISTS ${sql.table}`);
  await pool.end();
}
