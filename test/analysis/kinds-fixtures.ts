/** Simulated experiments for the quantile, funnel, active-day and retention kinds (seeded). */
import type { CustomEvent, ExposureEvent } from '../../src/events/types.js';
import { DAY, T0, exposure, normal, seededRandom, track } from './fixtures.js';

/** Per-variant truth. */
export interface KindArm {
  units: number;
  /** Median latency of a unit's typical page load (lognormal across and within units). */
  latency: number;
  /** Probabilities of view, then add_to_cart after a view, then purchase after add_to_cart. */
  funnel: [number, number, number];
  /** Chance of opening the app on each day after exposure. */
  daily: number;
}

/**
 * Units enter over `days` days; each has 1–5 page loads whose latency is
 * lognormal around a per-unit level (so events of one unit are correlated),
 * walks the funnel step by step (seconds apart), and opens the app on each
 * of the next 14 days with its arm's chance.
 */
export function simulateKinds(arms: Record<string, KindArm>, seed: number, days = 7) {
  const random = seededRandom(seed);
  const exposures: ExposureEvent[] = [];
  const events: CustomEvent[] = [];
  let n = 0;
  for (const [variant, arm] of Object.entries(arms)) {
    for (let i = 0; i < arm.units; i++) {
      const units = { deviceID: `k${seed}-${n++}` };
      const entered = T0 + Math.floor(random() * days * DAY);
      exposures.push(exposure(units, variant, entered, { attributes: { country: random() < 0.5 ? 'DE' : 'FR' } }));
      const level = Math.log(arm.latency) + 0.5 * normal(random);
      const loads = 1 + Math.floor(random() * 5);
      for (let j = 0; j < loads; j++) {
        events.push(track(units, 'page_load', entered + 1000 * j, Math.exp(level + 0.4 * normal(random))));
      }
      let t = entered + 60_000;
      for (const [step, name] of ['view', 'add_to_cart', 'purchase'].entries()) {
        if (random() >= (arm.funnel[step] ?? 0)) break;
        t += Math.floor(random() * 3_600_000);
        events.push(track(units, name, t));
      }
      for (let d = 0; d < 14; d++) {
        if (random() < arm.daily) events.push(track(units, 'app_open', entered + d * DAY + Math.floor(random() * DAY)));
      }
    }
  }
  return { exposures, events };
}
