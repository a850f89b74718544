/**
 * Engine parity on edges a seeded random search of options and data found
 * (the engines disagreed on each before): a segment shown only as `(other)`
 * with a quantile metric, `winsorize: {}`, a ratio whose numerator is its
 * denominator, and a metric whose every unit has the same fractional value
 * (PostgreSQL's var_samp leaves rounding dust where the others give 0).
 */
import { describe, expect } from 'vitest';
import type { MetricDefinition } from '../../../src/analysis/index.js';
import type { ExperimentReport } from '../../../src/analysis/index.js';
import { describePostgres } from '../../collector/support/postgres-env.js';
import { BUTTON, DAY, T0, exposure, track } from '../fixtures.js';
import { ndjsonStores, parityCases, postgresStores } from './engine-stores.js';
import type { EngineStores, ParityCase } from './engine-stores.js';
import { NOW, parityEvents, parityOptions } from './parity-fixture.js';

const comparison = (report: ExperimentReport, metric: number) => report.metrics[metric]?.variants[1]?.comparison;

/** 60 units per variant, each tracking one `load` of `value(i)` an hour after its exposure. */
function sameValueEvents(value: (i: number) => number): object[] {
  const out: object[] = [];
  for (let i = 0; i < 120; i++) {
    const units = { deviceID: `s${i}` };
    const entered = T0 + (i % 5) * DAY;
    out.push(exposure(units, i % 2 === 0 ? 'control' : 'green', entered));
    out.push(track(units, 'load', entered + 3_600_000, value(i)));
    if (i % 3 === 0) out.push(track(units, 'load', entered + 7_200_000, value(i)));
  }
  return out;
}

const cases: ParityCase[] = [
  {
    name: 'pools every value into (other) with maxSegmentValues 1, quantiles included',
    events: () => parityEvents(3),
    options: {
      experiment: BUTTON,
      metrics: [{ key: 'p50', kind: 'quantile', event: 'page_load', quantile: 0.5, role: 'primary' }],
      segments: ['country'],
      maxSegmentValues: 1,
      now: NOW,
    },
    check(memory) {
      const [other] = memory.segments[0]?.values ?? [];
      expect(memory.segments[0]?.values).toHaveLength(1);
      expect(other?.value).toBe('(other)');
      expect(other?.metrics[0]?.variants[0]?.summary.quantile?.values).toBeGreaterThan(100);
    },
  },
  {
    name: 'reads winsorize: {} (no bound) as no winsorization',
    events: () => parityEvents(5),
    options: {
      experiment: BUTTON,
      metrics: [{ key: 'revenue', kind: 'sum', event: 'purchase', winsorize: {}, role: 'primary' }],
      now: NOW,
    },
    check(memory) {
      expect(memory.metrics[0]?.measurement?.caps).toBeUndefined();
      expect(comparison(memory, 0)?.status).toBe('ok');
    },
  },
  {
    name: 'finds no variance in a ratio of an event to itself',
    events: () => sameValueEvents((i) => 100 + ((i * 37) % 50) / 7),
    options: {
      experiment: BUTTON,
      metrics: [
        {
          key: 'same',
          kind: 'ratio',
          role: 'guardrail',
          numerator: 'load',
          denominator: { event: 'load', aggregate: 'sum' },
        } satisfies MetricDefinition,
      ],
      now: NOW,
      timeline: true,
    },
    check(memory) {
      expect(comparison(memory, 0)).toMatchObject({ status: 'not enough data' });
    },
  },
  {
    name: 'finds no variance when every unit has the same fractional value',
    events: () => sameValueEvents((i) => (i % 3 === 0 ? 0.15 : 0.3)),
    options: {
      experiment: BUTTON,
      metrics: [{ key: 'load', kind: 'sum', event: 'load', role: 'primary' }],
      now: NOW,
    },
    check(memory) {
      expect(comparison(memory, 0)).toMatchObject({ status: 'not enough data' });
    },
  },
];

/**
 * Explicit JSON nulls where the in-memory analysis tells them from absent fields (a hand-written log):
 * `"value": null` is a value that is not a number, `"variant": null` a variant the experiment lacks;
 * beside them nulls it reads as absent (`time`, `units`, `attributes`, `reason`, `kind`).
 */
const explicitNulls: ParityCase = {
  name: 'tells an explicit null value or variant from an absent one, as memory does',
  events: () => {
    const out: object[] = parityEvents(11);
    for (let i = 0; i < 40; i++) {
      const units = { deviceID: `n${i}` };
      const entered = T0 + (i % 4) * DAY;
      out.push(exposure(units, i % 2 === 0 ? 'control' : 'green', entered, { attributes: null } as never));
      out.push({ ...track(units, 'purchase', entered + 1_000, 5), value: null });
      out.push({ ...track(units, 'purchase', entered + 2_000), units: null });
      if (i % 5 === 0) out.push({ ...track(units, 'page_load', entered + 3_000, 120), time: null });
      out.push({ ...exposure({ deviceID: `v${i}` }, 'control', entered), variant: null });
      if (i % 4 === 0)
        out.push({ ...exposure({ deviceID: `o${i}` }, 'green', entered), variant: null, reason: 'OVERRIDE' });
      if (i % 3 === 0) out.push({ ...exposure({ deviceID: `k${i}` }, 'green', entered), kind: null, reason: null });
    }
    return out;
  },
  options: { ...parityOptions, now: NOW },
  check(memory) {
    // parityEvents(11) holds one of each; then 40 null values, and null variants: 40 unknown, 10 forced first.
    expect(memory.invalid.events.nonNumberValue).toBe(1 + 40);
    expect(memory.exclusions.unknownVariant).toBe(1 + 40);
    expect(memory.exclusions.notRandomized).toBe(1 + 10);
  },
};

/** A label holding a NUL (the collector stores it; PostgreSQL's jsonb cannot), shown as a segment value. */
const nulLabel: ParityCase = {
  name: 'groups quantiles by a segment value holding a NUL character',
  events: () =>
    (parityEvents(9) as { type?: string; attributes?: Record<string, unknown> }[]).map((e, i) =>
      e.type === 'exposure' && i % 2 === 0 ? { ...e, attributes: { ...e.attributes, tag: 'a\u0000b' } } : e,
    ),
  options: {
    experiment: BUTTON,
    metrics: [{ key: 'p90', kind: 'quantile', event: 'page_load', quantile: 0.9, role: 'primary' }],
    segments: ['tag'],
    now: NOW,
  },
  check(memory) {
    expect(memory.segments[0]?.values.map((v) => v.value)).toContain('a\u0000b');
  },
};

function suite(engine: 'duckdb' | 'postgres', stores: () => EngineStores): void {
  parityCases(engine, stores, [...cases, explicitNulls]);
}

describe('edge cases in the duckdb engine', () => {
  suite('duckdb', ndjsonStores);
  parityCases('duckdb', ndjsonStores, [nulLabel]);
});
describePostgres('edge cases in the postgres engine (real server)', (url) =>
  suite('postgres', () => postgresStores(url)),
);
