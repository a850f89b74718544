import { describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../../src/analysis/index.js';
import type { AnalyzeExperimentInput, ExperimentReport, MetricDefinition } from '../../src/analysis/index.js';
import type { TimelineComparison } from '../../src/analysis/timeline-result.js';
import type { CustomEvent, ExposureEvent, IdentifyEvent } from '../../src/events/types.js';
import { resolveOptions } from '../../src/analysis/resolve-options.js';
import { AnalysisRun } from '../../src/analysis/run.js';
import { BUTTON, DAY, T0, exposure, identify, seededRandom, track } from './fixtures.js';

const METRICS: MetricDefinition[] = [
  { key: 'purchase', kind: 'conversion', role: 'primary' },
  { key: 'revenue', event: 'purchase', kind: 'sum', role: 'guardrail', winsorize: { upper: 0.95 } },
  { key: 'per_view', kind: 'ratio', numerator: 'purchase', denominator: { event: 'view', aggregate: 'count' } },
  { key: 'views', event: 'view', kind: 'count', role: 'secondary' },
];
/** Without the cap, for the small cases whose values are read one by one. */
const PLAIN: MetricDefinition[] = [
  { key: 'purchase', kind: 'conversion', role: 'primary' },
  { key: 'spent', event: 'purchase', kind: 'sum', role: 'guardrail' },
];
const NOW = T0 + 400 * DAY;

/** A lift that decays: green converts far better on the first days, barely after. Values are whole numbers, so sums are exact in any order. */
function dataset(seed: number, days: number, unitsPerDay: number) {
  const random = seededRandom(seed);
  const exposures: ExposureEvent[] = [];
  const events: CustomEvent[] = [];
  const identities: IdentifyEvent[] = [];
  let n = 0;
  for (let day = 0; day < days; day++) {
    for (let k = 0; k < unitsPerDay; k++) {
      const deviceID = `d${n++}`;
      const variant = random() < 0.5 ? 'control' : 'green';
      const entered = T0 + day * DAY + Math.floor(random() * DAY);
      exposures.push(exposure({ deviceID }, variant, entered));
      // A repeat exposure a day later, as apps log them.
      exposures.push(exposure({ deviceID }, variant, entered + DAY));
      // An event before the unit's exposure never counts.
      if (random() < 0.1) events.push(track({ deviceID }, 'purchase', entered - 1000, 7));
      const rate = variant === 'green' ? 0.1 + 0.3 * Math.exp(-day / 2) : 0.1;
      const views = 1 + Math.floor(random() * 3);
      for (let v = 0; v < views; v++)
        events.push(track({ deviceID }, 'view', entered + Math.floor(random() * 3 * DAY)));
      if (random() < rate) {
        const at = entered + Math.floor(random() * 2 * DAY);
        const value = 10 + Math.floor(random() * 50);
        if (random() < 0.3) {
          // Tracked by user id; the login that links it may come days later.
          const userID = `u${n}`;
          identities.push(identify({ deviceID, userID }, at + Math.floor(random() * 3 * DAY)));
          events.push(track({ userID }, 'purchase', at, value));
        } else events.push(track({ deviceID }, 'purchase', at, value));
      }
    }
  }
  return { exposures, events, identities };
}

type Data = ReturnType<typeof dataset>;

function analyze(data: Data, extra: Partial<AnalyzeExperimentInput> = {}): ExperimentReport {
  return analyzeExperiment({ experiment: BUTTON, metrics: METRICS, now: NOW, ...data, ...extra });
}

/** Day D's point recomputed from scratch: the whole analysis with `to` at the day's end. */
function bruteForce(data: Data, end: number, metric: string, metrics: MetricDefinition[]) {
  const report = analyze(data, { to: end, metrics });
  const result = report.metrics.find((m) => m.metric.key === metric);
  return {
    variants: result?.variants.map((row) => ({
      variant: row.variant,
      units: row.summary.units,
      value: row.summary.value,
    })),
    comparisons: result?.variants.flatMap((row): TimelineComparison[] => {
      const c = row.comparison;
      if (c === undefined) return [];
      if (c.status !== 'ok') return [{ variant: row.variant, status: c.status, reason: c.reason }];
      const { difference, ci, relativeLift, relativeCi, pValue } = c;
      return [
        {
          variant: row.variant,
          status: c.status,
          difference,
          ci,
          relativeLift,
          relativeCi,
          pValue,
          alwaysValid: false,
        },
      ];
    }),
  };
}

function expectMatchesBruteForce(data: Data, report: ExperimentReport, metrics = METRICS) {
  let checked = 0;
  for (const result of report.metrics) {
    for (const point of result.timeline ?? []) {
      const expected = bruteForce(data, point.end, result.metric.key, metrics);
      expect(
        { variants: point.variants, comparisons: point.comparisons },
        `${result.metric.key} day ${point.day}`,
      ).toEqual(expected);
      checked++;
    }
  }
  return checked;
}

describe('effects over time', () => {
  it('gives each day the exact comparison of the analysis cut at that day', () => {
    const data = dataset(7, 6, 60);
    const report = analyze(data, { timeline: true });
    const checked = expectMatchesBruteForce(data, report);
    // The decision metrics (primary and guardrail; secondary ones have none), one point a day each.
    expect(report.timeline?.metrics).toEqual(['purchase', 'revenue']);
    expect(report.timeline?.days).toBeGreaterThanOrEqual(8);
    expect(checked).toBe(2 * (report.timeline?.days ?? 0));
    // Stitching, events before exposure and the later days are all exercised.
    expect(report.events.stitched).toBeGreaterThan(5);
    expect(report.events.beforeExposure).toBeGreaterThan(5);
  });

  it('ends on the final comparison', () => {
    const data = dataset(11, 5, 80);
    const report = analyze(data, { timeline: true });
    const last = report.metrics[0]?.timeline?.at(-1);
    const final = report.metrics[0]?.variants[1]?.comparison;
    expect(final?.status).toBe('ok');
    if (final?.status !== 'ok') return;
    expect(last?.comparisons[0]).toMatchObject({
      status: 'ok',
      difference: final.difference,
      ci: final.ci,
      relativeCi: final.relativeCi,
      pValue: final.pValue,
      alwaysValid: false,
    });
  });

  it('shows the always-valid interval on every day when sequential testing is on', () => {
    const data = dataset(11, 5, 80);
    const report = analyze(data, { timeline: true, sequential: true });
    const points = report.metrics[0]?.timeline ?? [];
    const final = report.metrics[0]?.variants[1]?.comparison;
    expect(final?.status === 'ok' && final.sequential).toBeTruthy();
    if (final?.status !== 'ok' || final.sequential === undefined) return;
    expect(points.at(-1)?.comparisons[0]).toMatchObject({
      status: 'ok',
      difference: final.difference,
      ci: final.sequential.ci,
      relativeCi: final.sequential.relativeCi,
      pValue: final.sequential.pValue,
      alwaysValid: true,
    });
    const fixed = analyze(data, { timeline: true }).metrics[0]?.timeline ?? [];
    let wider = 0;
    points.forEach((p, i) => {
      const [a, b] = [p.comparisons[0], fixed[i]?.comparisons[0]];
      if (a?.status === 'ok' && b?.status === 'ok') {
        expect(a.alwaysValid).toBe(true);
        expect(a.ci[1] - a.ci[0]).toBeGreaterThan(b.ci[1] - b.ci[0]);
        wider++;
      }
    });
    expect(wider).toBeGreaterThan(1);
  });

  it('shows the novelty effect decaying', () => {
    const report = analyze(dataset(3, 10, 300), { timeline: true });
    const lifts = (report.metrics[0]?.timeline ?? []).map((p) => {
      const c = p.comparisons[0];
      return c?.status === 'ok' ? c.relativeLift : Number.NaN;
    });
    const first = lifts.find(Number.isFinite) ?? 0;
    expect(first).toBeGreaterThan(1);
    expect(lifts.at(-1)).toBeLessThan(first / 2);
  });

  it('reads "not enough data" on thin early days instead of an interval', () => {
    const report = analyze(dataset(5, 4, 12), { timeline: true });
    const day1 = report.metrics[0]?.timeline?.[0];
    expect(day1?.comparisons[0]).toMatchObject({ variant: 'green', status: 'not enough data' });
    expect(day1?.comparisons[0]).not.toHaveProperty('ci');
  });

  it('keeps one day when everything happens within 24 hours', () => {
    const exposures = [exposure({ deviceID: 'a' }, 'control', T0), exposure({ deviceID: 'b' }, 'green', T0 + 5)];
    const events = [track({ deviceID: 'b' }, 'purchase', T0 + DAY)];
    const report = analyzeExperiment({
      experiment: BUTTON,
      metrics: METRICS,
      now: NOW,
      exposures,
      events,
      timeline: true,
    });
    expect(report.timeline).toMatchObject({ start: T0, days: 1, truncated: false });
    const day = report.metrics[0]?.timeline?.[0];
    expect(day).toMatchObject({ day: 1, end: T0 + DAY, date: '2024-05-02' });
    expect(day?.variants.map((v) => v.units)).toEqual([1, 1]);
  });

  it('carries days without events (gaps) and counts units entering on them', () => {
    const exposures = [
      exposure({ deviceID: 'a' }, 'control', T0),
      exposure({ deviceID: 'b' }, 'green', T0 + 3 * DAY + 1),
    ];
    const events = [
      track({ deviceID: 'a' }, 'purchase', T0 + 10, 4),
      track({ deviceID: 'b' }, 'purchase', T0 + 6 * DAY, 9),
    ];
    const data = { exposures, events, identities: [] };
    const report = analyze(data, { timeline: true, metrics: PLAIN });
    const points = report.metrics[1]?.timeline ?? [];
    expect(points.map((p) => p.day)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(points.map((p) => p.variants.map((v) => v.units))).toEqual([
      [1, 0],
      [1, 0],
      [1, 0],
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    expect(points.map((p) => p.variants[1]?.value)).toEqual([Number.NaN, Number.NaN, Number.NaN, 0, 0, 9]);
    expectMatchesBruteForce(data, report, PLAIN);
  });

  it('moves a stitched event to the unit that enrolls later and wins the link', () => {
    // u1 logged in on d1 (day 1), then on d2 (day 2); d2 enters the experiment only on day 4.
    // The purchase on day 3 goes to d1 while d2 is not enrolled, then to d2, for which it is before exposure.
    const exposures = [
      exposure({ deviceID: 'd1' }, 'control', T0),
      exposure({ deviceID: 'x' }, 'green', T0),
      exposure({ deviceID: 'd2' }, 'green', T0 + 3 * DAY + 5),
    ];
    const identities = [
      identify({ deviceID: 'd1', userID: 'u1' }, T0 + 10),
      identify({ deviceID: 'd2', userID: 'u1' }, T0 + DAY + 10),
    ];
    const events = [
      track({ userID: 'u1' }, 'purchase', T0 + 2 * DAY + 10, 5),
      track({ deviceID: 'x' }, 'purchase', T0 + 4 * DAY, 1),
    ];
    const data = { exposures, events, identities };
    const report = analyze(data, { timeline: true, metrics: PLAIN });
    const control = (report.metrics[1]?.timeline ?? []).map((p) => p.variants[0]?.value);
    expect(control).toEqual([0, 0, 5, 0]);
    expect(expectMatchesBruteForce(data, report, PLAIN)).toBe(8);
  });

  it('keeps a unit until the day a second variant shows up', () => {
    const exposures = [
      exposure({ deviceID: 'a' }, 'control', T0),
      exposure({ deviceID: 'b' }, 'green', T0 + 1),
      exposure({ deviceID: 'b' }, 'control', T0 + 2 * DAY + 1),
    ];
    const events = [track({ deviceID: 'b' }, 'purchase', T0 + 3 * DAY)];
    const data = { exposures, events, identities: [] };
    const report = analyze(data, { timeline: true });
    expect((report.metrics[0]?.timeline ?? []).map((p) => p.variants[1]?.units)).toEqual([1, 1, 0]);
    expect(report.exclusions.multipleVariants).toBe(1);
    expectMatchesBruteForce(data, report);
  });

  it('stops at maxDays and says so', () => {
    const data = dataset(9, 6, 20);
    const report = analyze(data, { timeline: { maxDays: 3 } });
    expect(report.timeline).toMatchObject({ days: 3, maxDays: 3, truncated: true });
    expect(report.metrics[0]?.timeline).toHaveLength(3);
    expect(report.notes.join(' ')).toContain('The timeline stops at day 3');
    expectMatchesBruteForce(data, report);
  });

  it('keeps one cell per unit and day, however many events', () => {
    const exposures = [exposure({ deviceID: 'a' }, 'control', T0), exposure({ deviceID: 'b' }, 'green', T0)];
    const events = Array.from({ length: 6000 }, (_, i) =>
      track({ deviceID: i % 2 ? 'a' : 'b' }, 'purchase', T0 + (i % 3) * DAY + 1, 1),
    );
    const run = new AnalysisRun(resolveOptions({ experiment: BUTTON, metrics: PLAIN, now: NOW, timeline: true }));
    for (const e of exposures) run.addExposure(e);
    for (const e of events) run.addEvent(e);
    const cells = (run as unknown as { timeline: { cellRow: Map<number, number> } }).timeline.cellRow;
    // 2 units × 3 days with events.
    expect(cells.size).toBe(6);
    expect(
      run
        .report()
        .metrics[1]?.timeline?.at(-1)
        ?.variants.map((v) => v.value),
    ).toEqual([3000, 3000]);
  });

  it('is off by default and checks its option', () => {
    expect(analyze(dataset(1, 2, 10)).timeline).toBeUndefined();
    expect(() => analyze(dataset(1, 2, 10), { timeline: { maxDays: 0 } })).toThrow(/timeline\.maxDays/);
  });
});
