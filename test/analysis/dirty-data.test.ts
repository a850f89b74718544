import { describe, expect, it } from 'vitest';
import { NO_SEGMENT_VALUE, analyzeExperiment } from '../../src/analysis/index.js';
import type { MetricDefinition } from '../../src/analysis/index.js';
import type { CustomEvent, IdentifyEvent } from '../../src/events/types.js';
import { MAX_EVENT_VALUE } from '../../src/analysis/validity.js';
import { renderTerminalReport } from '../../src/report/terminal.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { formatCount } from '../../src/report/format.js';
import { BUTTON, DAY, T0, exposure, seededRandom, track } from './fixtures.js';

// Stored data the collector accepted before it checked values and times: the analysis must
// count and report it, never coerce it (issue 10, "Analysis on dirty data").

const revenue: MetricDefinition = { key: 'revenue', kind: 'sum', role: 'primary' };
const NOW = T0 + 30 * DAY;

function clean(units = 200) {
  const random = seededRandom(8);
  const exposures = [...Array(units).keys()].map((i) =>
    exposure({ deviceID: `d${i}` }, i % 2 === 0 ? 'control' : 'green', T0 + i * 60_000),
  );
  const events = exposures.map((e, i) => track(e.units, 'revenue', T0 + DAY + i, 10 + 10 * random()));
  return { exposures, events };
}

function withValue(event: CustomEvent, value: unknown): CustomEvent {
  return { ...event, value } as unknown as CustomEvent;
}

describe('invalid stored values', () => {
  it('one event with value 1e200 is counted as invalid; the metric still has a comparison (not "df … NaN")', () => {
    const { exposures, events } = clean();
    events[3] = withValue(events[3]!, 1e200);
    const report = analyzeExperiment({ experiment: BUTTON, exposures, events, metrics: [revenue], now: NOW });
    const c = report.metrics[0]?.variants[1]?.comparison;
    expect(c?.status).toBe('ok');
    expect(report.invalid.events.outOfRangeValue).toBe(1);
    // The sum left the value out entirely: every total stays within the clean values' range.
    expect(report.metrics[0]?.variants.every((v) => v.summary.total < 200 * 20)).toBe(true);
    // Said once, in each report, from the structured field.
    const terminal = renderTerminalReport(report, { color: false });
    expect(terminal).toContain(`1 event with a value beyond ±${formatCount(MAX_EVENT_VALUE)}`);
    expect(terminal.split('value beyond').length).toBe(2);
  });

  it('Infinity, NaN, strings and null are counted as invalid, never as 1', () => {
    const { exposures, events } = clean();
    const before = analyzeExperiment({
      experiment: BUTTON,
      exposures,
      events: events.slice(4),
      metrics: [revenue],
      now: NOW,
    });
    const dirty = [
      withValue(events[0]!, Infinity),
      withValue(events[1]!, Number.NaN),
      withValue(events[2]!, '12'),
      withValue(events[3]!, null),
      ...events.slice(4),
    ];
    const report = analyzeExperiment({ experiment: BUTTON, exposures, events: dirty, metrics: [revenue], now: NOW });
    expect(report.invalid.events).toMatchObject({ nonFiniteValue: 2, nonNumberValue: 2 });
    // Exactly as if the four events were not there: nothing was coerced to 1.
    expect(report.metrics[0]?.variants.map((v) => v.summary.total)).toEqual(
      before.metrics[0]?.variants.map((v) => v.summary.total),
    );
    expect(report.events.counted).toBe(before.events.counted);
  });

  it('an event without a value still counts 1', () => {
    const { exposures } = clean(20);
    const events = exposures.map((e) => track(e.units, 'revenue', T0 + DAY));
    const report = analyzeExperiment({ experiment: BUTTON, exposures, events, metrics: [revenue], now: NOW });
    expect(report.metrics[0]?.variants.map((v) => v.summary.total)).toEqual([10, 10]);
    expect(report.invalid.events.nonNumberValue).toBe(0);
  });
});

describe('invalid stored times', () => {
  it('an exposure dated in the year 3000 is left out; the power hint no longer reads 88,098,516 days', () => {
    const { exposures, events } = clean();
    const far = exposure({ deviceID: 'from-the-future' }, 'green', Date.UTC(3000, 0, 1));
    const metrics: MetricDefinition[] = [{ key: 'revenue', kind: 'sum', role: 'primary', minDetectableEffect: 0.001 }];
    const report = analyzeExperiment({ experiment: BUTTON, exposures: [...exposures, far], events, metrics, now: NOW });
    expect(report.invalid.exposures.futureTime).toBe(1);
    expect(report.units).toBe(200);
    expect(report.window?.to).toBeLessThanOrEqual(NOW);
    const hint = report.power[0];
    expect(hint?.status).toBe('ok');
    // 200 units over 199 minutes: about 1,450 per day. The unit from the year 3000 had made it 1/5,000th of that.
    expect(hint?.status === 'ok' && hint.unitsPerDay).toBeGreaterThan(1000);
    expect(hint?.status === 'ok' && hint.additionalDays).toBeLessThan(88_098_516);
    expect(renderTerminalReport(report)).toContain('Invalid, left out: 1 exposure dated in the future');
    expect(renderHtmlReport(report)).toContain('1 exposure dated in the future');
  });

  it('events after now, with no valid time, or outside from…to are counted and left out', () => {
    const { exposures, events } = clean();
    const dirty = [
      { ...events[0]!, time: NOW + DAY },
      { ...events[1]!, time: Number.NaN },
      { ...events[2]!, time: '2024-05-02' as unknown as number },
      { ...events[3]!, time: T0 + 60 * DAY },
      ...events.slice(4),
    ];
    const report = analyzeExperiment({
      experiment: BUTTON,
      exposures,
      events: dirty,
      metrics: [revenue],
      now: T0 + 90 * DAY,
      to: T0 + 40 * DAY,
    });
    expect(report.invalid.events).toMatchObject({ futureTime: 0, badTime: 2, outsideWindow: 1 });
    const later = analyzeExperiment({ experiment: BUTTON, exposures, events: dirty, metrics: [revenue], now: NOW });
    expect(later.invalid.events).toMatchObject({ futureTime: 2, badTime: 2 });
    expect(later.metrics[0]?.measurement?.window).toEqual({});
  });
});

describe('stored shapes that are not what the types say', () => {
  it('an exposure with `attributes: null` enrolls its unit under (none) instead of throwing a TypeError', () => {
    const { exposures, events } = clean();
    const withCountry = exposures.map((e, i) =>
      i === 5 ? ({ ...e, attributes: null } as unknown as typeof e) : { ...e, attributes: { country: 'DE' } },
    );
    const report = analyzeExperiment({
      experiment: BUTTON,
      exposures: withCountry,
      events,
      metrics: [revenue],
      segments: ['country'],
      now: NOW,
    });
    expect(report.units).toBe(200);
    const values = report.segments[0]?.values.map((s) => [s.value, s.variants.reduce((a, v) => a + v.units, 0)]);
    expect(values).toEqual([
      ['DE', 199],
      [NO_SEGMENT_VALUE, 1],
    ]);
  });

  it('null and other non-objects among the exposures, identities and events are ignored, not a TypeError', () => {
    const { exposures, events } = clean();
    const junk = [null, undefined, 7, 'exposure'] as unknown as CustomEvent[];
    const plain = analyzeExperiment({ experiment: BUTTON, exposures, events, metrics: [revenue], now: NOW });
    const dirty = analyzeExperiment({
      experiment: BUTTON,
      exposures: [...junk, ...exposures] as unknown as typeof exposures,
      identities: junk as unknown as IdentifyEvent[],
      events: [...junk, ...events],
      metrics: [revenue],
      now: NOW,
    });
    expect(dirty).toEqual(plain);
  });
});
