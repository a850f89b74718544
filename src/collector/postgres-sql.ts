/** The SQL of the PostgreSQL store, for one table. */
import { createHash } from 'node:crypto';
import { ConfigError } from '../errors/index.js';
import type { EventQuery } from '../events/store.js';

/** Default table name. */
export const DEFAULT_EVENTS_TABLE = 'splitkit_events';

/** Rows fetched per round trip while reading. */
export const READ_PAGE_SIZE = 1000;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Statements for one events table. */
export interface EventsSql {
  /** The table, quoted (`"schema"."name"`). */
  table: string;
  /** Creates the table and its index when missing. */
  create: string[];
  /**
   * `$1`: JSON array of events, `$2`: their count. Inserts them in order, skips known ids, and commits durably;
   * returns one row: `stored` (rows inserted) and `ids` (the ids inserted, only when `stored < $2`, else null).
   */
  insert: string;
  /** A page of rows after `seq` `$1`, with the query's filters. */
  page(query: EventQuery): { text: string; values: unknown[] };
}

// Times are integers, so fractional bounds are rounded inward; infinite ones drop out or match nothing, as in memory.
function timeBound(op: '>=' | '<=', bound: number, bind: (value: unknown) => string): string {
  if (Number.isNaN(bound)) return 'false';
  if (!Number.isFinite(bound)) return bound < 0 === (op === '>=') ? 'true' : 'false';
  return `"time" ${op} ${bind(bound)}`;
}

/** PostgreSQL's longest name, in bytes: a longer one is cut to it. */
const MAX_NAME_BYTES = 63;

/**
 * The quoted name of `table`'s index `suffix`: `<table>_<suffix>` where PostgreSQL keeps it apart from the other
 * index (names it cuts at 63 bytes stay distinct up to a table name of 61 characters, and keep the names they
 * always had); past that, both would be cut to the same name and the second skipped as existing, so the table's
 * name is shortened and a hash of it added.
 */
function indexName(table: string, suffix: string): string {
  if (table.length + 2 <= MAX_NAME_BYTES) return `"${table}_${suffix}"`;
  const hash = createHash('sha256').update(table).digest('hex').slice(0, 8);
  return `"${table.slice(0, MAX_NAME_BYTES - suffix.length - hash.length - 2)}_${hash}_${suffix}"`;
}

/** A SQL string literal (the table's quoted name, as `pg_get_serial_sequence` takes it). */
function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** Builds the statements for `table` (`name` or `schema.name`); throws `ConfigError` on any other form. */
export function eventsSql(table: string): EventsSql {
  const parts = table.split('.');
  if (parts.length > 2 || !parts.every((part) => IDENTIFIER.test(part))) {
    throw new ConfigError([{ path: 'table', message: 'expected a table name like events or analytics.events' }], {
      code: 'INVALID_OPTIONS',
      subject: 'PostgreSQL store options',
    });
  }
  const name = parts.map((part) => `"${part}"`).join('.');
  const index = indexName(parts[parts.length - 1] as string, 'name_time_idx');
  const typeIndex = indexName(parts[parts.length - 1] as string, 'type_time_idx');
  return {
    table: name,
    create: [
      // seq records insertion order; id is the dedupe key.
      `CREATE TABLE IF NOT EXISTS ${name} (
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        id text PRIMARY KEY,
        type text NOT NULL,
        name text NOT NULL,
        "time" bigint NOT NULL,
        payload jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX IF NOT EXISTS ${index} ON ${name} (name, "time")`,
      // The analysis reads every identify event (links made before its window still count): by type.
      `CREATE INDEX IF NOT EXISTS ${typeIndex} ON ${name} (type, "time")`,
    ],
    // One statement, so one round trip and no BEGIN/COMMIT of its own: it commits by itself, atomically. The
    // set_config (SET LOCAL) makes that commit wait for the WAL flush whatever the server's default is: the GUC
    // is still in force when the statement's implicit transaction commits. One row comes back: the count, and
    // the ids stored only when some were skipped (parsing a row per event cost the collector more than the SQL).
    // Rows are inserted in id order: two statements inserting shared ids in different orders would each wait
    // for the other's uncommitted row until PostgreSQL aborted one as a deadlock, failing its whole group. `seq`
    // is still drawn in the order the events were sent (the CTE runs first, row by row in order), so reads
    // keep each batch's order; for an id sent twice in one statement, the first copy is the one stored. Calling
    // nextval needs USAGE on the identity's sequence, which the table's owner has; the store must own its table
    // anyway (its CREATE INDEX IF NOT EXISTS refuses any other role).
    insert: `WITH batch AS (
        SELECT nextval((SELECT pg_get_serial_sequence(${quoteLiteral(name)}, 'seq')::regclass)) AS seq, e, ord
        FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS b(e, ord)
      ), inserted AS (
        INSERT INTO ${name} (seq, id, type, name, "time", payload) OVERRIDING SYSTEM VALUE
        SELECT seq, e->>'id', e->>'type', e->>'name', (e->>'time')::bigint, e
        FROM batch
        ORDER BY e->>'id' COLLATE "C", ord
        ON CONFLICT (id) DO NOTHING
        RETURNING id
      )
      SELECT set_config('synchronous_commit', 'on', true) AS durable,
        count(*)::int AS stored,
        CASE WHEN count(*) < $2 THEN coalesce(array_agg(id), '{}') END AS ids
      FROM inserted`,
    page(query) {
      const values: unknown[] = [];
      const where = ['seq > $1'];
      const bind = (value: unknown): string => `$${values.push(value) + 1}`;
      if (query.types !== undefined) where.push(`type = ANY(${bind(query.types)}::text[])`);
      if (query.names !== undefined) where.push(`name = ANY(${bind(query.names)}::text[])`);
      if (query.from !== undefined) where.push(timeBound('>=', Math.ceil(query.from), bind));
      if (query.to !== undefined) where.push(timeBound('<=', Math.floor(query.to), bind));
      return {
        text: `SELECT seq, payload FROM ${name} WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ${READ_PAGE_SIZE}`,
        values,
      };
    },
  };
}
