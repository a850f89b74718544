import { describe, expect, it } from 'vitest';
import { chooseEngine } from '../../../src/analysis/from-store.js';
import { resolveOptions } from '../../../src/analysis/resolve-options.js';
import type { ResolvedOptions } from '../../../src/analysis/options.js';
import type { ResolvedMetric } from '../../../src/analysis/metric-definition.js';
import { ConfigError } from '../../../src/errors/index.js';
import type { EventStore } from '../../../src/events/store.js';
import { BUTTON } from '../fixtures.js';

const base: EventStore = {
  append: () => Promise.reject(new Error('read-only')),
  async *read() {},
  close: () => Promise.resolve(),
};
const ndjson = { ...base, path: '/tmp/events.ndjson' };
const postgres = {
  ...base,
  analysisSource: { table: '"events"', connect: () => Promise.reject(new Error('not used')) },
};

function options(kind?: string): ResolvedOptions {
  const resolved = resolveOptions({ experiment: BUTTON, metrics: [{ key: 'purchase', kind: 'conversion' }] });
  // A kind the SQL stages do not know (every kind of today has a SQL form: `histogram` stands for a future one).
  if (kind !== undefined)
    resolved.metrics.push({ ...(resolved.metrics[0] as ResolvedMetric), key: 'p99', kind: kind as never });
  return resolved;
}

describe('choosing the engine', () => {
  it('defaults to the fastest engine the store offers', async () => {
    expect(await chooseEngine(postgres, options(), undefined)).toEqual({ engine: 'postgres' });
    expect(await chooseEngine(ndjson, options(), undefined)).toEqual({ engine: 'duckdb' });
    expect(await chooseEngine(base, options(), undefined)).toEqual({ engine: 'memory' });
  });

  it('falls back to memory with a note when a metric has no SQL form, and refuses an explicit SQL engine', async () => {
    const chosen = await chooseEngine(ndjson, options('histogram'), undefined);
    expect(chosen).toEqual({
      engine: 'memory',
      note: 'Analyzed in memory rather than in duckdb: metric p99 (kind histogram) has no SQL form yet.',
    });
    await expect(chooseEngine(postgres, options('histogram'), 'postgres')).rejects.toThrow(
      /metric p99 \(kind histogram\) has no SQL form yet; use the memory engine/,
    );
    await expect(chooseEngine(ndjson, options('histogram'), 'duckdb')).rejects.toBeInstanceOf(ConfigError);
    expect(await chooseEngine(ndjson, options('histogram'), 'memory')).toEqual({ engine: 'memory' });
  });

  it('runs quantile and funnel metrics in every SQL engine, by default and when asked', async () => {
    for (const kind of ['quantile', 'funnel', 'activeDays', 'retention']) {
      expect(await chooseEngine(ndjson, options(kind), 'duckdb')).toEqual({ engine: 'duckdb' });
      expect(await chooseEngine(ndjson, options(kind), undefined)).toEqual({ engine: 'duckdb' });
      expect(await chooseEngine(postgres, options(kind), 'postgres')).toEqual({ engine: 'postgres' });
      expect(await chooseEngine(postgres, options(kind), undefined)).toEqual({ engine: 'postgres' });
    }
  });

  it('keeps CUPED and the timeline in the SQL engines, naming only the parts with no SQL form', async () => {
    const withMethods = (extra: Partial<ResolvedOptions>): ResolvedOptions => ({ ...options('histogram'), ...extra });
    const both = withMethods({ cuped: { lookback: 14 * 86_400_000 }, timeline: { maxDays: 90 } });
    expect(await chooseEngine(postgres, both, undefined)).toEqual({
      engine: 'memory',
      note: 'Analyzed in memory rather than in postgres: metric p99 (kind histogram) has no SQL form yet.',
    });
    const methods = resolveOptions({
      experiment: BUTTON,
      metrics: [{ key: 'purchase', kind: 'conversion' }],
      cuped: true,
      timeline: true,
    });
    expect(await chooseEngine(ndjson, methods, 'duckdb')).toEqual({ engine: 'duckdb' });
    expect(await chooseEngine(postgres, methods, 'postgres')).toEqual({ engine: 'postgres' });
    expect(await chooseEngine(postgres, methods, undefined)).toEqual({ engine: 'postgres' });
    expect(await chooseEngine(ndjson, methods, undefined)).toEqual({ engine: 'duckdb' });
  });

  it('keeps sequential testing in the SQL engines (it needs only the aggregates)', async () => {
    const sequential = resolveOptions({
      experiment: BUTTON,
      metrics: [{ key: 'purchase', kind: 'conversion' }],
      sequential: true,
    });
    expect(sequential.sequential).toBeDefined();
    expect(await chooseEngine(postgres, sequential, undefined)).toEqual({ engine: 'postgres' });
    expect(await chooseEngine(ndjson, sequential, 'duckdb')).toEqual({ engine: 'duckdb' });
  });

  it('refuses an engine the store cannot run', async () => {
    await expect(chooseEngine(ndjson, options(), 'postgres')).rejects.toThrow(/needs a PostgreSQL store/);
    await expect(chooseEngine(postgres, options(), 'duckdb')).rejects.toThrow(/reads an NDJSON store/);
    await expect(chooseEngine(base, options(), 'sqlite' as never)).rejects.toThrow(
      /expected one of memory, duckdb, postgres/,
    );
  });
});
