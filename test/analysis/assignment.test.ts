import { describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../../src/analysis/index.js';
import type { MetricDefinition } from '../../src/analysis/index.js';
import { BUTTON, T0, exposure, track } from './fixtures.js';

const purchases: MetricDefinition[] = [{ key: 'purchase', kind: 'count', role: 'primary' }];

function unitsOf(report: ReturnType<typeof analyzeExperiment>) {
  return Object.fromEntries(report.variants.map((v) => [v.key, v.units]));
}

describe('unit assignment from exposures', () => {
  it('lets the first exposure by time decide the variant, whatever the order read', () => {
    const report = analyzeExperiment({
      experiment: BUTTON,
      // Read out of order: the later exposure comes first.
      exposures: [exposure({ deviceID: 'a' }, 'control', T0 + 500), exposure({ deviceID: 'a' }, 'control', T0 + 100)],
      events: [track({ deviceID: 'a' }, 'purchase', T0 + 200)],
      metrics: purchases,
    });
    expect(unitsOf(report)).toEqual({ control: 1, green: 0 });
    // The event at +200 is after the first exposure (+100), so it counts even though it precedes the +500 one.
    expect(report.events.counted).toBe(1);
    expect(report.window).toEqual({ from: T0 + 100, to: T0 + 100 });
  });

  it('excludes units seen in two variants and counts them', () => {
    const report = analyzeExperiment({
      experiment: BUTTON,
      exposures: [
        exposure({ deviceID: 'a' }, 'control', T0),
        exposure({ deviceID: 'a' }, 'green', T0 + 1),
        exposure({ deviceID: 'b' }, 'green', T0),
        exposure({ deviceID: 'c' }, 'control', T0),
        exposure({ deviceID: 'c' }, 'control', T0 + 5),
      ],
      events: [track({ deviceID: 'a' }, 'purchase', T0 + 10)],
      metrics: purchases,
    });
    expect(report.exclusions.multipleVariants).toBe(1);
    expect(unitsOf(report)).toEqual({ control: 1, green: 1 });
    expect(report.units).toBe(2);
    expect(report.events).toMatchObject({ counted: 0, unattributed: 1 });
    expect(report.notes.some((n) => n.includes('more than one variant'))).toBe(true);
  });

  it('ignores other entities and counts exposures it cannot use', () => {
    const report = analyzeExperiment({
      experiment: BUTTON,
      exposures: [
        exposure({ deviceID: 'a' }, 'control', T0),
        exposure({ deviceID: 'b' }, 'control', T0, { name: 'other_experiment' }),
        exposure({ deviceID: 'c' }, 'control', T0, { kind: 'gate' }),
        exposure({ deviceID: 'd' }, 'control', T0, { variant: undefined }),
        exposure({ userID: 'u' }, 'control', T0),
        exposure({ deviceID: 'e' }, 'purple', T0),
        exposure({ deviceID: 'f' }, 'green', T0, { reason: 'TARGETING_MATCH' }),
        exposure({ deviceID: 'g' }, 'green', T0, { reason: 'OVERRIDE' }),
      ],
      events: [],
      metrics: purchases,
    });
    expect(unitsOf(report)).toEqual({ control: 1, green: 0 });
    expect(report.exclusions).toEqual({ multipleVariants: 0, missingUnit: 1, unknownVariant: 1, notRandomized: 2 });
  });

  it('counts only events at or after the unit first exposure', () => {
    const report = analyzeExperiment({
      experiment: BUTTON,
      exposures: [exposure({ deviceID: 'a' }, 'green', T0 + 1000), exposure({ deviceID: 'b' }, 'green', T0 + 1000)],
      events: [
        track({ deviceID: 'a' }, 'purchase', T0 + 999),
        track({ deviceID: 'a' }, 'purchase', T0 + 1000),
        track({ deviceID: 'a' }, 'purchase', T0 + 5000),
        track({ deviceID: 'b' }, 'purchase', T0),
      ],
      metrics: purchases,
    });
    expect(report.events).toEqual({
      counted: 2,
      stitched: 0,
      beforeExposure: 2,
      beforeExposureByVariant: [0, 2],
      unattributed: 0,
    });
    const green = report.metrics[0]?.variants.find((v) => v.variant === 'green');
    // a has 2 counted events, b none: mean 1 per unit.
    expect(green?.summary).toMatchObject({ units: 2, total: 2, value: 1 });
  });

  it('takes segment values from the earliest exposure that recorded them', () => {
    const report = analyzeExperiment({
      experiment: BUTTON,
      exposures: [
        exposure({ deviceID: 'a' }, 'control', T0 + 10, { attributes: { country: 'FR' } }),
        exposure({ deviceID: 'a' }, 'control', T0 + 5, { attributes: { country: 'DE' } }),
        exposure({ deviceID: 'a' }, 'control', T0 + 1),
        exposure({ deviceID: 'b' }, 'green', T0),
      ],
      events: [],
      metrics: purchases,
      segments: ['country'],
    });
    const values = report.segments[0]?.values.map((s) => s.value).sort();
    expect(values).toEqual(['(none)', 'DE']);
  });
});
