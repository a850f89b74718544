/**
 * A seeded experiment for `npm run bench:analysis`, written in the NDJSON
 * store's own line format: per unit one exposure (some a second one), about
 * nine custom events after it and, for one unit in ten, an identify event
 * whose user id the unit's later purchases carry (stitched). Traffic of
 * other experiments is mixed in, as a real log has it.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { seededRandom } from '../../src/testing/seeded-random.js';
import type { MetricDefinition } from '../../src/analysis/index.js';

export const EXPERIMENT = {
  key: 'checkout_redesign',
  unit: 'deviceID',
  variants: [
    { key: 'control', weight: 50 },
    { key: 'treatment', weight: 50 },
  ],
};

export const BENCH_METRICS: MetricDefinition[] = [
  { key: 'purchase', kind: 'conversion', role: 'primary' },
  { key: 'revenue', kind: 'sum', event: 'purchase', role: 'secondary', winsorize: { upper: 0.99 } },
  { key: 'page_views', kind: 'count', event: 'page_view', role: 'secondary' },
  {
    key: 'revenue_per_view',
    kind: 'ratio',
    role: 'secondary',
    numerator: 'purchase',
    denominator: { event: 'page_view', aggregate: 'count' },
  },
  { key: 'latency', kind: 'sum', event: 'page_load', role: 'guardrail', direction: 'decrease' },
];

export const T0 = Date.UTC(2026, 0, 5);
const DAY = 86_400_000;

/**
 * Writes `units` units to `path`; resolves with the number of lines written. With `perUnitAttribute`, each
 * exposure also records that attribute with the unit's own id (a segment attribute of one value per unit).
 */
export async function generateLog(path: string, units: number, seed = 14, perUnitAttribute?: string): Promise<number> {
  const random = seededRandom(seed);
  const out = createWriteStream(path);
  let lines = 0;
  let id = 0;
  let buffer = '';
  const write = async (event: object) => {
    buffer += `${JSON.stringify({ id: `e${++id}`, source: 'client', ...event })}\n`;
    lines++;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  };
  const countries = ['US', 'DE', 'FR', 'IN', 'BR', 'JP', 'GB'];
  for (let i = 0; i < units; i++) {
    const deviceID = `d${i}`;
    const variant = random() < 0.5 ? 'control' : 'treatment';
    const entered = T0 + Math.floor(random() * 14 * DAY);
    const country = countries[Math.floor(random() * countries.length)] as string;
    const exposure = { type: 'exposure', kind: 'experiment', reason: 'SPLIT', unit: 'deviceID' };
    await write({
      ...exposure,
      name: EXPERIMENT.key,
      variant,
      units: { deviceID },
      time: entered,
      attributes: perUnitAttribute === undefined ? { country } : { country, [perUnitAttribute]: deviceID },
    });
    if (random() < 0.1)
      await write({ ...exposure, name: EXPERIMENT.key, variant, units: { deviceID }, time: entered + DAY });
    // Another experiment's exposure: the analysis must skip it.
    await write({ ...exposure, name: 'search_ranking', variant: 'on', units: { deviceID }, time: entered + 1000 });
    const userID = random() < 0.1 ? `u${i}` : undefined;
    if (userID !== undefined)
      await write({ type: 'identify', name: 'identify', units: { deviceID, userID }, time: entered + 60_000 });
    const views = 2 + Math.floor(random() * 5);
    let t = entered;
    for (let v = 0; v < views; v++) {
      t += Math.floor(random() * 600_000);
      await write({ type: 'event', name: 'page_view', units: { deviceID }, time: t });
      await write({
        type: 'event',
        name: 'page_load',
        units: { deviceID },
        time: t + 10,
        value: Math.round(200 + random() * 300),
      });
    }
    if (random() < (variant === 'treatment' ? 0.12 : 0.1)) {
      const value = Math.round(random() * random() * 40_000) / 100;
      await write({
        type: 'event',
        name: 'purchase',
        units: userID ? { userID } : { deviceID },
        time: t + 5000,
        value,
      });
    }
  }
  out.write(buffer);
  out.end();
  await once(out, 'finish');
  return lines;
}
