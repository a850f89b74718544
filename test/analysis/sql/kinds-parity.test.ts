/**
 * The quantile and funnel metrics in the SQL engines: DuckDB over the NDJSON
 * log and PostgreSQL over its store give the in-memory report on the same
 * events (exact counts, 1e-9 on every other number), with segments (pooled
 * into `(other)`), identity stitching, exclusions, sequential testing, an
 * analysis window, thin data and a funnel whose steps repeat and come out of order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeFromStore, parseMetricSpec } from '../../../src/analysis/index.js';
import type { ExperimentReport, MetricDefinition } from '../../../src/analysis/index.js';
import { analysisSqlForStore } from '../../../src/analysis/from-store.js';
import type { AnalysisEngine, StoreAnalysisOptions } from '../../../src/analysis/from-store.js';
import { resolveOptions } from '../../../src/analysis/resolve-options.js';
import { duckdbDialect } from '../../../src/analysis/sql/dialect-duckdb.js';
import { sqlAggregates } from '../../../src/analysis/sql/run-sql.js';
import type { EventStore } from '../../../src/events/store.js';
import { describePostgres } from '../../collector/support/postgres-env.js';
import { BUTTON, DAY, T0, exposure, identify, track } from '../fixtures.js';
import { simulateKinds } from '../kinds-fixtures.js';
import { NOW, parityEvents, parityOptions } from './parity-fixture.js';
import { ndjsonStores, postgresStores } from './engine-stores.js';
import { expectSameReport } from './same-report.js';
import { writeEventLog } from './event-log.js';

const MINUTE = 60_000;

/** A P90 of the page loads and a funnel whose first step comes back as its third. */
const kindMetrics: MetricDefinition[] = [
  { key: 'p90', kind: 'quantile', event: 'page_load', quantile: 0.9, role: 'primary', direction: 'decrease' },
  { key: 'loop', kind: 'funnel', steps: ['click', 'purchase', 'click'], window: 2 * DAY },
];
const kindOptions = { ...parityOptions, metrics: [...parityOptions.metrics, ...kindMetrics] };

// Steps view > cart > view > buy within an hour: the reach of each unit is in the comment.
const FUNNEL: MetricDefinition = {
  key: 'funnel',
  kind: 'funnel',
  steps: ['view', 'cart', 'view', 'buy'],
  window: 3_600_000,
};
function funnelEvents(): object[] {
  const out: object[] = [];
  const unit = (id: string, variant: string, steps: [string, number][]) => {
    out.push(exposure({ deviceID: id }, variant, T0));
    for (const [name, minutes] of steps) out.push(track({ deviceID: id }, name, T0 + minutes * MINUTE));
  };
  // control: reached [4, 3, 3, 2] of 4 units.
  unit('u1', 'control', [
    ['view', 1],
    ['cart', 2],
    ['view', 3],
    ['buy', 4],
  ]); // all four
  unit('u2', 'control', [
    ['cart', 1],
    ['view', 2],
    ['view', 5],
    ['buy', 6],
  ]); // the cart came before the view: 1
  unit('u3', 'control', [
    ['view', 1],
    ['cart', 1],
    ['buy', 120],
  ]); // ties count; the buy is past the window: 3
  // Twenty views: the in-memory engine prunes the candidates it keeps, the SQL engines join them all: 4.
  unit('u7', 'control', [
    ...Array.from({ length: 20 }, (_, i): [string, number] => ['view', i + 1]),
    ['cart', 25],
    ['view', 26],
    ['buy', 27],
  ]);
  // green: reached [3, 3, 3, 2] of 5 units.
  unit('u4', 'green', [
    ['view', -1],
    ['cart', 1],
  ]); // the view before exposure does not count: 0
  unit('u5', 'green', [
    ['view', 1],
    ['cart', 30],
    ['view', 20],
    ['view', 50],
    ['buy', 55],
  ]); // out of order: 4
  unit('u6', 'green', [['buy', 1]]); // 0
  unit('u8', 'green', [
    ['buy', 1],
    ['view', 2],
    ['cart', 3],
    ['buy', 3],
    ['view', 4],
    ['buy', 70],
  ]); // 3
  // Stitched: the steps carry only the user id, linked to the device before exposure: 4.
  out.push(exposure({ deviceID: 'u9' }, 'green', T0));
  out.push(identify({ deviceID: 'u9', userID: 'p9' }, T0 - DAY));
  for (const [name, minutes] of [
    ['view', 1],
    ['cart', 2],
    ['view', 3],
    ['buy', 4],
  ] as const)
    out.push(track({ userID: 'p9' }, name, T0 + minutes * MINUTE));
  return out;
}

// Control has one unit with values; green has two, every value equal (an interval without width).
function thinEvents(): object[] {
  return [
    exposure({ deviceID: 'a' }, 'control', T0, { attributes: { plan: 'pro' } }),
    exposure({ deviceID: 'b' }, 'control', T0, { attributes: { plan: 'free' } }),
    exposure({ deviceID: 'c' }, 'control', T0),
    exposure({ deviceID: 'd' }, 'green', T0, { attributes: { plan: 'pro' } }),
    exposure({ deviceID: 'e' }, 'green', T0, { attributes: { plan: 'free' } }),
    track({ deviceID: 'a' }, 'page_load', T0 + 1, 5),
    track({ deviceID: 'b' }, 'page_load', T0 - 1, 9),
    track({ deviceID: 'd' }, 'page_load', T0 + 1, 3),
    track({ deviceID: 'd' }, 'page_load', T0 + 2, 3),
    track({ deviceID: 'e' }, 'page_load', T0 + 3, 3),
    track({ deviceID: 'a' }, 'render', T0 + 1, 10),
    track({ deviceID: 'b' }, 'render', T0 + 1, 20),
    track({ deviceID: 'c' }, 'render', T0 + 1, 30),
    track({ deviceID: 'd' }, 'render', T0 + 1, 7),
    track({ deviceID: 'e' }, 'render', T0 + 1, 7),
  ];
}
const thinMetrics: MetricDefinition[] = [
  { key: 'p50', kind: 'quantile', event: 'page_load', quantile: 0.5 },
  { key: 'render', kind: 'quantile', event: 'render', quantile: 0.5 },
];

type StoreMaker = (events: readonly object[]) => Promise<EventStore>;

/** Memory and `engine` on the same store, for `options`. */
async function both(store: EventStore, engine: AnalysisEngine, options: Omit<StoreAnalysisOptions, 'engine'>) {
  const memory = await analyzeFromStore(store, { ...options, engine: 'memory' });
  const sql = await analyzeFromStore(store, { ...options, engine });
  return { memory, sql };
}

function metric(report: ExperimentReport, key: string) {
  const found = report.metrics.find((m) => m.metric.key === key);
  if (found === undefined) throw new Error(`no metric ${key}`);
  return found;
}

function kindCases(engine: AnalysisEngine, storeWith: StoreMaker): void {
  it('quantile and funnel on messy data: exclusions, stitching, invalid data, segments pooled into (other)', async () => {
    const store = await storeWith(parityEvents());
    const { memory, sql } = await both(store, engine, kindOptions);
    // The fixture exercises what it claims.
    expect(memory.events.stitched).toBeGreaterThan(10);
    expect(memory.exclusions.multipleVariants).toBeGreaterThan(0);
    const p90 = metric(memory, 'p90');
    expect(p90.variants[1]?.comparison?.status).toBe('ok');
    expect(p90.variants[0]?.summary.quantile?.values).toBeGreaterThan(300);
    const loop = metric(memory, 'loop');
    expect(loop.steps?.map((s) => s.variants[0]?.reached)).toEqual([
      expect.any(Number),
      expect.any(Number),
      expect.any(Number),
    ]);
    expect(loop.steps?.[2]?.variants[1]?.stepComparison?.status).toBe('ok');
    const other = memory.segments[0]?.values.find((v) => v.value === '(other)');
    expect(other?.metrics.find((m) => m.metric.key === 'p90')?.variants[0]?.summary.quantile).toBeDefined();
    expectSameReport(sql, memory);
    // With nothing left without a SQL form, the default engine is the SQL one and adds no note.
    expectSameReport(await analyzeFromStore(store, kindOptions), memory);
  });

  it('quantile and funnel with sequential testing and within an analysis window', async () => {
    const store = await storeWith(parityEvents(5));
    const sequential = await both(store, engine, { ...kindOptions, sequential: true });
    for (const key of ['p90', 'loop']) {
      const row = metric(sequential.memory, key).variants[1]?.comparison;
      expect(row?.status === 'ok' && row.sequential !== undefined).toBe(true);
    }
    expectSameReport(sequential.sql, sequential.memory);
    const windowed = await both(store, engine, { ...kindOptions, from: NOW - 59 * DAY, to: NOW - 56 * DAY });
    expect(windowed.memory.units).toBeGreaterThan(50);
    expectSameReport(windowed.sql, windowed.memory);
  });

  it('a funnel whose steps repeat, tie, come out of order, fall outside the window or are stitched', async () => {
    const store = await storeWith(funnelEvents());
    const { memory, sql } = await both(store, engine, { experiment: BUTTON, metrics: [FUNNEL], now: NOW });
    const funnel = metric(memory, 'funnel');
    expect(funnel.steps?.map((s) => s.variants.map((v) => v.reached))).toEqual([
      [4, 3],
      [3, 3],
      [3, 3],
      [2, 2],
    ]);
    expect(funnel.variants.map((v) => [v.summary.units, v.summary.total])).toEqual([
      [4, 2],
      [5, 2],
    ]);
    expect(funnel.steps?.[3]?.variants.map((v) => v.stepConversion)).toEqual([2 / 3, 2 / 3]);
    expectSameReport(sql, memory);
  });

  it('a step that repeats the step before it needs another occurrence: one event never counts twice', async () => {
    // Per unit, minutes of its "view" events: once, twice, twice at the same moment, three times.
    const views: [string, string, number[]][] = [
      ['r1', 'control', [1]],
      ['r2', 'control', [1, 5]],
      ['r3', 'control', [2, 2]],
      ['r4', 'green', [1]],
      ['r5', 'green', [3, 1, 9]],
      ['r6', 'green', [4]],
    ];
    const events = views.flatMap(([id, variant, minutes]) => [
      exposure({ deviceID: id }, variant, T0),
      ...minutes.map((m) => track({ deviceID: id }, 'view', T0 + m * MINUTE)),
    ]);
    const store = await storeWith(events);
    const twice: MetricDefinition = { key: 'twice', kind: 'funnel', steps: ['view', 'view', 'view'] };
    const { memory, sql } = await both(store, engine, { experiment: BUTTON, metrics: [twice], now: NOW });
    // Without the rule every unit reached every step: a single view counted as the second and third.
    // Two views at the same millisecond are read as one (event times are all the funnel keeps).
    expect(metric(memory, 'twice').steps?.map((s) => s.variants.map((v) => v.reached))).toEqual([
      [3, 3],
      [1, 1],
      [0, 1],
    ]);
    expectSameReport(sql, memory);
  });

  it('a quantile on a few events: too few units with values, too few values for an interval', async () => {
    const store = await storeWith(thinEvents());
    const options = { experiment: BUTTON, metrics: thinMetrics, segments: ['plan'], now: NOW };
    const { memory, sql } = await both(store, engine, options);
    const p50 = metric(memory, 'p50');
    expect(p50.variants.map((v) => [v.summary.units, v.summary.total, v.summary.value])).toEqual([
      [3, 1, 5],
      [2, 3, 3],
    ]);
    expect(p50.variants[1]?.comparison).toEqual({
      status: 'not enough data',
      reason: 'control: 1 of 3 units with values (the method needs at least 5 per group)',
    });
    // Control's 3 units with values are fewer than the 5 every kind needs, which is named before
    // treatment's interval without width; both engines get there through the same check.
    const render = metric(memory, 'render').variants[1]?.comparison;
    expect(render?.status === 'not enough data' && render.reason).toBe(
      'control: 3 of 3 units with values (the method needs at least 5 per group)',
    );
    expectSameReport(sql, memory);
  });

  it('a quantile whose values are all equal in one group: an interval without width', async () => {
    const ids = [...'abcdefghij'];
    const events = ids.flatMap((id, i) => [
      exposure({ deviceID: id }, i < 5 ? 'control' : 'green', T0),
      track({ deviceID: id }, 'load', T0 + 1, Math.max(5, i)),
      track({ deviceID: id }, 'load', T0 + 2, 5),
    ]);
    const store = await storeWith(events);
    const p50: MetricDefinition = { key: 'p50', kind: 'quantile', event: 'load', quantile: 0.5 };
    const { memory, sql } = await both(store, engine, { experiment: BUTTON, metrics: [p50], now: NOW });
    const c = metric(memory, 'p50').variants[1]?.comparison;
    expect(c?.status === 'not enough data' && c.reason).toMatch(/^control: the quantile's interval has no width/);
    expectSameReport(sql, memory);
  });

  it('simulated latency and checkout funnel, per country', async () => {
    const arm = { units: 250, latency: 200, funnel: [0.6, 0.4, 0.5] as [number, number, number], daily: 0.3 };
    const data = simulateKinds({ control: arm, green: { ...arm, latency: 170, funnel: [0.6, 0.55, 0.5] } }, 21);
    const store = await storeWith([...data.exposures, ...data.events]);
    const metrics = [
      'latency:quantile:event=page_load:q=0.99:decrease',
      'median:quantile:event=page_load:q=0.5',
      'checkout:funnel:steps=view>add_to_cart>purchase:window=3h',
    ].map((spec) => parseMetricSpec(spec));
    const options = { experiment: BUTTON, metrics, segments: ['country'], now: T0 + 40 * DAY };
    const { memory, sql } = await both(store, engine, options);
    expect(metric(memory, 'latency').variants[1]?.comparison?.status).toBe('ok');
    expect(metric(memory, 'checkout').steps?.[2]?.variants[1]?.stepComparison?.status).toBe('ok');
    expect(memory.segments[0]?.values.map((v) => v.value).sort()).toEqual(['DE', 'FR']);
    expectSameReport(sql, memory);
  });
}

const dir = mkdtempSync(join(tmpdir(), 'splitkit-sqlkinds-'));
// Raw logs for the test that runs the stages on a file by itself; the parity cases open stores through ndjsonStores.
let files = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('quantile and funnel metrics in DuckDB', () => {
  const stores = ndjsonStores();
  afterAll(stores.close);
  kindCases('duckdb', stores.open);

  it('returns only a few rows per variant and segment value to Node, not the sample', async () => {
    const path = join(dir, `log-${files++}.ndjson`);
    writeEventLog(path, parityEvents(9));
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    const returned: number[] = [];
    try {
      const aggregates = await sqlAggregates(resolveOptions(kindOptions), duckdbDialect([path]), async (sql) => {
        const rows = (await connection.runAndReadAll(sql)).getRowObjectsJS();
        returned.push(rows.length);
        return rows;
      });
      expect(aggregates.metrics[5]?.variants[0]?.quantile?.values).toBeGreaterThan(300);
    } finally {
      connection.closeSync();
      db.closeSync();
    }
    // About 40 rows without the quantile (counts, window, caps, variants, 9 segment values × 2 variants); the
    // quantile adds per grouping (overall, and 3 groups of each attribute) 2 statistics and 4 order-statistic
    // rows per group: about 80 in all, against hundreds of values in its sample.
    expect(returned.reduce((a, b) => a + b, 0)).toBeLessThan(100);
  });

  it('--print-sql shows the quantile sample, its two queries and the funnel reach', async () => {
    const store = await stores.open(parityEvents(3));
    const { engine, sql } = await analysisSqlForStore(store, kindOptions);
    expect(engine).toBe('duckdb');
    expect(sql).toContain('CREATE TEMP TABLE sk_sample5 AS');
    expect(sql).toContain('CREATE TEMP TABLE sk_funnel6 AS');
    expect(sql).toContain('row_number() OVER (PARTITION BY grp, variant ORDER BY value)');
    expect(sql).toContain('-- p90: the values at the ranks L and U');
    expect(sql).toContain('sum(v.f6_2) AS f6_2_sum');
  });
});

describePostgres('quantile and funnel metrics in PostgreSQL (real server)', (url) => {
  const stores = postgresStores(url);
  afterAll(stores.close);
  kindCases('postgres', stores.open);
});
