/**
 * The quantile, funnel, activeDays and retention kinds: their `--metric`
 * syntax and option checks, and the behaviours of their definitions
 * (docs/analysis.md, "Metric kinds").
 */
import { describe, expect, it } from 'vitest';
import { analyzeExperiment, parseMetricSpec } from '../../src/analysis/index.js';
import type { AnalysisOptions, MetricDefinition, MetricResult } from '../../src/analysis/index.js';
import { resolveOptions } from '../../src/analysis/resolve-options.js';
import { ConfigError } from '../../src/errors/index.js';
import type { CustomEvent, ExposureEvent } from '../../src/events/types.js';
import { BUTTON, DAY, T0, exposure, track } from './fixtures.js';
import { simulateKinds } from './kinds-fixtures.js';

function specProblem(spec: string): string {
  try {
    parseMetricSpec(spec);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const issue = (error as ConfigError).issues[0];
    expect(issue?.path).toBe(spec);
    return issue?.message ?? '';
  }
  throw new Error(`expected ${spec} to fail`);
}

function issues(metrics: MetricDefinition[]): { path: string; message: string }[] {
  try {
    resolveOptions({ experiment: BUTTON, metrics } as AnalysisOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).issues];
  }
  return [];
}

describe('metric specs of the added kinds', () => {
  it('parses the four forms of the issue', () => {
    expect(parseMetricSpec('latency:quantile:event=page_load:q=0.99')).toEqual({
      key: 'latency',
      kind: 'quantile',
      role: 'secondary',
      event: 'page_load',
      quantile: 0.99,
    });
    expect(parseMetricSpec('checkout:funnel:steps=view>add_to_cart>purchase:window=7d')).toEqual({
      key: 'checkout',
      kind: 'funnel',
      role: 'secondary',
      steps: ['view', 'add_to_cart', 'purchase'],
      window: 7 * DAY,
    });
    expect(parseMetricSpec('engaged:activeDays:event=app_open:window=7d', 'primary')).toEqual({
      key: 'engaged',
      kind: 'activeDays',
      role: 'primary',
      event: 'app_open',
      window: 7 * DAY,
    });
    expect(parseMetricSpec('d7:retention:event=app_open:day=7:guardrail')).toEqual({
      key: 'd7',
      kind: 'retention',
      role: 'guardrail',
      event: 'app_open',
      day: 7,
    });
    expect(parseMetricSpec('quick:funnel:steps=a>b:window=90m').window).toBe(90 * 60_000);
    expect(parseMetricSpec('quick:funnel:steps=a>b:window=36h').window).toBe(36 * 3_600_000);
  });

  it('names the spec and the problem', () => {
    expect(specProblem('latency:quantile:event=page_load')).toMatch(/needs q=/);
    expect(specProblem('latency:quantile:q=1')).toMatch(/q must be a number between 0 and 1/);
    expect(specProblem('latency:quantile:q=abc')).toMatch(/got "abc"/);
    expect(specProblem('checkout:funnel')).toMatch(/needs steps=/);
    expect(specProblem('checkout:funnel:steps=view')).toMatch(/two or more event names/);
    expect(specProblem('checkout:funnel:steps=view>>buy')).toMatch(/two or more event names/);
    expect(specProblem('checkout:funnel:steps=a>b:window=7w')).toMatch(/window must be .* got "7w"/);
    expect(specProblem('checkout:funnel:steps=a>b:window=0d')).toMatch(/window must be/);
    expect(specProblem('checkout:funnel:steps=a>b:event=a')).toMatch(/leave out event=/);
    expect(specProblem('engaged:activeDays:event=a:window=36h')).toMatch(/whole days/);
    expect(specProblem('d7:retention:event=a')).toMatch(/needs day=/);
    expect(specProblem('d7:retention:event=a:day=0')).toMatch(/day must be a whole number of 1 or more/);
    expect(specProblem('d7:retention:event=a:day=1.5')).toMatch(/got "1.5"/);
    expect(specProblem('m:count:q=0.5')).toMatch(/q= applies to quantile metrics only/);
    expect(specProblem('m:conversion:window=7d')).toMatch(/window= applies to funnel and activeDays/);
    expect(specProblem('m:quantile:q=0.5:day=3')).toMatch(/day= applies to retention/);
    expect(specProblem('m:sum:steps=a>b')).toMatch(/steps= applies to funnel/);
  });
});

describe('options checks of the added kinds', () => {
  it('fills the activeDays window (7 days) and takes the funnel event from its first step', () => {
    const resolved = resolveOptions({
      experiment: BUTTON,
      metrics: [
        { key: 'engaged', kind: 'activeDays', event: 'app_open' },
        { key: 'checkout', kind: 'funnel', steps: ['view', 'buy'] },
      ],
    });
    expect(resolved.metrics[0]).toMatchObject({ window: 7 * DAY, event: 'app_open' });
    expect(resolved.metrics[1]).toMatchObject({ steps: ['view', 'buy'], event: 'view' });
    expect(resolved.metrics[1]?.window).toBeUndefined();
  });

  it('names the exact path of every problem', () => {
    const found = issues([
      { key: 'a', kind: 'quantile' },
      { key: 'b', kind: 'quantile', quantile: 1 },
      { key: 'c', kind: 'funnel', steps: ['only'] },
      { key: 'd', kind: 'funnel', steps: ['x', ''], window: -5 },
      { key: 'e', kind: 'activeDays', window: DAY + 1 },
      { key: 'f', kind: 'retention' },
      { key: 'g', kind: 'retention', day: 2.5 },
      { key: 'h', kind: 'count', quantile: 0.5, steps: ['x', 'y'], window: DAY, day: 3 },
      { key: 'i', kind: 'funnel', steps: ['x', 'y'], event: 'x' },
    ]);
    const paths = found.map((i) => i.path);
    expect(paths).toEqual([
      'metrics[0].quantile',
      'metrics[1].quantile',
      'metrics[2].steps',
      'metrics[3].steps[1]',
      'metrics[3].window',
      'metrics[4].window',
      'metrics[5].day',
      'metrics[6].day',
      'metrics[7].quantile',
      'metrics[7].steps',
      'metrics[7].window',
      'metrics[7].day',
      'metrics[8].event',
    ]);
    expect(found[5]?.message).toMatch(/whole number of days/);
    expect(found[8]?.message).toBe('only quantile metrics have a quantile');
  });
});

function run(
  exposures: ExposureEvent[],
  events: CustomEvent[],
  metrics: MetricDefinition[],
  extra: Partial<AnalysisOptions> = {},
) {
  return analyzeExperiment({ experiment: BUTTON, exposures, events, metrics, now: T0 + 60 * DAY, ...extra });
}

function unitValue(result: MetricResult | undefined, variant = 0) {
  return result?.variants[variant]?.summary;
}

describe('funnel definition', () => {
  it('a step repeating the step before needs a later occurrence, also when many events arrive out of order', () => {
    // 40 views in reverse time order (the per-unit candidates are pruned as they arrive) and a unit with one view.
    const exposures = ['many', 'one'].map((id, i) => exposure({ deviceID: id }, i === 0 ? 'control' : 'green', T0));
    const events = [
      ...[...Array(40).keys()].map((i) => track({ deviceID: 'many' }, 'view', T0 + (40 - i) * 1000)),
      track({ deviceID: 'one' }, 'view', T0 + 5),
    ];
    const steps = ['view', 'view', 'view', 'view'];
    const report = run(exposures, events, [{ key: 'f', kind: 'funnel', steps }]);
    expect(report.metrics[0]?.steps?.map((s) => s.variants.map((v) => v.reached))).toEqual([
      [1, 1],
      [1, 0],
      [1, 0],
      [1, 0],
    ]);
  });

  const units = { deviceID: 'u' };
  const enter = exposure(units, 'control', T0);
  const funnel: MetricDefinition = { key: 'f', kind: 'funnel', steps: ['view', 'cart', 'buy'], window: DAY };
  const reached = (events: CustomEvent[], metric = funnel) =>
    run([enter], events, [metric]).metrics[0]?.steps?.map((s) => s.variants[0]?.reached);

  it('needs the steps in order: a step before the previous one does not count', () => {
    expect(reached([track(units, 'cart', T0 + 1), track(units, 'view', T0 + 2), track(units, 'buy', T0 + 3)])).toEqual([
      1, 0, 0,
    ]);
    expect(reached([track(units, 'view', T0 + 1), track(units, 'cart', T0 + 2), track(units, 'buy', T0 + 3)])).toEqual([
      1, 1, 1,
    ]);
  });

  it('allows ties and takes the earliest step time at or after the previous one', () => {
    expect(reached([track(units, 'view', T0 + 5), track(units, 'cart', T0 + 5), track(units, 'buy', T0 + 5)])).toEqual([
      1, 1, 1,
    ]);
    // cart at +3 precedes the earliest view (+4): only the cart at +9 counts, and buy at +6 is then too early.
    expect(
      reached([
        track(units, 'view', T0 + 4),
        track(units, 'cart', T0 + 3),
        track(units, 'cart', T0 + 9),
        track(units, 'buy', T0 + 6),
      ]),
    ).toEqual([1, 1, 0]);
  });

  it('counts only steps within the window after exposure, and none before exposure', () => {
    expect(reached([track(units, 'view', T0 - 1), track(units, 'cart', T0 + 1), track(units, 'buy', T0 + 2)])).toEqual([
      0, 0, 0,
    ]);
    expect(
      reached([track(units, 'view', T0 + 1), track(units, 'cart', T0 + DAY), track(units, 'buy', T0 + DAY + 1)]),
    ).toEqual([1, 1, 0]);
    expect(
      reached([track(units, 'view', T0 + 1), track(units, 'cart', T0 + 2 * DAY)], { ...funnel, window: undefined }),
    ).toEqual([1, 1, 0]);
  });

  it('gives the same answer whatever the order events arrive in (pruning keeps the earliest candidates)', () => {
    const events: CustomEvent[] = [];
    // Many repeats of every step, so the per-unit candidate lists are compacted several times.
    for (let i = 0; i < 200; i++) {
      events.push(track(units, 'view', T0 + 1000 + ((i * 37) % 200) * 100));
      events.push(track(units, 'cart', T0 + ((i * 53) % 200) * 90));
      events.push(track(units, 'buy', T0 + ((i * 71) % 200) * 60));
    }
    const sorted = [...events].sort((a, b) => a.time - b.time);
    const reversed = [...sorted].reverse();
    const expected = reached(sorted);
    expect(expected).toEqual([1, 1, 1]);
    expect(reached(events)).toEqual(expected);
    expect(reached(reversed)).toEqual(expected);
    // The last step at or after the cart found after the first view (1000 ms): buy must exist at >= that cart.
    expect(reached(events.filter((e) => e.name !== 'buy' || e.time < T0 + 1000))).toEqual([1, 1, 0]);
  });

  it('a step event name may repeat (view > cart > view)', () => {
    const metric: MetricDefinition = { key: 'f', kind: 'funnel', steps: ['view', 'cart', 'view'] };
    expect(reached([track(units, 'view', T0 + 1), track(units, 'cart', T0 + 2)], metric)).toEqual([1, 1, 0]);
    expect(
      reached([track(units, 'view', T0 + 1), track(units, 'cart', T0 + 2), track(units, 'view', T0 + 3)], metric),
    ).toEqual([1, 1, 1]);
  });
});

describe('activeDays and retention definitions', () => {
  const a = { deviceID: 'a' };
  const b = { deviceID: 'b' };
  const engaged: MetricDefinition = { key: 'e', kind: 'activeDays', event: 'open', window: 3 * DAY };
  const d2: MetricDefinition = { key: 'r', kind: 'retention', event: 'open', day: 2 };

  it('counts distinct days from exposure in the window, and events per unit-day', () => {
    const report = run(
      [exposure(a, 'control', T0 + 1000)],
      // day 0 twice, day 2, day 3 (outside a 3-day window)
      [
        track(a, 'open', T0 + 1000),
        track(a, 'open', T0 + 5000),
        track(a, 'open', T0 + 1000 + 2 * DAY),
        track(a, 'open', T0 + 1000 + 3 * DAY),
      ],
      [engaged, d2],
      { to: T0 + 10 * DAY },
    );
    expect(unitValue(report.metrics[0])).toMatchObject({
      units: 1,
      value: 2 / 3,
      eligibleUnits: 1,
      enrolledUnits: 1,
      eventsPerUnitDay: 1,
    });
    expect(unitValue(report.metrics[1])).toMatchObject({ units: 1, value: 1, total: 1 });
  });

  it('a day index is floor((t − entered) / day): the day boundary is exposure + 24 h, not midnight', () => {
    const report = run(
      [exposure(a, 'control', T0 + 12 * 3_600_000)],
      [track(a, 'open', T0 + 12 * 3_600_000 + 2 * DAY - 1)],
      [d2],
      { to: T0 + 10 * DAY },
    );
    expect(unitValue(report.metrics[0])).toMatchObject({ units: 1, total: 0 });
  });

  it('compares only units whose days are complete by `to`, else by the latest time read', () => {
    const exposures = [exposure(a, 'control', T0), exposure(b, 'control', T0 + 2 * DAY)];
    const events = [track(a, 'open', T0 + 2 * DAY), track(b, 'open', T0 + 4 * DAY)];
    // to = T0 + 3 d: a's 3 days are complete (T0 + 3 d <= to), b's are not; retention day 2 needs entered + 3 d.
    const bounded = run(exposures, events, [engaged, d2], { to: T0 + 3 * DAY });
    expect(unitValue(bounded.metrics[0])).toMatchObject({ units: 1, eligibleUnits: 1, enrolledUnits: 2 });
    expect(unitValue(bounded.metrics[1])).toMatchObject({ units: 1, total: 1 });
    expect(bounded.metrics[0]?.measurement?.eligibilityEnd).toBe(T0 + 3 * DAY);
    // No `to`: the end is the latest valid time read, here b's event at T0 + 4 d (any metric event, counted or not).
    const open = run(exposures, [...events, track({ deviceID: 'nobody' }, 'open', T0 + 5 * DAY)], [engaged, d2]);
    expect(open.metrics[0]?.measurement?.eligibilityEnd).toBe(T0 + 5 * DAY);
    expect(unitValue(open.metrics[0])).toMatchObject({ units: 2, eligibleUnits: 2 });
    // Both open on their day 2 (a at T0 + 2 d, b at T0 + 4 d).
    expect(unitValue(open.metrics[1])).toMatchObject({ units: 2, total: 2 });
    // Invalid events do not stretch the end.
    const future = run(exposures, [...events, track(a, 'open', T0 + 400 * DAY)], [engaged]);
    expect(future.metrics[0]?.measurement?.eligibilityEnd).toBe(T0 + 4 * DAY);
    expect(future.invalid.events.futureTime).toBe(1);
  });

  it('says when too few units are eligible', () => {
    const exposures = ['a', 'b', 'c', 'd'].map((id, i) => exposure({ deviceID: id }, i % 2 ? 'green' : 'control', T0));
    const report = run(exposures, [], [d2], { to: T0 + DAY });
    expect(report.metrics[0]?.variants[1]?.summary).toMatchObject({ units: 0, eligibleUnits: 0, enrolledUnits: 2 });
    const c = report.metrics[0]?.variants[1]?.comparison;
    expect(c?.status === 'not enough data' && c.reason).toBe(
      'control: 0 of 0 units converted (the method needs at least 5 converted and 5 not converted per group) (counting only units whose days are complete)',
    );
  });
});

describe('quantile metrics with thin data', () => {
  it('reads "not enough data" with the reason when a group has fewer than 5 units with values', () => {
    // Control has enough values (20 units) for its interval; green has one unit with values.
    const controls = [...Array(20).keys()].map((i) => `a${i}`);
    const exposures = [...controls, 'c', 'd'].map((id) =>
      exposure({ deviceID: id }, id.startsWith('a') ? 'control' : 'green', T0),
    );
    const events = [
      ...controls.map((id, i) => track({ deviceID: id }, 'load', T0 + 1, 10 + i)),
      track({ deviceID: 'c' }, 'load', T0 + 1, 30),
      track({ deviceID: 'c' }, 'load', T0 + 2, 40),
    ];
    const report = run(exposures, events, [{ key: 'p50', kind: 'quantile', event: 'load', quantile: 0.5 }]);
    expect(report.metrics[0]?.variants[0]?.summary.quantile?.ci).toEqual([14, 24]);
    const row = report.metrics[0]?.variants[1];
    expect(row?.summary).toMatchObject({ units: 2, value: 30, total: 2 });
    expect(row?.comparison).toEqual({
      status: 'not enough data',
      reason: 'green: 1 of 2 units with values (the method needs at least 5 per group)',
    });
  });

  // Without the check these printed a significant difference (p = 0.006) and a control P99 interval [48, 49]
  // that was rank rounding alone: the share of values at or below a sample maximum never varies.
  it('reads "not enough data" when the quantile is the largest of too few values (P99 of 5 and of 50)', () => {
    for (const perGroup of [5, 50]) {
      const ids = [...Array(2 * perGroup).keys()];
      const exposures = ids.map((i) => exposure({ deviceID: `q${i}` }, i < perGroup ? 'control' : 'green', T0));
      const events = ids.map((i) =>
        track({ deviceID: `q${i}` }, 'load', T0 + 1, (i % perGroup) + (i < perGroup ? 0 : 1)),
      );
      const report = run(exposures, events, [{ key: 'p99', kind: 'quantile', event: 'load', quantile: 0.99 }]);
      const [control, green] = report.metrics[0]?.variants ?? [];
      expect(control?.summary.quantile, `${perGroup}`).toBeUndefined();
      expect(control?.summary.value).toBe(perGroup - 1);
      expect(green?.comparison, `${perGroup}`).toEqual({
        status: 'not enough data',
        reason: `control: the share of its ${perGroup} value(s) at or below the quantile does not vary between units, so the interval has nothing to go on`,
      });
    }
  });

  it('reads "not enough data" when an end of the interval would lie beyond the sample (P95 of 50 values)', () => {
    const ids = [...Array(100).keys()];
    const exposures = ids.map((i) => exposure({ deviceID: `r${i}` }, i < 50 ? 'control' : 'green', T0));
    const events = ids.map((i) => track({ deviceID: `r${i}` }, 'load', T0 + 1, 100 + (i % 50) + (i < 50 ? 0 : 5)));
    const report = run(exposures, events, [{ key: 'p95', kind: 'quantile', event: 'load', quantile: 0.95 }]);
    const c = report.metrics[0]?.variants[1]?.comparison;
    expect(c?.status === 'not enough data' && c.reason).toBe(
      "control: 50 value(s) are too few for this quantile's interval (its upper end at rank 51 of 50 lies beyond the sample)",
    );
  });

  it('reads "not enough data" when an interval has no width (all values equal)', () => {
    const ids = [...'abcdefghij'];
    const exposures = ids.map((id, i) => exposure({ deviceID: id }, i < 5 ? 'control' : 'green', T0));
    const events = ids.flatMap((id, i) => [
      track({ deviceID: id }, 'load', T0 + 1, Math.max(5, i)),
      track({ deviceID: id }, 'load', T0 + 2, 5),
    ]);
    const report = run(exposures, events, [{ key: 'p50', kind: 'quantile', event: 'load', quantile: 0.5 }]);
    const c = report.metrics[0]?.variants[1]?.comparison;
    expect(c?.status).toBe('not enough data');
    expect(c?.status === 'not enough data' && c.reason).toMatch(/^control: the quantile's interval has no width/);
  });

  it('reads "not enough data" below 5 units with values per group, as every other kind (a SHIP from 4 units)', () => {
    // Audit 18f #6 (d12): 2 units per variant with 50 page loads each gave "significantly better, p = 2.0e-93".
    const exposures: ExposureEvent[] = [];
    const events: CustomEvent[] = [];
    for (const [variant, base] of [
      ['control', 200],
      ['green', 150],
    ] as const) {
      for (let u = 0; u < 2; u++) {
        const units = { deviceID: `${variant}${u}` };
        exposures.push(exposure(units, variant, T0));
        for (let k = 0; k < 50; k++)
          events.push(track(units, 'load', T0 + 1000 + k, base + ((k * 7 + u * 3) % 21) - 10));
      }
    }
    const p50: MetricDefinition = {
      key: 'p50',
      kind: 'quantile',
      event: 'load',
      quantile: 0.5,
      role: 'primary',
      direction: 'decrease',
    };
    const report = run(exposures, events, [p50]);
    expect(report.metrics[0]?.variants[1]?.comparison).toEqual({
      status: 'not enough data',
      reason: 'control: 2 of 2 units with values (the method needs at least 5 per group)',
    });
    expect(report.verdict.decision).toBe('inconclusive');
  });
});

describe('segments of the added kinds', () => {
  it('compares each kind within every segment value, on the segment units only', () => {
    const exposures: ExposureEvent[] = [];
    const events: CustomEvent[] = [];
    for (let i = 0; i < 40; i++) {
      const units = { deviceID: `s${i}` };
      const country = i % 4 < 2 ? 'DE' : 'FR';
      exposures.push(exposure(units, i % 2 ? 'green' : 'control', T0, { attributes: { country } }));
      events.push(track(units, 'load', T0 + 1, 10 + i), track(units, 'load', T0 + 2, 50 + ((i * 7) % 13)));
      if (country === 'DE' || i % 3 === 0) events.push(track(units, 'view', T0 + 3));
      if (i % 5 !== 0) events.push(track(units, 'open', T0 + 2 * DAY + 5));
    }
    const metrics: MetricDefinition[] = [
      { key: 'p50', kind: 'quantile', event: 'load', quantile: 0.5 },
      { key: 'f', kind: 'funnel', steps: ['view', 'open'] },
      { key: 'e', kind: 'activeDays', event: 'open', window: 3 * DAY },
      { key: 'r', kind: 'retention', event: 'open', day: 2 },
    ];
    const report = run(exposures, events, metrics, { segments: ['country'], to: T0 + 5 * DAY });
    const [de, fr] = report.segments[0]?.values ?? [];
    expect([de?.value, fr?.value]).toEqual(['DE', 'FR']);
    for (const segment of [de, fr]) {
      const byKey = Object.fromEntries(segment?.metrics.map((m) => [m.metric.key, m]) ?? []);
      expect(byKey.p50?.variants.map((v) => v.summary.units)).toEqual([10, 10]);
      expect(byKey.p50?.variants.map((v) => v.summary.total)).toEqual([20, 20]);
      expect(byKey.e?.variants.map((v) => v.summary.eligibleUnits)).toEqual([10, 10]);
      // Step rows are the overall metric's only.
      expect(byKey.f?.steps).toBeUndefined();
    }
    const deFunnel = de?.metrics[1]?.variants.map((v) => v.summary.value);
    expect(deFunnel).toEqual([0.8, 0.8]);
    const frFunnel = fr?.metrics[1]?.variants.map((v) => v.summary.total);
    expect(frFunnel?.reduce((x, y) => x + y, 0)).toBeLessThan(16);
  });
});

describe('honest rows of the added kinds', () => {
  const specs = [
    'latency:quantile:event=page_load:q=0.9:decrease',
    'checkout:funnel:steps=view>add_to_cart>purchase:window=7d',
    'engaged:activeDays:event=app_open:window=7d',
    'd7:retention:event=app_open:day=7',
  ];

  // Green's latency falls by `latencyStep` ms and its second funnel step rises by `funnelStep` per seed.
  const kindsReport = (
    seed: number,
    latencyStep: number,
    funnelStep: number,
    options: { sequential?: boolean } = {},
  ) => {
    const base = { units: 150, latency: 200, funnel: [0.6, 0.4, 0.5] as [number, number, number], daily: 0.3 };
    const treated = {
      ...base,
      latency: 200 - latencyStep * seed,
      funnel: [0.6, 0.4 + funnelStep * seed, 0.5] as [number, number, number],
    };
    const { exposures, events } = simulateKinds({ control: base, green: treated }, seed);
    return analyzeExperiment({
      experiment: BUTTON,
      exposures,
      events,
      metrics: specs.map((s) => parseMetricSpec(s)),
      now: T0 + 40 * DAY,
      ...options,
    });
  };

  it('significant exactly when both intervals exclude no change, for every comparison and step row', () => {
    let checked = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const report = kindsReport(seed, 4, 0.01);
      const comparisons = report.metrics.flatMap((m) => [
        ...m.variants.map((v) => v.comparison),
        ...(m.steps ?? []).flatMap((s) => s.variants.flatMap((v) => [v.comparison, v.stepComparison])),
      ]);
      for (const c of comparisons) {
        if (c?.status !== 'ok') continue;
        checked++;
        const excludes = (ci: [number, number], at: number) => ci[0] > at || ci[1] < at;
        expect(excludes(c.ci, 0)).toBe(c.significant);
        expect(excludes(c.relativeCi, 0)).toBe(c.significant);
        expect(c.significant).toBe(c.pValue < 0.05);
        // (Benjamini–Hochberg computes p·m/rank, which may round one ulp below p.)
        expect(c.adjustedPValue).toBeGreaterThanOrEqual(c.pValue * (1 - 1e-12));
        if (c.outcome !== 'neutral') expect(c.significant).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(12 * 8);
  });

  it('with sequential testing, decides every kind by its always-valid interval', () => {
    const kinds = new Set<string>();
    for (let seed = 1; seed <= 6; seed++) {
      const report = kindsReport(seed, 8, 0.02, { sequential: true });
      for (const m of report.metrics) {
        const c = m.variants[1]?.comparison;
        if (c?.status !== 'ok') continue;
        kinds.add(m.metric.kind);
        expect(c.sequential, m.metric.key).toBeDefined();
        if (c.sequential === undefined) continue;
        const excludes = (ci: [number, number]) => ci[0] > 0 || ci[1] < 0;
        expect(c.significant).toBe(c.sequential.pValue < 0.05);
        expect(excludes(c.sequential.ci)).toBe(c.significant);
        // The always-valid interval is wider than the fixed-horizon one at the same look.
        expect(c.sequential.ci[1] - c.sequential.ci[0]).toBeGreaterThan(c.ci[1] - c.ci[0]);
      }
    }
    expect([...kinds].sort()).toEqual(['activeDays', 'funnel', 'quantile', 'retention']);
  });
});
