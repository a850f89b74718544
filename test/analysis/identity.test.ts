import { describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../../src/analysis/index.js';
import type { ExperimentDesign, MetricDefinition } from '../../src/analysis/index.js';
import { IdentityIndex } from '../../src/analysis/identities.js';
import { BUTTON, T0, exposure, identify, track } from './fixtures.js';

const metrics: MetricDefinition[] = [{ key: 'purchase', kind: 'sum', role: 'primary' }];

function totals(report: ReturnType<typeof analyzeExperiment>) {
  return Object.fromEntries(report.metrics[0]?.variants.map((v) => [v.variant, v.summary.total]) ?? []);
}

describe('identity stitching', () => {
  it('attributes an event tracked with only a userID to the device that identified as that user', () => {
    const report = analyzeExperiment({
      experiment: BUTTON,
      exposures: [exposure({ deviceID: 'd1' }, 'green', T0), exposure({ deviceID: 'd2' }, 'control', T0)],
      identities: [identify({ deviceID: 'd1', userID: 'u1' }, T0 + 100)],
      events: [
        track({ userID: 'u1' }, 'purchase', T0 + 200, 30),
        // A user nobody linked to a device stays unattributed.
        track({ userID: 'u9' }, 'purchase', T0 + 200, 99),
      ],
      metrics,
    });
    expect(totals(report)).toEqual({ control: 0, green: 30 });
    expect(report.events).toMatchObject({ counted: 1, stitched: 1, unattributed: 1 });
  });

  it('counts an event with an empty id for the unit, attributed through a link, as stitched', () => {
    const report = analyzeExperiment({
      experiment: BUTTON,
      exposures: [exposure({ deviceID: 'd1' }, 'green', T0)],
      identities: [identify({ deviceID: 'd1', userID: 'u1' }, T0 + 100)],
      events: [
        track({ deviceID: '', userID: 'u1' }, 'purchase', T0 + 200, 30),
        track({ deviceID: 'd1' }, 'purchase', T0 + 300, 5),
      ],
      metrics,
    });
    expect(totals(report)).toEqual({ control: 0, green: 35 });
    expect(report.events).toMatchObject({ counted: 2, stitched: 1, unattributed: 0 });
  });

  it('works the other way round: device events of a logged-out visitor count for a userID experiment', () => {
    const experiment: ExperimentDesign = { ...BUTTON, unit: 'userID' };
    const report = analyzeExperiment({
      experiment,
      exposures: [exposure({ userID: 'u1', deviceID: 'd1' }, 'green', T0), exposure({ userID: 'u2' }, 'control', T0)],
      identities: [identify({ deviceID: 'd7', userID: 'u1' }, T0 + 500)],
      // Tracked on another device before logging in there; the link comes later but still applies.
      events: [track({ deviceID: 'd7' }, 'purchase', T0 + 100, 12)],
      metrics,
    });
    expect(totals(report)).toEqual({ control: 0, green: 12 });
  });

  it('gives an event that carries the experiment unit to that unit, links or not', () => {
    const report = analyzeExperiment({
      experiment: BUTTON,
      exposures: [exposure({ deviceID: 'd1' }, 'green', T0), exposure({ deviceID: 'd2' }, 'control', T0)],
      identities: [identify({ deviceID: 'd1', userID: 'u1' }, T0)],
      events: [track({ deviceID: 'd2', userID: 'u1' }, 'purchase', T0 + 10, 5)],
      metrics,
    });
    expect(totals(report)).toEqual({ control: 5, green: 0 });
    expect(report.events.stitched).toBe(0);
  });

  it('counts a stitched event only from the linked unit first exposure on', () => {
    const report = analyzeExperiment({
      experiment: BUTTON,
      exposures: [exposure({ deviceID: 'd1' }, 'green', T0 + 1000), exposure({ deviceID: 'd2' }, 'control', T0)],
      identities: [identify({ deviceID: 'd1', userID: 'u1' }, T0)],
      events: [track({ userID: 'u1' }, 'purchase', T0 + 10, 5)],
      metrics,
    });
    expect(report.events).toMatchObject({ counted: 0, beforeExposure: 1 });
  });
});

describe('IdentityIndex with one user on several devices', () => {
  const index = new IdentityIndex('deviceID');
  index.add(identify({ deviceID: 'd1', userID: 'u' }, 100));
  index.add(identify({ deviceID: 'd2', userID: 'u' }, 300));
  index.add(identify({ deviceID: 'd3', userID: 'u' }, 200));
  const all = () => true;

  it('picks the device the user most recently identified on at the event time', () => {
    expect(index.resolve({ userID: 'u' }, 250, all)).toBe('d3');
    expect(index.resolve({ userID: 'u' }, 300, all)).toBe('d2');
    expect(index.resolve({ userID: 'u' }, 150, all)).toBe('d1');
  });

  it('picks the earliest link when every link is after the event', () => {
    expect(index.resolve({ userID: 'u' }, 50, all)).toBe('d1');
  });

  it('considers only enrolled units', () => {
    expect(index.resolve({ userID: 'u' }, 350, (id) => id !== 'd2')).toBe('d3');
    expect(index.resolve({ userID: 'u' }, 350, () => false)).toBeUndefined();
  });

  it('prefers the event own experiment unit and ignores unknown ids', () => {
    expect(index.resolve({ deviceID: 'dx', userID: 'u' }, 350, all)).toBe('dx');
    expect(index.resolve({ userID: 'nobody' }, 350, all)).toBeUndefined();
  });

  it('ignores identify events without the experiment unit', () => {
    const other = new IdentityIndex('deviceID');
    other.add(identify({ userID: 'u', companyID: 'c' }, 1));
    expect(other.resolve({ userID: 'u' }, 5, all)).toBeUndefined();
  });

  it('ignores identify events whose time is not a finite number (stored data; the SQL engines drop them too)', () => {
    const other = new IdentityIndex('deviceID');
    for (const time of ['2024-05-01', null, Number.NaN, Infinity]) {
      other.add(identify({ deviceID: 'd', userID: 'u' }, time as number));
    }
    expect(other.resolve({ userID: 'u' }, 5, all)).toBeUndefined();
    other.add(identify({ deviceID: 'd', userID: 'u' }, 9));
    expect(other.resolve({ userID: 'u' }, 5, all)).toBe('d');
  });
});
