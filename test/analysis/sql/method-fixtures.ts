/**
 * Data for the SQL engines' CUPED and timeline parity tests: units whose
 * pre-exposure behaviour predicts their post-exposure behaviour, some reached
 * only through identity links (before and after entry), events beyond the
 * lookback and before the analysis `from`; and a small hand-made timeline in
 * which linked events change owner as units enroll and conflict.
 */
import type { MetricDefinition } from '../../../src/analysis/index.js';
import type { Units } from '../../../src/events/types.js';
import { BUTTON, DAY, T0, exposure, identify, seededRandom, track } from '../fixtures.js';

export const METHODS_NOW = T0 + 60 * DAY;

/** Conversion, a winsorized sum, a count (CUPED adjusts these), a ratio and active days (it does not). */
export const cupedMetrics: MetricDefinition[] = [
  { key: 'converted', event: 'purchase', kind: 'conversion', role: 'primary' },
  { key: 'revenue', event: 'purchase', kind: 'sum', role: 'guardrail', winsorize: { upper: 0.95 } },
  { key: 'clicks', event: 'click', kind: 'count', role: 'secondary' },
  {
    key: 'aov',
    kind: 'ratio',
    role: 'guardrail',
    numerator: 'purchase',
    denominator: { event: 'purchase', aggregate: 'count' },
  },
  { key: 'engaged', kind: 'activeDays', event: 'click', window: 3 * DAY, role: 'secondary' },
];

/** The analysis window: units enter from T0; their pre-periods reach before it. */
export const cupedOptions = {
  experiment: BUTTON,
  metrics: cupedMetrics,
  from: T0,
  to: T0 + 12 * DAY,
  now: METHODS_NOW,
  cuped: true,
};

/** Events of `units` units; `pre` false leaves every pre-period empty. */
export function cupedEvents(seed: number, units = 300, pre = true): object[] {
  const random = seededRandom(seed);
  const out: object[] = [];
  const countries = ['FR', 'DE', 'US', 'IN', 'BR'];
  for (let i = 0; i < units; i++) {
    const device = `c${i}`;
    const variant = random() < 0.5 ? 'control' : 'green';
    const entered = T0 + Math.floor(random() * 5 * DAY);
    const country = countries[Math.floor(random() * countries.length)] as string;
    const linked = i % 4 === 0;
    out.push(exposure({ deviceID: device }, variant, entered, { attributes: { country } }));
    if (linked) out.push(identify({ deviceID: device, userID: `cu${i}` }, entered - 3 * DAY));
    // A unit's own rate drives both periods, so the pre-period predicts the post-period.
    const rate = random() * random() * 6;
    const lift = variant === 'green' ? 1.2 : 1;
    const who = (k: number): Units => (linked && k % 2 === 0 ? { userID: `cu${i}` } : { deviceID: device });
    const emit = (t: number, k: number, factor: number) => {
      out.push(track(who(k), 'click', t));
      if (random() < 0.35 * factor)
        out.push(track(who(k), 'purchase', t + 1000, Math.round(random() * rate * 5000) / 100));
    };
    if (pre) {
      // Up to 20 days back: some beyond the 14-day lookback, many before `from`.
      const n = Math.floor(random() * rate * 2);
      for (let k = 0; k < n; k++) emit(entered - 1 - Math.floor(random() * 20 * DAY), k, 1);
    }
    const n = Math.floor(random() * rate * 2 * lift);
    for (let k = 0; k < n; k++) emit(entered + Math.floor(random() * 6 * DAY), k, lift);
  }
  return out;
}

const H = DAY / 24;

/**
 * A hand-made timeline (start = T0): linked events that change owner when a
 * unit with a later link enrolls (ua: A until day 4, when B's link wins but
 * the event predates B's entry) and when their owner shows up in a second
 * variant (uc: C until day 5, then D); a tie of variants at entry (E never
 * counts); an event at exactly a day's end; events before entry.
 */
export function timelineEvents(): object[] {
  return [
    exposure({ deviceID: 'first' }, 'control', T0),
    exposure({ deviceID: 'A' }, 'control', T0 + 5 * H),
    exposure({ deviceID: 'B' }, 'green', T0 + 3 * DAY + 12 * H),
    identify({ deviceID: 'A', userID: 'ua' }, T0 + 12 * H),
    identify({ deviceID: 'B', userID: 'ua' }, T0 + DAY + 5 * H),
    track({ userID: 'ua' }, 'purchase', T0 + DAY + 12 * H, 40),
    exposure({ deviceID: 'C' }, 'control', T0 + 7 * H),
    exposure({ deviceID: 'C' }, 'green', T0 + 4 * DAY + 12 * H),
    exposure({ deviceID: 'D' }, 'control', T0 + 10 * H),
    identify({ deviceID: 'C', userID: 'uc' }, T0 + DAY),
    identify({ deviceID: 'D', userID: 'uc' }, T0 + 14 * H),
    track({ userID: 'uc' }, 'purchase', T0 + 2 * DAY, 25),
    exposure({ deviceID: 'E' }, 'control', T0 + DAY),
    exposure({ deviceID: 'E' }, 'green', T0 + DAY),
    track({ deviceID: 'E' }, 'purchase', T0 + 2 * DAY, 1000),
    track({ deviceID: 'first' }, 'purchase', T0 + 3 * DAY, 7),
    track({ deviceID: 'B' }, 'purchase', T0 + 3 * DAY, 500),
    track({ deviceID: 'B' }, 'purchase', T0 + 5 * DAY, 3),
    track({ deviceID: 'D' }, 'click', T0 + 6 * DAY),
  ];
}

/** Timeline metrics of the hand-made data: purchases as a sum, a ratio, and clicks. */
export const timelineMetricsUnderTest: MetricDefinition[] = [
  { key: 'revenue', event: 'purchase', kind: 'sum', role: 'primary' },
  {
    key: 'aov',
    kind: 'ratio',
    role: 'guardrail',
    numerator: 'purchase',
    denominator: { event: 'purchase', aggregate: 'count' },
  },
  { key: 'clicks', event: 'click', kind: 'count', role: 'guardrail' },
];
