/**
 * Events before exposure, per variant: when they pile up in one arm (its
 * clients' clocks run ahead of the server that tracks purchases, or it logs
 * its exposure late), that arm loses those events and reads worse for it.
 * The report says where they fell, in every engine, so the reader can tell a
 * real effect from that artefact.
 */
import { describe, expect, it } from 'vitest';
import { analyzeExperiment, analyzeFromStore } from '../../src/analysis/index.js';
import type { MetricDefinition } from '../../src/analysis/index.js';
import { renderHtmlReport, renderTerminalReport } from '../../src/report/index.js';
import type { CustomEvent, ExposureEvent, IdentifyEvent } from '../../src/events/types.js';
import { describePostgres } from '../collector/support/postgres-env.js';
import { BUTTON, DAY, T0, exposure, identify, track } from './fixtures.js';
import { ndjsonStores, postgresStores } from './sql/engine-stores.js';
import type { EngineStores } from './sql/engine-stores.js';
import { expectSameReport } from './sql/same-report.js';

const NOW = T0 + 3 * DAY;
const METRICS: MetricDefinition[] = [{ key: 'purchase', kind: 'conversion', role: 'primary' }];

/**
 * 600 units; green's devices run 2 h fast. A third of the units buy through the server (user id, its clock)
 * a minute after exposure, a third on the device (its clock): green's server-side purchases land before its
 * exposures.
 */
function skewed(): { exposures: ExposureEvent[]; events: CustomEvent[]; identities: IdentifyEvent[] } {
  const exposures: ExposureEvent[] = [];
  const events: CustomEvent[] = [];
  const identities: IdentifyEvent[] = [];
  for (let i = 0; i < 600; i++) {
    const green = i % 2 === 1;
    const skew = green ? 2 * 3_600_000 : 0;
    const real = T0 + Math.floor((i / 600) * 2 * DAY);
    exposures.push(exposure({ deviceID: `d${i}` }, green ? 'green' : 'control', real + skew));
    identities.push(identify({ deviceID: `d${i}`, userID: `u${i}` }, real + skew));
    if (i % 3 === 0) events.push(track({ userID: `u${i}` }, 'purchase', real + 60_000, 20));
    if (i % 3 === 1) events.push(track({ deviceID: `d${i}` }, 'purchase', real + 60_000 + skew, 20));
  }
  return { exposures, events, identities };
}

describe('events before exposure, per variant', () => {
  it('are counted per variant and shown beside the total in both reports', () => {
    const report = analyzeExperiment({ experiment: BUTTON, metrics: METRICS, ...skewed(), now: NOW });
    expect(report.events.beforeExposure).toBe(100);
    expect(report.events.beforeExposureByVariant).toEqual([0, 100]);
    expect(renderTerminalReport(report, { color: false })).toContain('100 before exposure (control 0, green 100)');
    expect(renderHtmlReport(report)).toContain('100 before exposure (control 0, green 100)');
  });

  it('say nothing more when there are none', () => {
    const { exposures, events, identities } = skewed();
    const report = analyzeExperiment({
      experiment: BUTTON,
      metrics: METRICS,
      exposures,
      events: events.filter((e) => e.units.userID === undefined),
      identities,
      now: NOW,
    });
    expect(report.events.beforeExposureByVariant).toEqual([0, 0]);
    expect(renderTerminalReport(report, { color: false })).toContain(' 0 before exposure · ');
  });
});

function sameInEngine(engine: 'duckdb' | 'postgres', stores: () => EngineStores): void {
  it(`${engine} counts them as memory does`, async () => {
    const s = stores();
    try {
      const { exposures, events, identities } = skewed();
      const store = await s.open([...exposures, ...identities, ...events]);
      const options = { experiment: BUTTON, metrics: METRICS, now: NOW };
      const memory = await analyzeFromStore(store, { ...options, engine: 'memory' });
      expect(memory.events.beforeExposureByVariant).toEqual([0, 100]);
      expectSameReport(await analyzeFromStore(store, { ...options, engine }), memory);
    } finally {
      await s.close();
    }
  });
}

describe('events before exposure, per variant, in DuckDB', () => {
  sameInEngine('duckdb', ndjsonStores);
});

describePostgres('events before exposure, per variant, in PostgreSQL', (url) => {
  sameInEngine('postgres', () => postgresStores(url));
});
