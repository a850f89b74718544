/**
 * The PostgreSQL engine: the stages run in the PostgreSQL store's own
 * database, in one transaction on one connection (their temporary tables
 * are that session's), rolled back at the end so nothing is left behind.
 */
import type { AnalysisAggregates } from '../aggregates.js';
import type { ExposureShape } from '../infer-design.js';
import type { ResolvedOptions } from '../options.js';
import { literal } from './dialect.js';
import { postgresDialect } from './dialect-postgres.js';
import { sqlAggregates } from './run-sql.js';

/** What the engine needs from a PostgreSQL store: a connection and its quoted table name. */
export interface PostgresAnalysisSource {
  /** The events table, quoted (`"schema"."name"`). */
  table: string;
  /** A connection of the store's pool, released with `release()`. */
  connect(): Promise<{ query(text: string): Promise<{ rows: unknown[] }>; release(error?: Error | boolean): void }>;
}

type Connection = Awaited<ReturnType<PostgresAnalysisSource['connect']>>;

/** Whether `client`'s database is UTF8 (`postgresDialect`'s `utf8`): other encodings cannot hold U+10FFFF. */
async function isUtf8(client: Pick<Connection, 'query'>): Promise<boolean> {
  const { rows } = await client.query("SELECT current_setting('server_encoding') AS encoding");
  return (rows[0] as { encoding: string }).encoding === 'UTF8';
}

/** Whether `source`'s database is UTF8, asked on a connection of its own (for the printed script). */
export async function postgresIsUtf8(source: PostgresAnalysisSource): Promise<boolean> {
  const client = await source.connect();
  try {
    return await isUtf8(client);
  } finally {
    client.release();
  }
}

/** The aggregates of the analysis of `options`, computed by PostgreSQL over `source`'s table. */
export async function postgresAggregates(
  options: ResolvedOptions,
  source: PostgresAnalysisSource,
): Promise<AnalysisAggregates> {
  const client = await source.connect();
  let failed: Error | undefined;
  try {
    await client.query('BEGIN READ WRITE');
    // The aggregate queries hold hundreds of expressions over tables of one row per unit: compiling them
    // (the planner guesses a large cost for temporary tables it has no statistics of) took 1.5–4.4 s of a
    // 5 s CUPED analysis of 900 units, where running them takes milliseconds. Off for this transaction only.
    await client.query('SET LOCAL jit = off');
    // Segment labels of numbers are keyed by the double's shortest text (label-keys.ts), which PostgreSQL
    // writes when extra_float_digits is above 0 (its default, 1; a server configured with 0 writes 15 digits).
    await client.query('SET LOCAL extra_float_digits = 1');
    const dialect = postgresDialect(source.table, await isUtf8(client));
    return await sqlAggregates(options, dialect, async (sql) => {
      const result = await client.query(sql);
      return result.rows as Record<string, unknown>[];
    });
  } catch (error) {
    failed = error as Error;
    throw error;
  } finally {
    await client.query('ROLLBACK').then(
      () => client.release(),
      (rollbackError: Error) => client.release(failed ?? rollbackError),
    );
  }
}

/**
 * The experiment's exposures grouped by variant, `unit` field and unit
 * names, counted by PostgreSQL in one query over `source`'s table (through
 * its `(name, time)` index): what `inferDesign` needs, without streaming
 * every exposure to Node.
 */
export async function postgresExposureShapes(source: PostgresAnalysisSource, key: string): Promise<ExposureShape[]> {
  const client = await source.connect();
  let rows: unknown[];
  try {
    // Only string variants and units count, as in the in-memory reading. jsonb keeps an object's keys in one
    // canonical order, so the same set of unit names is the same array (sorting them per row cost a third more).
    ({ rows } = await client.query(`SELECT payload->>'variant' AS variant,
    CASE WHEN jsonb_typeof(payload->'unit') = 'string' THEN payload->>'unit' END AS unit,
    CASE WHEN jsonb_typeof(payload->'units') = 'object'
      THEN ARRAY(SELECT jsonb_object_keys(payload->'units')) ELSE ARRAY[]::text[] END AS unit_names,
    count(*) AS n
  FROM ${source.table}
  WHERE name = ${literal(key)} AND type = 'exposure' AND payload->>'kind' = 'experiment'
    AND jsonb_typeof(payload->'variant') = 'string'
  GROUP BY 1, 2, 3`));
  } finally {
    client.release();
  }
  return (rows as { variant: string; unit: string | null; unit_names: string[]; n: string }[]).map((row) => ({
    variant: row.variant,
    unit: row.unit ?? undefined,
    unitNames: row.unit_names,
    count: Number(row.n),
  }));
}
