/** Builders for synthetic event sets with known truth, and a seeded PRNG. */
import type { CustomEvent, ExposureEvent, IdentifyEvent, Units } from '../../src/events/types.js';
import type { Json } from '../../src/ruleset/types.js';
import type { ExperimentDesign } from '../../src/analysis/experiment-design.js';

import { seededRandom } from '../../src/testing/seeded-random.js';

export { seededRandom };

/** A standard normal draw (Box–Muller). */
export function normal(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

let counter = 0;
const nextId = () => `e${++counter}`;

export const DAY = 86_400_000;
export const T0 = Date.UTC(2024, 4, 1);

/** A 50/50 experiment on deviceID. */
export const BUTTON: ExperimentDesign = {
  key: 'button_color',
  unit: 'deviceID',
  variants: [
    { key: 'control', weight: 50 },
    { key: 'green', weight: 50 },
  ],
};

/** The ruleset that declares {@link BUTTON}, as `analyze --ruleset` reads it. */
export const BUTTON_RULESET = {
  version: 1,
  experiments: { [BUTTON.key]: { unit: BUTTON.unit, variants: BUTTON.variants } },
};

export function exposure(
  units: Units,
  variant: string,
  time: number,
  extra: Partial<ExposureEvent> & { attributes?: { [name: string]: Json } } = {},
): ExposureEvent {
  return {
    id: nextId(),
    type: 'exposure',
    kind: 'experiment',
    name: 'button_color',
    variant,
    units,
    time,
    source: 'client',
    reason: 'SPLIT',
    unit: 'deviceID',
    ...extra,
  };
}

export function track(units: Units, name: string, time: number, value?: number): CustomEvent {
  const event: CustomEvent = { id: nextId(), type: 'event', name, units, time, source: 'client' };
  if (value !== undefined) event.value = value;
  return event;
}

/**
 * Per variant, each unit's value of the event `name` (0 or undefined: no event): units `<variant><i>` enter
 * ten minutes apart from T0, each with the `attributes` given for its index.
 */
export function unitValues(
  groups: Record<string, (number | undefined)[]>,
  name = 'score',
  attributes?: (index: number) => { [name: string]: Json },
): { exposures: ExposureEvent[]; events: CustomEvent[] } {
  const exposures: ExposureEvent[] = [];
  const events: CustomEvent[] = [];
  for (const [variant, values] of Object.entries(groups)) {
    values.forEach((value, i) => {
      const deviceID = `${variant}${i}`;
      const entered = T0 + i * 600_000;
      exposures.push(exposure({ deviceID }, variant, entered, attributes ? { attributes: attributes(i) } : {}));
      if (value !== undefined && value !== 0) events.push(track({ deviceID }, name, entered + 10, value));
    });
  }
  return { exposures, events };
}

export function identify(units: Units, time: number): IdentifyEvent {
  return { id: nextId(), type: 'identify', name: 'identify', units, time, source: 'client' };
}

/** Per-variant truth of a simulated experiment. */
export interface ArmTruth {
  units: number;
  /** Probability that a unit converts (tracks `purchase`). */
  conversion: number;
  /** Mean of the (normal) revenue of a purchase. */
  revenue?: number;
  /** Mean latency (normal, sd 20) tracked once per unit. */
  latency?: number;
}

/**
 * Exposures and events for a 2+-arm experiment on deviceID: units enter over
 * `days` days, each converts with its arm's probability (a `purchase` with a
 * revenue value) and tracks one `latency` event.
 */
export function simulate(arms: Record<string, ArmTruth>, seed: number, days = 7) {
  const random = seededRandom(seed);
  const exposures: ExposureEvent[] = [];
  const events: CustomEvent[] = [];
  let n = 0;
  for (const [variant, truth] of Object.entries(arms)) {
    for (let i = 0; i < truth.units; i++) {
      const deviceID = `d${seed}-${n++}`;
      const time = T0 + Math.floor(random() * days * DAY);
      exposures.push(exposure({ deviceID }, variant, time, { attributes: { country: random() < 0.5 ? 'DE' : 'US' } }));
      if (random() < truth.conversion) {
        events.push(track({ deviceID }, 'purchase', time + 1000, (truth.revenue ?? 20) + 5 * normal(random)));
      }
      if (truth.latency !== undefined)
        events.push(track({ deviceID }, 'latency', time + 10, truth.latency + 20 * normal(random)));
    }
  }
  return { exposures, events };
}
