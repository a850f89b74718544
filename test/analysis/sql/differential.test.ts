/**
 * Differential test of the three engines on seeded, realistic logs
 * (test/analysis/sql/differential-data.ts): every experiment of the log, with
 * every metric kind, segments, guardrails, the Bayesian fields, CUPED,
 * sequential testing, the timeline and an analysis window, analyzed by the
 * in-memory engine, DuckDB (NDJSON log) and PostgreSQL (its store). Every
 * number of the JSON reports must agree: counts exactly, every other number
 * to 1e-9 relative (`expectSameReport`; the engines sum the same doubles in
 * different orders, which moves a sum of n terms by about n·2⁻⁵³ relative,
 * about 1e-12 here, and the statistics amplify that by a few orders at most).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeFromStore } from '../../../src/analysis/index.js';
import type { ExperimentReport, StoreAnalysisOptions } from '../../../src/analysis/index.js';
import type { EventStore } from '../../../src/events/store.js';
import { describePostgres } from '../../collector/support/postgres-env.js';
import { DAY, NOW, START, differentialData } from './differential-data.js';
import type { DifferentialExperiment } from './differential-data.js';
import { ndjsonStores, postgresStores } from './engine-stores.js';
import type { EngineStores } from './engine-stores.js';
import { expectSameReport } from './same-report.js';

/** One seed in CI (a few seconds per engine); `SPLITKIT_DIFFERENTIAL_SEEDS=1,2,3` explores more. */
const SEEDS = (process.env.SPLITKIT_DIFFERENTIAL_SEEDS ?? '7').split(',').map(Number);
const UNITS = Number(process.env.SPLITKIT_DIFFERENTIAL_UNITS ?? 200);

/** The in-memory reports, computed once per analysis (from the NDJSON log) for both SQL engines. */
const memoryReports = new Map<string, Promise<unknown>>();
let memoryStores: EngineStores | undefined;
const memoryLogs = new Map<number, Promise<EventStore>>();
afterAll(() => memoryStores?.close());

function memoryReport(seed: number, events: object[], name: string, options: Omit<StoreAnalysisOptions, 'engine'>) {
  let report = memoryReports.get(name);
  if (report === undefined) {
    memoryStores ??= ndjsonStores();
    const stores = memoryStores;
    let log = memoryLogs.get(seed);
    if (log === undefined) {
      log = stores.open(events);
      memoryLogs.set(seed, log);
    }
    report = log.then(async (store) =>
      JSON.parse(JSON.stringify(await analyzeFromStore(store, { ...options, engine: 'memory' }))),
    );
    memoryReports.set(name, report);
  }
  return report;
}

/** The analyses of one experiment: plain with segments and timeline; CUPED with sequential testing in a window. */
function analyses(experiment: DifferentialExperiment): [string, Omit<StoreAnalysisOptions, 'engine'>][] {
  const base = { experiment: experiment.design, metrics: experiment.metrics, now: NOW };
  return [
    ['segments and timeline', { ...base, segments: experiment.segments, maxSegmentValues: 4, timeline: true }],
    [
      'cuped, sequential, window',
      {
        ...base,
        metrics: experiment.metrics.filter((m) => m.kind !== 'quantile'),
        segments: ['country'],
        cuped: { lookback: 3 * DAY },
        sequential: { tuning: 2000 },
        confidence: 0.9,
        priors: { conversion: { alpha: 2, beta: 8 }, difference: { mean: 0, sd: 5 } },
        power: 0.9,
        from: START + DAY,
        to: START + 10 * DAY,
        corrections: { primary: 'benjamini-hochberg', secondary: 'holm', segments: 'none' },
      },
    ],
  ];
}

/** What the data must make the in-memory report show, so the case covers the odd arms it claims to. */
function exercises(report: ExperimentReport, index: number): void {
  const comparisons = (key: string) =>
    (report.metrics.find((m) => m.metric.key === key)?.variants ?? []).filter((v) => v.variant === 't1');
  expect(report.exclusions.multipleVariants).toBeGreaterThan(0);
  expect(report.events.beforeExposure).toBeGreaterThan(0);
  if (index === 1) {
    // The arm that tracks nothing: no metric has an answer there.
    for (const m of report.metrics) {
      const row = m.variants.find((v) => v.variant === 't1');
      expect(row?.comparison?.status, m.metric.key).toBe('not enough data');
    }
  }
  if (index === 2) {
    const [row] = comparisons('aov');
    expect(row?.comparison).toMatchObject({
      status: 'not enough data',
      reason: expect.stringMatching(/same ratio \(25\)/),
    });
  }
}

function differential(engine: 'duckdb' | 'postgres', stores: () => EngineStores): void {
  let open: EngineStores | undefined;
  afterAll(() => open?.close());
  for (const seed of SEEDS) {
    const data = differentialData(seed, 3, UNITS);
    let store: Promise<EventStore> | undefined;
    const get = () => {
      open ??= stores();
      const s = open;
      store ??= s.open(data.events);
      return store;
    };
    for (const experiment of data.experiments) {
      for (const [name, options] of analyses(experiment)) {
        const title = `seed ${seed}, ${experiment.design.key} (${experiment.design.variants.length} variants): ${name}`;
        it(title, async () => {
          const memory = await memoryReport(seed, data.events, title, options);
          exercises(memory as ExperimentReport, data.experiments.indexOf(experiment));
          const sql = await analyzeFromStore(await get(), { ...options, engine });
          // The line check belongs to an NDJSON log (memory's store here), which a PostgreSQL table does not have.
          const expected =
            engine === 'postgres' ? { ...(memory as ExperimentReport), skippedLines: undefined } : memory;
          // Through JSON, as `--json` writes it (NaN and infinities as null).
          expectSameReport(JSON.parse(JSON.stringify(sql)), JSON.parse(JSON.stringify(expected)));
        });
      }
    }
  }
}

describe('differential: DuckDB equals memory on seeded logs', () => {
  differential('duckdb', ndjsonStores);
});

describePostgres('differential: PostgreSQL equals memory on seeded logs', (url) => {
  differential('postgres', () => postgresStores(url));
});
