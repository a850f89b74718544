import { describe, expect, it } from 'vitest';
import { analyzeFromStore } from '../../../src/analysis/index.js';
import type { ExperimentReport } from '../../../src/analysis/index.js';
import { describePostgres } from '../../collector/support/postgres-env.js';
import { DAY, T0 } from '../fixtures.js';
import { ndjsonStores, parityCases, postgresStores } from './engine-stores.js';
import type { EngineStores, ParityCase } from './engine-stores.js';
import { cupedEvents, cupedOptions } from './method-fixtures.js';
import { expectSameReport } from './same-report.js';

const status = (report: ExperimentReport) => report.metrics.map((m) => m.cuped?.status);

const cases: ParityCase[] = [
  {
    name: 'adjusts conversion, winsorized sum and count (pre-periods before `from`, linked units), not ratios or active days',
    events: () => cupedEvents(3),
    options: cupedOptions,
    check(memory) {
      expect(status(memory)).toEqual(['adjusted', 'adjusted', 'adjusted', 'not adjusted', 'not adjusted']);
      const revenue = memory.metrics[1]?.cuped;
      expect(revenue?.status === 'adjusted' && revenue.theta > 0 && revenue.varianceReduction > 0.05).toBe(true);
      expect(memory.metrics[1]?.measurement?.caps?.upper?.units).toBeGreaterThan(0);
      expect(memory.events.beforeExposure).toBeGreaterThan(100);
      expect(memory.events.stitched).toBeGreaterThan(20);
    },
  },
  {
    name: 'adjusts within segments (values pooled into (other)), with sequential testing and a 7-day lookback',
    events: () => cupedEvents(5),
    options: {
      ...cupedOptions,
      cuped: { lookback: 7 * DAY },
      segments: ['country'],
      maxSegmentValues: 3,
      sequential: true,
    },
    check(memory) {
      expect(memory.metrics[0]?.cuped).toMatchObject({ status: 'adjusted', lookback: 7 * DAY });
      expect(memory.segments[0]?.values.map((v) => v.value)).toContain('(other)');
      const ok = memory.segments[0]?.values.flatMap((v) => v.metrics[2]?.variants[1]?.comparison?.status ?? []);
      expect(ok).toContain('ok');
    },
  },
  {
    name: 'says why when no unit has pre-exposure data',
    events: () => cupedEvents(7, 200, false),
    options: cupedOptions,
    check(memory) {
      expect(memory.metrics[0]?.cuped).toMatchObject({
        status: 'not adjusted',
        reason: 'the pre-exposure covariate has no variance, so there is nothing to adjust with',
      });
    },
  },
  {
    name: 'says why with too few units',
    events: () => cupedEvents(9, 1),
    options: { ...cupedOptions, to: T0 + 30 * DAY },
    check(memory) {
      expect(memory.units).toBe(1);
      expect(memory.metrics[0]?.cuped).toMatchObject({
        status: 'not adjusted',
        reason: 'CUPED needs at least 2 units',
      });
    },
  },
];

function suite(engine: 'duckdb' | 'postgres', stores: () => EngineStores): void {
  const open = parityCases(engine, stores, cases);
  it('is the default engine with CUPED (no fallback, no note)', async () => {
    const store = await open().open(cupedEvents(11, 120));
    const chosen = await analyzeFromStore(store, cupedOptions);
    expect(chosen.notes.some((n) => n.startsWith('Analyzed in memory'))).toBe(false);
    expectSameReport(chosen, await analyzeFromStore(store, { ...cupedOptions, engine: 'memory' }));
  });
}

describe('CUPED in the duckdb engine', () => suite('duckdb', ndjsonStores));
describePostgres('CUPED in the postgres engine (real server)', (url) => suite('postgres', () => postgresStores(url)));
