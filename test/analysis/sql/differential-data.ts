/**
 * Seeded, realistic event logs for the differential test: several experiments
 * in one store, 2–4 variants each, units with repeated exposures and a few that
 * switch variant, identify links, custom events whose values are negative,
 * zero, large, fractional or missing, over several days, written with the
 * offsets of several time zones' clocks (stored as epoch ms, as the client
 * stores them), and segment attributes of several types. One arm of the
 * second experiment tracks nothing, and one of the third sells at one price.
 */
import type { MetricDefinition } from '../../../src/analysis/index.js';
import type { ExperimentDesign } from '../../../src/analysis/experiment-design.js';
import type { Units } from '../../../src/events/types.js';
import { seededRandom } from '../fixtures.js';

export const DAY = 86_400_000;
const HOUR = 3_600_000;
/** 2025-03-28 UTC, two days before Europe's clocks change. */
export const START = Date.UTC(2025, 2, 28);
/** The analysis clock: two weeks after the start. */
export const NOW = START + 14 * DAY;

/** One experiment of the log, with the metrics and segments its analysis uses. */
export interface DifferentialExperiment {
  design: ExperimentDesign;
  metrics: MetricDefinition[];
  segments: string[];
}

/** A generated log and the experiments in it. */
export interface DifferentialData {
  events: object[];
  experiments: DifferentialExperiment[];
}

/** Every metric kind, with values that are negative (refunds), zero, large and missing. */
function metricsFor(index: number): MetricDefinition[] {
  return [
    { key: 'converted', event: 'purchase', kind: 'conversion', role: 'primary' },
    { key: 'revenue', event: 'purchase', kind: 'sum', role: 'secondary', winsorize: { lower: 0.01, upper: 0.99 } },
    { key: 'net', event: 'purchase', kind: 'sum', role: 'secondary' },
    { key: 'clicks', event: 'click', kind: 'count', role: 'secondary' },
    {
      key: 'aov',
      kind: 'ratio',
      role: 'secondary',
      numerator: 'purchase',
      denominator: { event: 'purchase', aggregate: 'count' },
    },
    {
      key: 'per_session',
      kind: 'ratio',
      role: 'secondary',
      numerator: { event: 'click', aggregate: 'count' },
      denominator: { event: 'session', aggregate: 'count' },
    },
    { key: 'latency', event: 'page_load', kind: 'sum', role: 'guardrail', direction: 'decrease' },
    {
      key: 'errors',
      event: 'error',
      kind: 'count',
      role: 'guardrail',
      direction: 'decrease',
      nonInferiorityMargin: 0.05,
    },
    { key: 'p90', kind: 'quantile', event: 'page_load', quantile: 0.9, role: 'secondary', direction: 'decrease' },
    { key: 'p50', kind: 'quantile', event: 'purchase', quantile: 0.5 },
    {
      key: 'checkout',
      kind: 'funnel',
      steps: index % 2 === 0 ? ['session', 'click', 'purchase'] : ['click', 'click', 'purchase'],
      window: 2 * DAY,
    },
    { key: 'engaged', kind: 'activeDays', event: 'session', window: 3 * DAY },
    { key: 'back_d2', kind: 'retention', event: 'session', day: 2 },
  ];
}

/** Offsets (minutes) of the client clocks: UTC, Paris, New York, Kolkata, Auckland. */
const ZONES = [0, 60, -300, 330, 780];
const COUNTRIES = ['FR', 'US', 'IN', 'NZ', 'DE', 'BR'];

/**
 * A time written by a client whose local clock reads `local` in a zone `offset` minutes ahead of UTC, as
 * an ISO string with the offset, and read back as epoch ms (what the client stores).
 */
function zonedTime(local: number, offset: number): number {
  const iso = new Date(local).toISOString().slice(0, 23);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return Date.parse(`${iso}${sign}${hh}:${mm}`);
}

/** The log: `experiments` experiments of `unitsPerExperiment` units each (a few units are in two). */
export function differentialData(seed: number, experiments = 3, unitsPerExperiment = 300): DifferentialData {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const events: object[] = [];
  let id = 0;
  const push = (event: Record<string, unknown>) => events.push({ id: `x${seed}-${++id}`, source: 'client', ...event });
  const out: DifferentialExperiment[] = [];
  for (let e = 0; e < experiments; e++) {
    const key = `exp_${seed}_${e}`;
    const unit = e % 3 === 2 ? 'userID' : 'deviceID';
    const variantCount = 2 + Math.floor(random() * 3);
    const variants = Array.from({ length: variantCount }, (_, v) => ({
      key: v === 0 ? 'control' : `t${v}`,
      weight: 1 + Math.floor(random() * 4),
    }));
    const total = variants.reduce((s, v) => s + v.weight, 0);
    out.push({
      design: { key, unit, variants },
      metrics: metricsFor(e),
      segments: ['country', 'plan', 'beta'],
    });
    const lifts = variants.map(() => 0.8 + random() * 0.5);
    for (let i = 0; i < unitsPerExperiment; i++) {
      let r = random() * total;
      let v = 0;
      while (r >= (variants[v]?.weight ?? 0) && v < variantCount - 1) r -= variants[v++]?.weight ?? 0;
      const variant = variants[v]?.key as string;
      const lift = lifts[v] as number;
      // One arm of the second experiment tracks nothing (its tracking broke): every metric is empty there.
      const silent = e === 1 && v === 1;
      // Other units of the second experiment reuse some ids of the first: one device in two experiments.
      const n = e === 1 && i % 4 === 0 && !silent ? `0-${i}` : `${e}-${i}`;
      const device = `d${n}`;
      const user = `u${n}`;
      const zone = pick(ZONES);
      const loggedIn = random() < 0.4;
      const units: Units =
        unit === 'userID'
          ? { userID: user, deviceID: device }
          : loggedIn
            ? { deviceID: device, userID: user }
            : { deviceID: device };
      const entered = START + Math.floor(random() * 8 * DAY);
      const attributes: Record<string, unknown> = { country: pick(COUNTRIES) };
      if (random() < 0.5) attributes.plan = pick(['free', 'pro', 2, 2.5, null]);
      if (random() < 0.3) attributes.beta = random() < 0.5;
      const exposureAt = (t: number, variantKey: string, extra: Record<string, unknown> = {}) =>
        push({
          type: 'exposure',
          kind: 'experiment',
          name: key,
          variant: variantKey,
          unit,
          units,
          reason: 'SPLIT',
          time: zonedTime(t + zone * 60_000, zone),
          ...extra,
        });
      exposureAt(entered, variant, { attributes });
      // Repeat exposures, some with other attribute values (the earliest one that recorded it counts).
      const repeats = Math.floor(random() * 4);
      for (let k = 0; k < repeats; k++) {
        exposureAt(
          entered + Math.floor(random() * 3 * DAY),
          variant,
          random() < 0.3 ? { attributes: { country: 'ZZ' } } : {},
        );
      }
      // A few units switch variant (left out), some forced ones are not randomized.
      if (random() < 0.03) exposureAt(entered + HOUR, variants[(v + 1) % variantCount]?.key as string);
      if (random() < 0.02) exposureAt(entered - HOUR, variant, { reason: 'OVERRIDE' });
      // In user experiments, the device logs in after its first events: events with only the device id.
      const loginAt = entered + Math.floor((random() - 0.3) * DAY);
      if (unit === 'userID' || loggedIn) {
        push({ type: 'identify', name: 'identify', units: { deviceID: device, userID: user }, time: loginAt });
      }
      const track = (name: string, t: number, value?: number | null) => {
        const who: Units =
          unit === 'userID'
            ? t < loginAt
              ? { deviceID: device }
              : { userID: user }
            : loggedIn && random() < 0.3
              ? { userID: user }
              : { deviceID: device };
        const event: Record<string, unknown> = {
          type: 'event',
          name,
          units: who,
          time: zonedTime(t + zone * 60_000, zone),
        };
        if (value !== undefined) event.value = value;
        if (!silent) push(event);
      };
      // Sessions over the days after entry (and a few before it: pre-period data for CUPED).
      const activity = random() * 1.5 * lift;
      for (let d = -3; d < 7; d++) {
        if (random() > activity * (d < 0 ? 0.5 : 1) * 0.6) continue;
        const sessionAt = entered + d * DAY + Math.floor(random() * DAY);
        track('session', sessionAt);
        const clicks = Math.floor(random() * 5 * lift);
        for (let c = 0; c < clicks; c++) track('click', sessionAt + c * 30_000 + Math.floor(random() * 20_000));
        const loads = 1 + Math.floor(random() * 3);
        for (let p = 0; p < loads; p++) {
          // Latencies: mostly 100–400 ms, a long tail, some repeated exact values.
          const ms =
            random() < 0.1 ? 250 : random() < 0.05 ? 5_000 + random() * 60_000 : 100 + random() * 300 * (2 - lift);
          track('page_load', sessionAt + p * 1_000, Math.round(ms * 10) / 10);
        }
        if (random() < 0.05) track('error', sessionAt + 500);
        if (clicks > 0 && random() < 0.25 * lift) {
          const roll = random();
          const value =
            roll < 0.1
              ? -Math.round(random() * 5_000) / 100 // a refund
              : roll < 0.15
                ? 0
                : roll < 0.2
                  ? undefined // no value: counts 1
                  : roll < 0.22
                    ? 1e9 + Math.round(random() * 1e6) // a whale (or a bug)
                    : Math.round(random() * 20_000) / 100;
          // One arm of the third experiment sells at one price: its order value has no variance.
          track('purchase', sessionAt + clicks * 30_000, e === 2 && v === 1 ? 25 : value);
        }
      }
    }
  }
  // Events of no enrolled unit, an unrelated event name, and bad values the engines must count alike.
  push({ type: 'event', name: 'click', units: { deviceID: 'stranger' }, time: START + DAY });
  push({ type: 'event', name: 'purchase', units: { deviceID: 'd0-1' }, time: START + DAY, value: 'ten' });
  push({ type: 'event', name: 'purchase', units: { deviceID: 'd0-2' }, time: START + DAY, value: 1e300 });
  push({ type: 'event', name: 'purchase', units: { deviceID: 'd0-3' }, time: NOW + DAY, value: 3 });
  return { events, experiments: out };
}
