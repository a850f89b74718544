import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeFromStore, inferDesign } from '../../../src/analysis/index.js';
import { inferDesignInEngine } from '../../../src/analysis/from-store.js';
import { createNdjsonStore } from '../../../src/collector/ndjson-store.js';
import {
  NOW,
  carriedUnitExposures,
  dayKindMetrics,
  oddExposures,
  parityEvents,
  parityOptions,
} from './parity-fixture.js';
import { expectSameReport } from './same-report.js';
import { writeEventLog } from './event-log.js';

const dir = mkdtempSync(join(tmpdir(), 'splitkit-duckdb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeLog(name: string, events: object[], tail = ''): string {
  return writeEventLog(join(dir, name), events, tail);
}

describe('the duckdb engine', () => {
  it('gives the in-memory report on messy data: exclusions, stitching, invalid data, caps, segments', async () => {
    // A torn last line (a write in progress) and a line that is not JSON are skipped by both engines.
    const path = writeLog('messy.ndjson', parityEvents(), '{"id":"torn","type":"ev');
    writeFileSync(path, `${'not json\n'}`, { flag: 'a' });
    const store = await createNdjsonStore({ path, readOnly: true });
    const memory = await analyzeFromStore(store, { ...parityOptions, engine: 'memory' });
    const duckdb = await analyzeFromStore(store, { ...parityOptions, engine: 'duckdb' });
    // The column cache keeps what the parse keeps: the torn line and the line that is not JSON are not rows.
    const cached = await analyzeFromStore(store, { ...parityOptions, engine: 'duckdb', columnCache: true });
    await store.close();
    // The fixture exercises what it claims.
    expect(memory.exclusions.multipleVariants).toBeGreaterThan(0);
    expect(memory.exclusions.notRandomized).toBe(1);
    expect(memory.exclusions.unknownVariant).toBe(1);
    expect(memory.exclusions.missingUnit).toBe(1);
    expect(memory.invalid.exposures.badTime).toBe(1);
    expect(memory.invalid.exposures.futureTime).toBe(1);
    expect(memory.invalid.events.nonNumberValue).toBe(1);
    expect(memory.invalid.events.outOfRangeValue).toBe(1);
    expect(memory.events.stitched).toBeGreaterThan(10);
    expect(memory.events.beforeExposure).toBeGreaterThan(0);
    expect(memory.metrics[1]?.measurement?.caps?.upper?.units).toBeGreaterThan(0);
    expect(memory.segments[0]?.values.map((v) => v.value)).toContain('(other)');
    expect(memory.segments[1]?.values.map((v) => v.value)).toEqual(expect.arrayContaining(['(none)', '3']));
    expectSameReport(duckdb, memory);
    expectSameReport(cached, memory);
  });

  it('gives the in-memory report on shapes the types do not allow: null attributes, identify times that are not numbers', async () => {
    const events = parityEvents(5) as Record<string, unknown>[];
    const exposures = events.filter((e) => e['type'] === 'exposure');
    // Before, the in-memory engine threw a TypeError on the first and stitched through the others (DuckDB did not).
    exposures[0]!['attributes'] = null;
    exposures[1]!['attributes'] = 'DE';
    const links = ['2024-05-02', null, { at: 1 }].map((time, k) => ({
      id: `link${k}`,
      type: 'identify',
      name: 'identify',
      units: { deviceID: (exposures[k + 2]!['units'] as { deviceID: string }).deviceID, userID: `late${k}` },
      time,
      source: 'client',
    }));
    const orphans = links.map((_, k) => ({
      id: `orphan${k}`,
      type: 'event',
      name: 'purchase',
      units: { userID: `late${k}` },
      time: NOW - DAY_MS,
      value: 5,
      source: 'client',
    }));
    const path = writeLog('shapes.ndjson', [...events, ...links, ...orphans]);
    const store = await createNdjsonStore({ path, readOnly: true });
    const memory = await analyzeFromStore(store, { ...parityOptions, engine: 'memory' });
    const duckdb = await analyzeFromStore(store, { ...parityOptions, engine: 'duckdb' });
    await store.close();
    expect(memory.events.unattributed).toBeGreaterThanOrEqual(3);
    expectSameReport(duckdb, memory);
  });

  it('gives the in-memory report within an analysis window', async () => {
    const path = writeLog('window.ndjson', parityEvents(11));
    const store = await createNdjsonStore({ path, readOnly: true });
    const options = { ...parityOptions, from: NOW - 59 * DAY_MS, to: NOW - 56 * DAY_MS };
    const memory = await analyzeFromStore(store, { ...options, engine: 'memory' });
    const duckdb = await analyzeFromStore(store, { ...options, engine: 'duckdb' });
    const cached = await analyzeFromStore(store, { ...options, engine: 'duckdb', columnCache: true });
    await store.close();
    expect(memory.units).toBeGreaterThan(50);
    expectSameReport(duckdb, memory);
    expectSameReport(cached, memory);
  });

  it('gives the in-memory report with sequential testing (confidence sequences from the same aggregates)', async () => {
    const path = writeLog('sequential.ndjson', parityEvents(5));
    const store = await createNdjsonStore({ path, readOnly: true });
    const options = { ...parityOptions, sequential: true };
    const memory = await analyzeFromStore(store, { ...options, engine: 'memory' });
    const duckdb = await analyzeFromStore(store, { ...options, engine: 'duckdb' });
    const chosen = await analyzeFromStore(store, options);
    await store.close();
    const sequences = memory.metrics.flatMap((m) =>
      m.variants.flatMap((v) => (v.comparison?.status === 'ok' ? [v.comparison.sequential] : [])),
    );
    expect(sequences.length).toBeGreaterThan(0);
    expect(sequences.every((s) => s !== undefined)).toBe(true);
    expectSameReport(duckdb, memory);
    // No fallback: the default engine stays DuckDB and adds no note.
    expectSameReport(chosen, memory);
  });

  it('gives the in-memory report of active-day and retention metrics, overall and per segment', async () => {
    const path = writeLog('days.ndjson', parityEvents(13));
    const store = await createNdjsonStore({ path, readOnly: true });
    const options = { ...parityOptions, metrics: [...parityOptions.metrics, ...dayKindMetrics] };
    const memory = await analyzeFromStore(store, { ...options, engine: 'memory' });
    const duckdb = await analyzeFromStore(store, { ...options, engine: 'duckdb' });
    const chosen = await analyzeFromStore(store, options);
    // Within a window, `to` is the end the days must be complete by.
    const bounded = { ...options, from: NOW - 59 * DAY_MS, to: NOW - 56 * DAY_MS };
    const memoryBounded = await analyzeFromStore(store, { ...bounded, engine: 'memory' });
    const duckdbBounded = await analyzeFromStore(store, { ...bounded, engine: 'duckdb' });
    await store.close();
    const engaged = memory.metrics.find((m) => m.metric.key === 'engaged')?.variants ?? [];
    // Some units' days are complete and some not, so eligibility is exercised.
    expect(engaged.every((r) => (r.summary.eligibleUnits ?? 0) > 0)).toBe(true);
    expect(engaged.some((r) => (r.summary.eligibleUnits ?? 0) < (r.summary.enrolledUnits ?? 0))).toBe(true);
    expect(engaged[0]?.summary.eventsPerUnitDay).toBeGreaterThan(0);
    const retained = memory.metrics.find((m) => m.metric.key === 'clicked_d3')?.variants ?? [];
    expect(retained.every((r) => r.summary.total > 0)).toBe(true);
    expectSameReport(duckdb, memory);
    expectSameReport(chosen, memory);
    expect(memoryBounded.metrics.at(-1)?.measurement?.eligibilityEnd).toBe(bounded.to);
    expectSameReport(duckdbBounded, memoryBounded);
  });

  it('is the default engine for an NDJSON store when the package is installed', async () => {
    const path = writeLog('default.ndjson', parityEvents(3));
    const store = await createNdjsonStore({ path, readOnly: true });
    const chosen = await analyzeFromStore(store, parityOptions);
    const memory = await analyzeFromStore(store, { ...parityOptions, engine: 'memory' });
    await store.close();
    expectSameReport(chosen, memory);
  });
});

const DAY_MS = 86_400_000;

describe('inferring the design in DuckDB', () => {
  it('guesses what the in-memory reading guesses: variants, control and unit', async () => {
    const path = writeLog('infer.ndjson', [...parityEvents(13), ...oddExposures()]);
    const store = await createNdjsonStore({ path, readOnly: true });
    const memory = await inferDesign(store, 'button_color');
    const duckdb = await inferDesignInEngine(store, 'button_color', {}, 'duckdb');
    const cached = await inferDesignInEngine(store, 'button_color', {}, 'duckdb', true);
    await store.close();
    expect(cached).toEqual(memory);
    // The fixture's forced 'purple' exposure is a variant seen, as in memory; a variant that is not a string is not.
    expect(memory.experiment.variants.map((v) => v.key)).toEqual(['control', 'green', 'purple']);
    expect(duckdb).toEqual(memory);
  });

  it('takes the unit carried most when no exposure names one as a string, as in memory', async () => {
    const store = await createNdjsonStore({ path: writeLog('carried.ndjson', carriedUnitExposures()), readOnly: true });
    const memory = await inferDesign(store, 'button_color');
    const duckdb = await inferDesignInEngine(store, 'button_color', {}, 'duckdb');
    const cached = await inferDesignInEngine(store, 'button_color', {}, 'duckdb', true);
    await store.close();
    expect(cached).toEqual(memory);
    expect(memory.experiment).toMatchObject({ unit: 'userID', control: 'a' });
    expect(duckdb).toEqual(memory);
  });
});
