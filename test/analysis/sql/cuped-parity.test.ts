import { afterAll, describe, expect, it } from 'vitest';
import { analyzeFromStore } from '../../../src/analysis/index.js';
import type { ExperimentReport, StoreAnalysisOptions } from '../../../src/analysis/index.js';
import { describePostgres } from '../../collector/support/postgres-env.js';
import { DAY, T0 } from '../fixtures.js';
import { ndjsonStores, postgresStores } from './engine-stores.js';
import type { EngineStores } from './engine-stores.js';
import { cupedEvents, cupedOptions } from './method-fixtures.js';
import { expectSameReport } from './same-report.js';

type Options = Omit<StoreAnalysisOptions, 'engine'>;

interface Case {
  name: string;
  events: () => object[];
  options: Options;
  /** What the in-memory report must show, so the case exercises what it claims. */
  check(memory: ExperimentReport): void;
}

const status = (report: ExperimentReport) => report.metrics.map((m) => m.cuped?.status);

const cases: Case[] = [
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
  let open: EngineStores;
  afterAll(() => open?.close());
  for (const c of cases) {
    it(c.name, async () => {
      open ??= stores();
      const store = await open.open(c.events());
      const memory = await analyzeFromStore(store, { ...c.options, engine: 'memory' });
      const sql = await analyzeFromStore(store, { ...c.options, engine });
      c.check(memory);
      expectSameReport(sql, memory);
    });
  }
  it('is the default engine with CUPED (no fallback, no note)', async () => {
    open ??= stores();
    const store = await open.open(cupedEvents(11, 120));
    const chosen = await analyzeFromStore(store, cupedOptions);
    expect(chosen.notes.some((n) => n.startsWith('Analyzed in memory'))).toBe(false);
    expectSameReport(chosen, await analyzeFromStore(store, { ...cupedOptions, engine: 'memory' }));
  });
}

describe('CUPED in the duckdb engine', () => suite('duckdb', ndjsonStores));
describePostgres('CUPED in the postgres engine (real server)', (url) => suite('postgres', () => postgresStores(url)));
