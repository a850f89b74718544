/**
 * The PostgreSQL event store. `pg` is an optional peer dependency, loaded
 * only when this store is created. Appends are committed in groups: the
 * appends that arrive while earlier groups are being committed go into one
 * `INSERT … ON CONFLICT (id) DO NOTHING` statement, which commits by itself
 * with `synchronous_commit = on`, so a resolved append is durable and a
 * repeated id is skipped by the primary key, even across concurrent
 * collectors.
 */
import { ConfigError, SplitkitError, isSplitkitError } from '../errors/index.js';
import type { SplitkitEvent } from '../events/types.js';
import type { Logger } from '../io/logger.js';
import { createAppendGroups } from './append-groups.js';
import type { Appended, PendingAppend } from './append-groups.js';
import { assertEventIds } from './event-ids.js';
import { DEFAULT_EVENTS_TABLE, READ_PAGE_SIZE, eventsSql } from './postgres-sql.js';
import type { EventsSql } from './postgres-sql.js';
import { assertStorableInPostgres } from './postgres-text.js';
import { locationSecrets, redactCredentials } from './redact.js';
import type { EventQuery, EventStore } from '../events/store.js';

/** A query result, as `pg` returns it. */
export interface PgResultLike {
  rows: unknown[];
  rowCount: number | null;
}

/** A connection checked out of a pool; a `pg.PoolClient` fits. */
export interface PgClientLike {
  query(text: string, values?: unknown[]): Promise<PgResultLike>;
  release(error?: Error | boolean): void;
}

/** The part of a connection pool the store uses; a `pg.Pool` fits. */
export interface PgPoolLike {
  query(text: string, values?: unknown[]): Promise<PgResultLike>;
  connect(): Promise<PgClientLike>;
  end(): Promise<void>;
}

/** Default {@link PostgresStoreOptions} `queryTimeoutMs`: 30 s. */
export const DEFAULT_QUERY_TIMEOUT_MS = 30_000;

/** Options of {@link createPostgresStore}: a connection string (the store owns its pool) or your own pool. */
export type PostgresStoreOptions = (
  | {
      connectionString: string;
      /**
       * How long a statement of the store's own pool may wait for its answer before it fails (`pg`'s
       * `query_timeout`; the connection is then dropped). Without it, a database that went silent (a
       * network partition, a failover whose old address answers nothing) would hold every append, and the
       * collector's shutdown, until the operating system gives the connection up, many minutes later.
       * Default 30 s. For a pool of your own, set `query_timeout` on it.
       */
      queryTimeoutMs?: number;
    }
  | { pool: PgPoolLike }
) & {
  /** Table for the events, `name` or `schema.name`; created when missing. Default `splitkit_events`. */
  table?: string;
  /** Where errors of idle pooled connections are reported (own pool only). Default: `console`. */
  logger?: Logger;
};

function storeError(message: string, cause: unknown, secrets: readonly string[] = []): SplitkitError {
  // The driver's messages may quote the connection string.
  const detail = redactCredentials((cause as Error)?.message ?? String(cause), secrets);
  return new SplitkitError('STORE_FAILED', `${message}: ${detail}`, { cause });
}

async function createPool(connectionString: string, queryTimeoutMs: number, logger: Logger): Promise<PgPoolLike> {
  let pg: typeof import('pg');
  try {
    pg = await import('pg');
  } catch (error) {
    throw storeError("The PostgreSQL store needs the 'pg' package (npm install pg)", error);
  }
  const Pool = pg.Pool ?? (pg as unknown as { default: typeof import('pg') }).default.Pool;
  // An answer that never comes fails after query_timeout (the store answers 503, the client retries; a commit
  // that did happen is then a duplicate, skipped by id). TCP keep-alive notices a dead peer while idle.
  const pool = new Pool({
    connectionString,
    connectionTimeoutMillis: 10_000,
    query_timeout: queryTimeoutMs,
    keepAlive: true,
  });
  // An idle connection dropped by the server emits 'error' on the pool, which would otherwise crash the process.
  pool.on('error', (error) => logger.warn('splitkit: PostgreSQL connection error', error));
  return pool;
}

async function inTransaction<T>(pool: PgPoolLike, work: (client: PgClientLike) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (error) {
    // A connection whose rollback failed is broken; releasing it with the error discards it.
    await client.query('ROLLBACK').then(
      () => client.release(),
      (rollbackError: Error) => client.release(rollbackError),
    );
    throw error;
  }
}

/** The PostgreSQL {@link EventStore}, which also lets the analysis run its SQL stages in the database. */
export interface PostgresStore extends EventStore {
  /** The quoted table and a connection of the store's pool, for `analyzeFromStore`'s postgres engine. */
  readonly analysisSource: { table: string; connect(): Promise<PgClientLike> };
}

/**
 * Connects to PostgreSQL and returns an {@link EventStore} on `table`,
 * creating the table when missing. Rejects with a `STORE_FAILED`
 * {@link SplitkitError} when the database cannot be reached.
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const sql = eventsSql(options.table ?? DEFAULT_EVENTS_TABLE);
  const owned = !('pool' in options);
  const timeout = 'pool' in options ? undefined : (options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS);
  if (timeout !== undefined && !(Number.isSafeInteger(timeout) && timeout >= 1 && timeout <= 2_147_483_647)) {
    throw new ConfigError([{ path: 'queryTimeoutMs', message: 'expected an integer from 1 to 2147483647' }], {
      code: 'INVALID_OPTIONS',
      subject: 'PostgreSQL store options',
    });
  }
  const pool =
    'pool' in options
      ? options.pool
      : await createPool(options.connectionString, timeout ?? DEFAULT_QUERY_TIMEOUT_MS, options.logger ?? console);
  try {
    await inTransaction(pool, async (client) => {
      // Two collectors starting together would otherwise race on CREATE TABLE IF NOT EXISTS.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [sql.create[0]]);
      for (const statement of sql.create) await client.query(statement);
    });
  } catch (error) {
    if (owned) await pool.end().catch(() => undefined);
    throw storeError(
      'Cannot prepare the PostgreSQL events table',
      error,
      'connectionString' in options ? locationSecrets(options.connectionString) : [],
    );
  }
  return postgresStore(pool, owned, sql);
}

/** Groups being inserted at the same time (each holds one pooled connection). */
const CONCURRENT_GROUPS = 4;

/** Most events in one group's INSERT. */
const MAX_GROUP_EVENTS = 10_000;

/** Inserts the events of `group` in one statement (its own transaction); each append's count of new rows, in order. */
async function insertGroup(pool: PgPoolLike, sql: EventsSql, group: readonly PendingAppend[]): Promise<Appended[]> {
  const events = group.length === 1 ? group[0]!.events : group.flatMap((append) => append.events);
  const result = await pool.query(sql.insert, [JSON.stringify(events), events.length]);
  const { ids } = result.rows[0] as { ids: string[] | null };
  // Every event new: the usual case, and no ids come back.
  if (ids === null) return group.map(({ events: own }) => ({ stored: own.length, duplicates: 0 }));
  const inserted = new Set(ids);
  // An id inserted by this statement is new for the first append (in order) that sent it, a duplicate for the rest.
  return group.map(({ events: own }) => {
    let count = 0;
    for (const { id } of own) {
      if (inserted.delete(id)) count++;
    }
    return { stored: count, duplicates: own.length - count };
  });
}

/**
 * A connection of the store's own pool whose statements are not cut by `queryTimeoutMs`: an analysis of a
 * large table may rightly run for minutes, and the timeout is there for appends to a database gone silent.
 * (`pg` takes a statement's own `query_timeout` over the pool's; this one is the longest a timer holds.)
 */
async function untimed(pool: PgPoolLike): Promise<PgClientLike> {
  const client = await pool.connect();
  const query = client.query.bind(client) as unknown as (config: {
    text: string;
    values?: unknown[];
    query_timeout: number;
  }) => Promise<PgResultLike>;
  return {
    query: (text, values) => query({ text, values, query_timeout: 2_147_483_647 }),
    release: (error) => client.release(error),
  };
}

/** A refusal of the data (SQLSTATE class 22, data exception, or 23, integrity constraint violation). */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23]/.test(code);
}

function postgresStore(pool: PgPoolLike, owned: boolean, sql: EventsSql): PostgresStore {
  let closed = false;

  async function commit(group: PendingAppend[]): Promise<void> {
    try {
      const results = await insertGroup(pool, sql, group);
      group.forEach((append, index) => append.resolve(results[index]!));
    } catch (error) {
      // One batch whose data the database refuses must not fail the others on every retry: each is tried on its
      // own. Other failures, such as a lost connection, fail every batch alike: each is rejected, not retried here.
      if (group.length > 1 && isDataError(error)) {
        for (const append of group) await commit([append]);
        return;
      }
      const failure = isSplitkitError(error) ? error : storeError('Cannot append to PostgreSQL', error);
      for (const append of group) append.reject(failure);
    }
  }

  const groups = createAppendGroups(commit, { concurrency: CONCURRENT_GROUPS, maxGroupEvents: MAX_GROUP_EVENTS });

  async function append(events: readonly SplitkitEvent[]): Promise<Appended> {
    if (closed) throw new SplitkitError('STORE_FAILED', 'The PostgreSQL store is closed');
    assertEventIds(events);
    assertStorableInPostgres(events);
    if (events.length === 0) return { stored: 0, duplicates: 0 };
    return groups.add(events);
  }

  async function* read(query: EventQuery = {}): AsyncGenerator<SplitkitEvent> {
    const page = sql.page(query);
    let after = '0';
    for (;;) {
      const { rows } = await pool.query(page.text, [after, ...page.values]);
      for (const row of rows as { seq: string; payload: SplitkitEvent }[]) yield row.payload;
      const last = rows[rows.length - 1] as { seq: string } | undefined;
      if (rows.length < READ_PAGE_SIZE || last === undefined) return;
      after = last.seq;
    }
  }

  return {
    append,
    read,
    analysisSource: { table: sql.table, connect: () => (owned ? untimed(pool) : pool.connect()) },
    async close() {
      if (closed) return;
      closed = true;
      await groups.idle();
      if (owned) await pool.end();
    },
  };
}
