/**
 * A small experiment with every kind of mess the analysis handles: units in
 * two variants, forced and unknown assignments, missing ids, bad and future
 * times, identity stitching before and after the event, events before
 * exposure, bad values, segments beyond the display limit, a winsorized sum and
 * a ratio. Written as raw stored lines, so hostile fields reach every engine.
 */
import type { MetricDefinition } from '../../../src/analysis/index.js';
import type { Units } from '../../../src/events/types.js';
import { BUTTON, DAY, T0, exposure, identify, seededRandom, track } from '../fixtures.js';

export const NOW = T0 + 60 * DAY;

export const parityMetrics: MetricDefinition[] = [
  { key: 'converted', event: 'purchase', kind: 'conversion', role: 'primary' },
  { key: 'revenue', event: 'purchase', kind: 'sum', role: 'secondary', winsorize: { lower: 0.05, upper: 0.9 } },
  { key: 'clicks', event: 'click', kind: 'count', role: 'secondary' },
  {
    key: 'aov',
    kind: 'ratio',
    role: 'secondary',
    numerator: 'purchase',
    denominator: { event: 'purchase', aggregate: 'count' },
  },
  { key: 'latency', event: 'page_load', kind: 'sum', role: 'guardrail', direction: 'decrease' },
];

/** Active days (some units' 5 days are not complete by the end of the data) and day-3 retention. */
export const dayKindMetrics: MetricDefinition[] = [
  { key: 'engaged', kind: 'activeDays', event: 'click', window: 5 * DAY, role: 'primary' },
  { key: 'clicked_d3', kind: 'retention', event: 'click', day: 3, role: 'secondary' },
];

export const parityOptions = {
  experiment: BUTTON,
  metrics: parityMetrics,
  segments: ['country', 'plan'],
  maxSegmentValues: 3,
  now: NOW,
};

/** The stored objects, in store order. */
export function parityEvents(seed = 7): object[] {
  const random = seededRandom(seed);
  const out: object[] = [];
  const countries = ['FR', 'DE', 'US', 'IN', 'BR'];
  for (let i = 0; i < 400; i++) {
    const device = `d${i}`;
    const variant = random() < 0.5 ? 'control' : 'green';
    const entered = T0 + Math.floor(random() * 5 * DAY);
    const attributes: Record<string, unknown> = { country: countries[Math.floor(random() * countries.length)] };
    if (i % 7 === 0) attributes.plan = i % 14 === 0 ? null : 3;
    const units: Units = i % 3 === 0 ? { deviceID: device, userID: `u${i}` } : { deviceID: device };
    out.push(exposure(units, variant, entered, { attributes: attributes as never }));
    // A later exposure with another country: the earliest one gives the segment.
    if (i % 5 === 0) out.push(exposure(units, variant, entered + DAY, { attributes: { country: 'ZZ' } }));
    if (i % 50 === 0)
      out.push(exposure({ deviceID: device }, variant === 'control' ? 'green' : 'control', entered + 2 * DAY));
    if (i % 3 === 0) out.push(identify({ deviceID: device, userID: `u${i}` }, entered + (i % 2 === 0 ? -DAY : DAY)));
    const lift = variant === 'green' ? 1.3 : 1;
    const n = Math.floor(random() * 6);
    for (let k = 0; k < n; k++) {
      const t = entered + Math.floor((random() - 0.1) * 4 * DAY);
      // Every third unit's events carry only the user id: stitched through the identify link.
      const who: Units = i % 3 === 0 && k % 2 === 0 ? { userID: `u${i}` } : { deviceID: device };
      out.push(track(who, 'click', t));
      if (random() < 0.3 * lift) out.push(track(who, 'purchase', t + 1000, Math.round(random() * 10000) / 100));
      out.push(track(who, 'page_load', t + 5, 100 + random() * 50));
    }
  }
  // A user linked to two devices: the link at or before the event wins, else the earliest later one.
  out.push(identify({ deviceID: 'd1', userID: 'shared' }, T0 + DAY));
  out.push(identify({ deviceID: 'd2', userID: 'shared' }, T0 + 3 * DAY));
  out.push(track({ userID: 'shared' }, 'purchase', T0 + 2 * DAY, 5));
  out.push(track({ userID: 'shared' }, 'purchase', T0 + 4 * DAY, 7));
  out.push(track({ userID: 'shared' }, 'purchase', T0, 9));
  // Exclusions and invalid data.
  out.push(exposure({ deviceID: 'forced' }, 'green', T0, { reason: 'OVERRIDE' }));
  out.push(exposure({ deviceID: 'odd' }, 'purple', T0));
  out.push(exposure({ userID: 'nodevice' }, 'green', T0));
  out.push({ ...exposure({ deviceID: 'badtime' }, 'green', T0), time: 'yesterday' });
  out.push(exposure({ deviceID: 'future' }, 'green', NOW + DAY));
  out.push({ ...exposure({ deviceID: 'nv' }, 'green', T0), variant: undefined });
  out.push(exposure({ deviceID: 'other' }, 'green', T0, { name: 'another_experiment' }));
  out.push({ ...track({ deviceID: 'd4' }, 'purchase', T0 + 9 * DAY), value: 'ten' });
  out.push(track({ deviceID: 'd4' }, 'purchase', T0 + 9 * DAY, 1e300));
  out.push(track({ deviceID: 'd4' }, 'purchase', NOW + DAY, 3));
  out.push({ ...track({ deviceID: 'd4' }, 'click', T0 + 9 * DAY), time: null });
  out.push(track({ deviceID: 'stranger' }, 'click', T0 + DAY));
  out.push(track({ userID: 'nobody' }, 'click', T0 + DAY));
  out.push(track({ deviceID: 'd5' }, 'unrelated', T0 + DAY));
  return out;
}

/** Exposures that guessing the design skips: variants that are not strings, and an exposure of a gate. */
export function oddExposures(): object[] {
  return [
    { ...exposure({ deviceID: 'n1' }, 'green', T0), variant: 7 },
    { ...exposure({ deviceID: 'n2' }, 'green', T0), variant: null },
    { ...exposure({ deviceID: 'n3' }, 'green', T0), variant: { key: 'blue' } },
    exposure({ deviceID: 'n4' }, 'blue', T0, { kind: 'gate' }),
  ];
}

/**
 * Exposures none of which names its unit as a string (a number, null, none), some with `units` that are
 * not objects: the guess is the unit carried most, userID.
 */
export function carriedUnitExposures(): object[] {
  const noUnit = { unit: undefined };
  return [
    { ...exposure({ userID: 'a' }, 'a', T0, noUnit), unit: 42 },
    { ...exposure({ userID: 'd' }, 'b', T0, noUnit), unit: 42 },
    { ...exposure({ userID: 'b' }, 'b', T0, noUnit), unit: null },
    exposure({ deviceID: 'x', userID: 'c' }, 'b', T0, noUnit),
    { ...exposure({}, 'a', T0, noUnit), units: ['deviceID'] },
    { ...exposure({}, 'a', T0, noUnit), units: 'deviceID' },
  ];
}
