import { connect, createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPostgresStore } from '../../src/collector/postgres-store.js';
import type { PgPoolLike } from '../../src/collector/postgres-store.js';
import { eventsSql } from '../../src/collector/postgres-sql.js';
import { ConfigError, EventBatchError, isSplitkitError } from '../../src/errors/index.js';
import { createCollector } from '../../src/collector/collector.js';
import type { EventStore } from '../../src/events/store.js';
import type { SplitkitEvent } from '../../src/events/types.js';
import { batch, collect, custom, customEvents } from './support/events.js';
import { serve } from './support/server.js';
import { describePostgres, uniqueTable } from './support/postgres-env.js';

describe('PostgreSQL store SQL', () => {
  it('pushes every filter into the WHERE clause with bound values', () => {
    const page = eventsSql('analytics.events').page({ types: ['exposure'], names: ['a', 'b'], from: 10.2, to: 20 });
    expect(page.text).toContain(
      'FROM "analytics"."events" WHERE seq > $1 AND type = ANY($2::text[]) AND name = ANY($3::text[]) AND "time" >= $4 AND "time" <= $5 ORDER BY seq',
    );
    expect(page.values).toEqual([['exposure'], ['a', 'b'], 11, 20]);
    expect(eventsSql('e').page({}).text).toContain('WHERE seq > $1 ORDER BY seq');
  });

  it('refuses table names that are not plain identifiers', () => {
    for (const table of ['events; DROP TABLE x', 'a.b.c', '"quoted"', '1events', '']) {
      expect(() => eventsSql(table)).toThrow(ConfigError);
    }
  });
});

describePostgres('PostgreSQL store specifics (real server)', (url) => {
  let admin: pg.Pool;
  const tables: string[] = [];
  const table = (): string => {
    const name = uniqueTable();
    tables.push(name);
    return name;
  };

  beforeAll(() => {
    admin = new pg.Pool({ connectionString: url });
  });

  afterAll(async () => {
    for (const name of tables) await admin.query(`DROP TABLE IF EXISTS "${name}"`);
    await admin.query('DROP SCHEMA IF EXISTS splitkit_test CASCADE');
    await admin.end();
  });

  it('creates its table with the documented columns and commits each append', async () => {
    const name = table();
    const store = await createPostgresStore({ connectionString: url, table: name });
    const events = customEvents(3);
    await store.append(events);
    // Another connection sees the rows at once: the append was committed before it resolved.
    const { rows } = await admin.query(`SELECT id, type, name, "time", payload FROM "${name}" ORDER BY seq`);
    expect(rows).toEqual(
      events.map((event) => ({
        id: event.id,
        type: 'event',
        name: 'purchase',
        time: String(event.time),
        payload: event,
      })),
    );
    await store.close();
  });

  it('commits each append with synchronous_commit on, even where the session default is off', async () => {
    const name = table();
    // Connections that would commit asynchronously unless the store says otherwise.
    const pool = new pg.Pool({ connectionString: url, options: '-c synchronous_commit=off' });
    const store = await createPostgresStore({ pool, table: name });
    // A deferred constraint trigger runs at commit, after the insert: it records the setting the commit uses.
    await admin.query(`CREATE TABLE "${name}_commits" (setting text)`);
    tables.push(`${name}_commits`);
    await admin.query(`CREATE FUNCTION "${name}_record"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO "${name}_commits" VALUES (current_setting('synchronous_commit')); RETURN NULL; END $$`);
    await admin.query(
      `CREATE CONSTRAINT TRIGGER at_commit AFTER INSERT ON "${name}" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "${name}_record"()`,
    );
    const first = customEvents(3);
    await Promise.all([store.append(first), store.append(customEvents(2)), store.append([first[0]!, custom()])]);
    const { rows } = await admin.query(`SELECT DISTINCT setting FROM "${name}_commits"`);
    expect(rows).toEqual([{ setting: 'on' }]);
    expect((await admin.query(`SELECT count(*)::int AS n FROM "${name}_commits"`)).rows).toEqual([{ n: 6 }]);
    expect((await pool.query('SHOW synchronous_commit')).rows).toEqual([{ synchronous_commit: 'off' }]);
    await store.close();
    await pool.end();
    await admin.query(`DROP TABLE "${name}"; DROP FUNCTION "${name}_record"()`);
  });

  it('refuses an id or name its index cannot hold instead of failing every retry', async () => {
    const store = await createPostgresStore({ connectionString: url, table: table() });
    // Incompressible text: PostgreSQL would compress a repeated character under its index limit.
    const noise = (bytes: number): string =>
      Array.from({ length: bytes / 16 }, () => Math.random().toString(36).slice(2, 10).padEnd(16, 'z')).join('');
    const events = [custom(), { ...custom(), id: noise(3200) }, custom(noise(3200))];
    const error = await store.append(events).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventBatchError);
    expect((error as EventBatchError).issues.map((issue) => issue.path)).toEqual(['events[1].id', 'events[2].name']);
    expect(await store.append([custom()])).toEqual({ stored: 1, duplicates: 0 });
    await store.close();
  });

  it('refuses U+0000 and unpaired surrogates, naming where, and stores nothing of the append', async () => {
    const store = await createPostgresStore({ connectionString: url, table: table() });
    const events = [
      custom(),
      custom('purchase', 1, { metadata: { note: 'a\u0000b' } }),
      custom('x', 2, { attributes: { ['k\ud800']: 1 } }),
    ];
    const error = await store.append(events).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventBatchError);
    expect((error as EventBatchError).issues.map((issue) => issue.path)).toEqual([
      'events[1].metadata.note',
      'events[2].attributes',
    ]);
    expect(await collect(store.read())).toEqual([]);
    const emoji = custom('ok', 3, { metadata: { note: '🧪 surrogate pair' } });
    await store.append([emoji]);
    expect(await collect(store.read())).toEqual([emoji]);
    await store.close();
  });

  it("uses a caller's pool, leaves it open on close, and a pg.Pool fits PgPoolLike", async () => {
    const pool: PgPoolLike = new pg.Pool({ connectionString: url, max: 2 });
    const store = await createPostgresStore({ pool, table: table() });
    await store.append(customEvents(1));
    await store.close();
    expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await pool.end();
  });

  it('stores each id once when two collectors (two pools) append the same events at once', async () => {
    const name = table();
    const [a, b] = await Promise.all([
      createPostgresStore({ connectionString: url, table: name }),
      createPostgresStore({ connectionString: url, table: name }),
    ]);
    const events = customEvents(200);
    const halves = [events.slice(0, 120), events.slice(80)];
    const results = await Promise.all([
      a!.append(events),
      b!.append(events),
      a!.append(halves[0]!),
      b!.append(halves[1]!),
    ]);
    expect(results.reduce((sum, r) => sum + r.stored, 0)).toBe(200);
    const stored = (await collect(a!.read())).map((event) => event.id);
    expect(stored.sort()).toEqual(events.map((event) => event.id).sort());
    await Promise.all([a!.close(), b!.close()]);
  });

  it('never deadlocks when concurrent groups hold the same ids in opposite orders: each append is stored or skipped', async () => {
    const name = table();
    const [a, b] = await Promise.all([
      createPostgresStore({ connectionString: url, table: name }),
      createPostgresStore({ connectionString: url, table: name }),
    ]);
    // A retried batch can reach another collector, or the same one, in a group whose other appends put its
    // ids in another order. Two transactions inserting shared keys in opposite orders each waited for the
    // other's uncommitted row until PostgreSQL aborted one ("deadlock detected"): a 503 for its whole group.
    const sent: string[] = [];
    for (let round = 0; round < 5; round++) {
      const events = customEvents(300);
      sent.push(...events.map((event) => event.id));
      const reversed = [...events].reverse();
      const results = await Promise.all([a!.append(events), b!.append(reversed), a!.append(reversed)]);
      expect(results.reduce((sum, r) => sum + r.stored, 0)).toBe(300);
      expect(results.reduce((sum, r) => sum + r.duplicates, 0)).toBe(600);
      // Each batch is stored in its own order: the table's seq follows the order the events were sent in.
      const first = results.findIndex((r) => r.stored === 300);
      const { rows } = await admin.query(`SELECT id FROM "${name}" WHERE id = ANY($1::text[]) ORDER BY seq`, [
        events.map((event) => event.id),
      ]);
      expect(rows.map((row: { id: string }) => row.id)).toEqual((first === 0 ? events : reversed).map((e) => e.id));
    }
    expect((await collect(a!.read())).map((event) => event.id).sort()).toEqual(sent.sort());
    await Promise.all([a!.close(), b!.close()]);
  });

  it('behind the collector: stores a batch and answers 422 to one PostgreSQL cannot hold', async () => {
    const store = await createPostgresStore({ connectionString: url, table: table() });
    const server = await serve(createCollector({ store }));
    try {
      const post = (events: SplitkitEvent[]): Promise<Response> =>
        fetch(`${server.url}/events`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(batch(events)),
        });
      const events = customEvents(3);
      expect(await (await post(events)).json()).toEqual({ accepted: 3, duplicates: 0 });
      expect(await (await post(events)).json()).toEqual({ accepted: 0, duplicates: 3 });
      const refused = await post([custom(), custom('a\u0000b')]);
      expect(refused.status).toBe(422);
      expect(await refused.json()).toMatchObject({ issues: [{ path: 'events[1].name' }] });
      expect(await collect(store.read())).toEqual(events);
    } finally {
      await server.close();
      await store.close();
    }
  });

  /** A pg.Pool that counts the INSERTs it runs and fails those holding `poison`, as bad data would. */
  function countingPool(poison?: string): PgPoolLike & { inserts: number } {
    const real = new pg.Pool({ connectionString: url, max: 6 });
    const counting = {
      inserts: 0,
      query(text: string, values?: unknown[]) {
        if (!text.includes('INSERT INTO')) return real.query(text, values);
        counting.inserts++;
        if (poison !== undefined && String(values?.[0]).includes(poison)) {
          return Promise.reject(Object.assign(new Error('invalid input syntax'), { code: '22P02' }));
        }
        return real.query(text, values);
      },
      end: () => real.end(),
      connect: () => real.connect(),
    };
    return counting;
  }

  it('inserts appends that arrive together in shared statements, each counted on its own', async () => {
    const pool = countingPool();
    const store = await createPostgresStore({ pool, table: table() });
    const batches = Array.from({ length: 30 }, () => customEvents(5));
    // Within one group the first append to send an id stores it (the first four appends go alone, the rest wait together).
    const repeated = batches[20]!.slice(0, 2);
    const results = await Promise.all([...batches.map((events) => store.append(events)), store.append(repeated)]);
    expect(results).toEqual([...batches.map(() => ({ stored: 5, duplicates: 0 })), { stored: 0, duplicates: 2 }]);
    expect(pool.inserts).toBeLessThan(31);
    expect((await collect(store.read())).map((event) => event.id).sort()).toEqual(
      batches
        .flat()
        .map((event) => event.id)
        .sort(),
    );
    await store.close();
    await pool.end();
  });

  it('stores the other batches of a group when the database refuses one of them', async () => {
    const poison = custom('poison');
    const pool = countingPool(poison.id);
    const store = await createPostgresStore({ pool, table: table() });
    const batches = Array.from({ length: 12 }, () => customEvents(2));
    batches[9] = [custom(), poison];
    const results = await Promise.allSettled(batches.map((events) => store.append(events)));
    expect(results.map((result) => result.status)).toEqual(batches.map((_, i) => (i === 9 ? 'rejected' : 'fulfilled')));
    expect(isSplitkitError((results[9] as PromiseRejectedResult).reason)).toBe(true);
    expect(await collect(store.read())).toHaveLength(22);
    await store.close();
    await pool.end();
  });

  it('fails an append whose database went silent after queryTimeoutMs, closes, and stores again once it answers', async () => {
    // A TCP relay to the server that, once silenced, passes nothing on (a network partition: no reset, no answer).
    let silent = false;
    const sockets: Socket[] = [];
    const relay = createServer((client) => {
      const target = new URL(url);
      const server = connect(Number(target.port || 5432), target.hostname);
      sockets.push(client, server);
      client.on('data', (data) => void (silent || server.write(data)));
      server.on('data', (data) => void (silent || client.write(data)));
      for (const [one, other] of [
        [client, server],
        [server, client],
      ] as const) {
        one.on('error', () => undefined);
        one.on('close', () => other.destroy());
      }
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    try {
      const through = new URL(url);
      through.hostname = '127.0.0.1';
      through.port = String((relay.address() as AddressInfo).port);
      const name = table();
      // Long enough for the table's creation on a busy shared database; the silent append still fails well before 10 s.
      const store = await createPostgresStore({ connectionString: through.href, table: name, queryTimeoutMs: 2_000 });
      expect(await store.append(customEvents(1))).toEqual({ stored: 1, duplicates: 0 });
      silent = true;
      const started = Date.now();
      const error = await store.append(customEvents(1)).catch((e: unknown) => e);
      expect(isSplitkitError(error) && error.code).toBe('STORE_FAILED');
      expect(Date.now() - started).toBeLessThan(10_000);
      silent = false;
      // The silent connection was dropped: the next append gets a fresh one.
      expect(await store.append(customEvents(2))).toEqual({ stored: 2, duplicates: 0 });
      silent = true;
      const pending = store.append(customEvents(1)).catch((e: unknown) => e);
      await store.close();
      expect(isSplitkitError(await pending)).toBe(true);
      expect((await admin.query(`SELECT count(*)::int AS n FROM "${name}"`)).rows[0].n).toBe(3);
    } finally {
      relay.close();
      for (const socket of sockets) socket.destroy();
    }
  });

  it("leaves the analysis's statements uncut by queryTimeoutMs: a large analysis may run for minutes", async () => {
    const store = await createPostgresStore({ connectionString: url, table: table(), queryTimeoutMs: 100 });
    const client = await store.analysisSource.connect();
    try {
      expect((await client.query('SELECT pg_sleep(0.4), 1 AS done')).rows).toEqual([{ pg_sleep: '', done: 1 }]);
    } finally {
      client.release();
      await store.close();
    }
  });

  it('refuses a queryTimeoutMs that is not a positive integer', async () => {
    const error = await createPostgresStore({ connectionString: url, queryTimeoutMs: 0 }).catch((e: unknown) => e);
    expect(isSplitkitError(error) && error.code).toBe('INVALID_OPTIONS');
  });

  it('creates its table inside a schema', async () => {
    await admin.query('CREATE SCHEMA IF NOT EXISTS splitkit_test');
    const store = await createPostgresStore({ connectionString: url, table: 'splitkit_test.events' });
    await store.append(customEvents(2));
    expect((await admin.query('SELECT count(*)::int AS n FROM splitkit_test.events')).rows).toEqual([{ n: 2 }]);
    await store.close();
  });

  it('creates both indexes for the longest table names, whose index names PostgreSQL would cut to one', async () => {
    // PostgreSQL truncates names to 63 bytes: "<62 chars>_name_time_idx" and "<62 chars>_type_time_idx" both became
    // "<62 chars>_", so the second was skipped as existing; at 63 chars both became the table's own name.
    for (const length of [62, 63]) {
      const name = `${uniqueTable()}_${'x'.repeat(63)}`.slice(0, length);
      tables.push(name);
      const store = await createPostgresStore({ connectionString: url, table: name });
      const { rows } = await admin.query(
        'SELECT indexdef FROM pg_indexes WHERE tablename = $1 AND indexdef NOT LIKE $2 ORDER BY indexdef',
        [name, '%UNIQUE%'],
      );
      expect(rows.map((row: { indexdef: string }) => row.indexdef.replace(/^.* USING btree /, ''))).toEqual([
        '(name, "time")',
        '(type, "time")',
      ]);
      await store.close();
    }
  });

  it('keeps the index names of shorter tables, so an upgrade creates no second index', () => {
    expect(eventsSql('analytics.events').create.slice(1).join('\n')).toContain('"events_name_time_idx"');
    expect(eventsSql('analytics.events').create.slice(1).join('\n')).toContain('"events_type_time_idx"');
    const long = 'e'.repeat(61);
    expect(eventsSql(long).create[2]).toContain(`"${long}_type_time_idx"`);
  });
});

describe('PostgreSQL store without a server', () => {
  it('rejects with STORE_FAILED when the database cannot be reached', async () => {
    const error = await createPostgresStore({ connectionString: 'postgres://nobody@127.0.0.1:1/none' }).catch(
      (e: unknown) => e,
    );
    expect(isSplitkitError(error) && error.code).toBe('STORE_FAILED');
    expect((error as Error).message).toContain('ECONNREFUSED');
  });
});

/**
 * A pool that prepares the table and fails every INSERT with SQLSTATE `code`, as a dropped connection does;
 * while `holding`, the INSERTs wait, so appends that arrive meanwhile form a group. `inserts`: events per INSERT.
 */
function failingPool(code: string): PgPoolLike & { inserts: number[]; holding: boolean; fail(): void } {
  const ok = { rows: [], rowCount: 0 };
  const held: (() => void)[] = [];
  const lost = (): Error => Object.assign(new Error('terminating connection due to administrator command'), { code });
  const pool = {
    inserts: [] as number[],
    holding: true,
    query(text: string, values?: unknown[]) {
      if (!text.includes('INSERT INTO')) return Promise.resolve(ok);
      pool.inserts.push(Number(values?.[1]));
      if (!pool.holding) return Promise.reject(lost());
      return new Promise<never>((_, reject) => held.push(() => reject(lost())));
    },
    connect: () => Promise.resolve({ query: () => Promise.resolve(ok), release: () => undefined }),
    end: () => Promise.resolve(),
    fail() {
      pool.holding = false;
      for (const reject of held.splice(0)) reject();
    },
  };
  return pool;
}

describe('PostgreSQL store when the database fails (fake pool)', () => {
  it('rejects every append of a group whose INSERT fails for another reason than its data', async () => {
    const pool = failingPool('57P01');
    const store = await createPostgresStore({ pool });
    const states: string[] = [];
    // Four appends take the four connections; the three that wait form one group.
    const appends = Array.from({ length: 7 }, (_, i) =>
      store.append(customEvents(1)).then(
        () => (states[i] = 'stored'),
        (error: unknown) => (states[i] = isSplitkitError(error) ? error.code : 'other'),
      ),
    );
    pool.fail();
    // Close waits for every group's commit to end, whether or not it settled its appends.
    await store.close();
    await new Promise((resolve) => setImmediate(resolve));
    expect(pool.inserts).toEqual([1, 1, 1, 1, 3]);
    expect(states).toEqual(Array(7).fill('STORE_FAILED'));
    await Promise.all(appends);
  });

  it('behind the collector: answers 503 to every batch of a failed group, none left hanging', async () => {
    const pool = failingPool('57P01');
    const pgStore = await createPostgresStore({ pool });
    let appends = 0;
    const store: EventStore = {
      append: (events) => {
        appends++;
        return pgStore.append(events);
      },
      read: (query) => pgStore.read(query),
      close: () => pgStore.close(),
    };
    const errors: Error[] = [];
    const server = await serve(createCollector({ store, onError: (error) => errors.push(error) }));
    try {
      const responses = Array.from({ length: 7 }, () =>
        fetch(`${server.url}/events`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(batch(customEvents(2))),
          // A batch left unanswered fails the test here instead of hanging it.
          signal: AbortSignal.timeout(5_000),
        }),
      );
      // Fail the INSERTs only once every batch is in the store: four in flight, three waiting as one group.
      await vi.waitFor(() => expect(appends).toBe(7), { timeout: 5_000 });
      pool.fail();
      const statuses = await Promise.all(responses.map(async (response) => (await response).status));
      expect(statuses).toEqual(Array(7).fill(503));
      expect(pool.inserts).toEqual([2, 2, 2, 2, 6]);
      expect(errors).toHaveLength(7);
    } finally {
      await server.close();
      await store.close();
    }
  });
});
