import { describe, expect } from 'vitest';
import type { ExperimentReport } from '../../../src/analysis/index.js';
import { describePostgres } from '../../collector/support/postgres-env.js';
import { BUTTON, DAY, T0 } from '../fixtures.js';
import { ndjsonStores, parityCases, postgresStores } from './engine-stores.js';
import type { EngineStores, ParityCase } from './engine-stores.js';
import { cupedEvents, cupedOptions, timelineEvents, timelineMetricsUnderTest } from './method-fixtures.js';
import { NOW, parityEvents, parityMetrics, parityOptions } from './parity-fixture.js';

// Per day, the metric's total per variant (value × units), from a timeline's points.
const totals = (report: ExperimentReport, key: string) =>
  report.metrics
    .find((m) => m.metric.key === key)
    ?.timeline?.map((p) => p.variants.map((v) => (v.units === 0 ? 0 : Math.round(v.value * v.units * 1e6) / 1e6)));

// Every metric a decision metric, so the winsorized sum and the ratio have timelines too.
const deciding = parityMetrics.map((m) => ({ ...m, role: m.role === 'secondary' ? ('guardrail' as const) : m.role }));

const cases: ParityCase[] = [
  {
    name: 'follows linked events to their owner of each day (later links, units in two variants), ties and day ends',
    events: timelineEvents,
    options: { experiment: BUTTON, metrics: timelineMetricsUnderTest, now: T0 + 30 * DAY, timeline: true },
    check(memory) {
      expect(memory.timeline).toMatchObject({ start: T0, days: 6, truncated: false });
      // Control: A's 40 (days 2–3, until B's later link wins), C's 25 (days 2–4, then D's), first's 7 from day 3.
      expect(totals(memory, 'revenue')).toEqual([
        [0, 0],
        [65, 0],
        [72, 0],
        [32, 0],
        [32, 3],
        [32, 3],
      ]);
      const units = memory.metrics[0]?.timeline?.map((p) => p.variants.map((v) => v.units));
      expect(units).toEqual([
        [4, 0],
        [4, 0],
        [4, 0],
        [4, 1],
        [3, 1],
        [3, 1],
      ]);
      expect(totals(memory, 'clicks')?.at(-1)).toEqual([1, 0]);
    },
  },
  {
    name: 'equals per point on messy data with sequential testing: winsorized (per-day caps), ratio, segments',
    events: () => parityEvents(7),
    options: { ...parityOptions, metrics: deciding, timeline: true, sequential: true },
    check(memory) {
      expect(memory.timeline?.metrics).toHaveLength(5);
      const points = memory.metrics.flatMap((m) => m.timeline ?? []);
      const ok = points.flatMap((p) => p.comparisons.filter((c) => c.status === 'ok'));
      expect(ok.length).toBeGreaterThan(20);
      expect(ok.every((c) => c.status === 'ok' && c.alwaysValid)).toBe(true);
    },
  },
  {
    name: 'stops at maxDays with a note, within an analysis window',
    events: () => parityEvents(11),
    options: {
      ...parityOptions,
      metrics: deciding,
      from: NOW - 59 * DAY,
      to: NOW - 53 * DAY,
      timeline: { maxDays: 3 },
    },
    check(memory) {
      expect(memory.timeline).toMatchObject({ days: 3, truncated: true });
      expect(memory.notes.some((n) => n.startsWith('The timeline stops at day 3'))).toBe(true);
    },
  },
  {
    name: 'runs beside CUPED and names the metrics it skips',
    events: () => cupedEvents(3, 150),
    options: {
      ...cupedOptions,
      metrics: cupedOptions.metrics.map((m) => ({ ...m, role: 'primary' as const })),
      timeline: true,
    },
    check(memory) {
      expect(memory.timeline?.skipped).toEqual([
        { metric: 'engaged', reason: 'the timeline covers conversion, count, sum and ratio metrics' },
      ]);
      expect(memory.metrics[0]?.cuped?.status).toBe('adjusted');
      expect(memory.metrics[0]?.timeline?.length).toBeGreaterThan(5);
    },
  },
  {
    name: 'has a span but no points when every metric is secondary',
    events: () => parityEvents(5),
    options: {
      ...parityOptions,
      metrics: parityMetrics.map((m) => ({ ...m, role: 'secondary' as const })),
      timeline: true,
    },
    check(memory) {
      expect(memory.timeline).toMatchObject({ metrics: [], skipped: [] });
      expect(memory.timeline?.days).toBeGreaterThan(5);
      expect(memory.metrics.every((m) => m.timeline === undefined)).toBe(true);
    },
  },
  {
    name: 'is empty without exposures',
    events: () => parityEvents(3).filter((e) => (e as { type: string }).type !== 'exposure'),
    options: { ...parityOptions, timeline: true },
    check(memory) {
      expect(memory.units).toBe(0);
      expect(memory.timeline?.days).toBe(0);
      expect(memory.metrics[0]?.timeline).toEqual([]);
    },
  },
];

function suite(engine: 'duckdb' | 'postgres', stores: () => EngineStores): void {
  parityCases(engine, stores, cases);
}

describe('effects over time in the duckdb engine', () => suite('duckdb', ndjsonStores));
describePostgres('effects over time in the postgres engine (real server)', (url) =>
  suite('postgres', () => postgresStores(url)),
);
