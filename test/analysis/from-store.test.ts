import { describe, expect, it } from 'vitest';
import { analyzeExperiment, analyzeFromStore, inferDesign } from '../../src/analysis/index.js';
import type { MetricDefinition } from '../../src/analysis/index.js';
import type { EventQuery, EventStore } from '../../src/events/store.js';
import type { SplitkitEvent } from '../../src/events/types.js';
import { BUTTON, DAY, T0, exposure, identify, simulate, track } from './fixtures.js';

/** An in-memory store that records the queries it was asked. */
function memoryStore(events: SplitkitEvent[]): EventStore & { queries: EventQuery[] } {
  const queries: EventQuery[] = [];
  return {
    queries,
    append: () => Promise.reject(new Error('read-only')),
    async *read(query: EventQuery = {}) {
      queries.push(query);
      for (const e of events) {
        if (query.types && !query.types.includes(e.type)) continue;
        if (query.names && !query.names.includes(e.name)) continue;
        if (query.from !== undefined && e.time < query.from) continue;
        if (query.to !== undefined && e.time > query.to) continue;
        yield e;
      }
    },
    close: () => Promise.resolve(),
  };
}

const metrics: MetricDefinition[] = [
  { key: 'converted', event: 'purchase', kind: 'conversion', role: 'primary' },
  { key: 'latency', kind: 'sum', role: 'guardrail', direction: 'decrease' },
];

describe('analyzeFromStore', () => {
  const { exposures, events } = simulate(
    { control: { units: 300, conversion: 0.1, latency: 100 }, green: { units: 300, conversion: 0.2, latency: 100 } },
    21,
  );
  const links = [identify({ deviceID: exposures[0]?.units.deviceID ?? '', userID: 'u1' }, T0)];
  const extra = [track({ userID: 'u1' }, 'purchase', T0 + 8 * DAY), track({ deviceID: 'x' }, 'unrelated', T0)];
  const all: SplitkitEvent[] = [...events, ...extra, ...links, ...exposures].reverse();

  it('gives the same report as analyzeExperiment on the same events', async () => {
    const store = memoryStore(all);
    const fromStore = await analyzeFromStore(store, { experiment: BUTTON, metrics });
    // Same order as the store yields them, so floating-point sums add up identically.
    const direct = analyzeExperiment({
      experiment: BUTTON,
      exposures: all.filter((e) => e.type === 'exposure'),
      events: all.filter((e) => e.type === 'event'),
      identities: all.filter((e) => e.type === 'identify'),
      metrics,
    });
    expect(fromStore).toEqual(direct);
    expect(fromStore.events.stitched).toBe(1);
  });

  it('pushes filters into the store: this experiment, identify events, the metric events only', async () => {
    const store = memoryStore(all);
    await analyzeFromStore(store, { experiment: BUTTON, metrics, from: T0, to: T0 + 9 * DAY });
    expect(store.queries).toEqual([
      { types: ['exposure'], names: ['button_color'], from: T0, to: T0 + 9 * DAY },
      { types: ['identify'] },
      { types: ['event'], names: ['purchase', 'latency'], from: T0, to: T0 + 9 * DAY },
    ]);
  });

  it('applies the time range to exposures and events', async () => {
    const store = memoryStore(all);
    const report = await analyzeFromStore(store, { experiment: BUTTON, metrics, to: T0 + DAY });
    const expected = exposures.filter((e) => e.time <= T0 + DAY).length;
    expect(report.units).toBe(expected);
    expect(report.units).toBeLessThan(exposures.length);
  });
});

describe('inferDesign', () => {
  it('takes the sorted variants with equal weights, "control" as control and the unit named on exposures', async () => {
    const store = memoryStore([
      exposure({ deviceID: 'a', userID: 'u' }, 'zeta', T0),
      exposure({ deviceID: 'b', userID: 'v' }, 'control', T0),
      exposure({ deviceID: 'c' }, 'alpha', T0),
    ]);
    const { experiment, notes } = await inferDesign(store, 'button_color');
    expect(experiment).toEqual({
      key: 'button_color',
      unit: 'deviceID',
      control: 'control',
      variants: [
        { key: 'alpha', weight: 1 },
        { key: 'control', weight: 1 },
        { key: 'zeta', weight: 1 },
      ],
      weightsAssumed: true,
    });
    expect(notes.join(' ')).toMatch(/equal weights assumed, so the split is not checked/);
  });

  it('falls back to the first sorted variant and the unit id carried most, and honours overrides', async () => {
    const store = memoryStore([
      exposure({ userID: 'a' }, 'b', T0, { unit: undefined }),
      exposure({ userID: 'b', deviceID: 'x' }, 'a', T0, { unit: undefined }),
    ]);
    expect((await inferDesign(store, 'button_color')).experiment).toMatchObject({ unit: 'userID', control: 'a' });
    expect((await inferDesign(store, 'button_color', { unit: 'deviceID', control: 'b' })).experiment).toMatchObject({
      unit: 'deviceID',
      control: 'b',
    });
  });

  it('throws an AnalysisError with fewer than two variants', async () => {
    const store = memoryStore([exposure({ deviceID: 'a' }, 'control', T0)]);
    await expect(inferDesign(store, 'button_color')).rejects.toMatchObject({
      code: 'ANALYSIS_INPUT',
      message: expect.stringContaining('(control)'),
    });
  });
});
