/**
 * The added kinds read from real stores: the NDJSON log and PostgreSQL give
 * the report `analyzeExperiment` gives on the same events (the funnel's step
 * events and the kinds' events are in the store query), and `splitkit analyze`
 * takes the kinds as `--metric` specs and writes their fields to `--json`.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeExperiment, analyzeFromStore, parseMetricSpec } from '../../src/analysis/index.js';
import type { ExperimentReport } from '../../src/analysis/index.js';
import { runAnalyze } from '../../src/cli/analyze.js';
import { runCaptured } from '../cli/support.js';
import { createNdjsonStore } from '../../src/collector/index.js';
import { createPostgresStore } from '../../src/collector/postgres-store.js';
import type { EventStore } from '../../src/events/store.js';
import type { CustomEvent, ExposureEvent } from '../../src/events/types.js';
import { silentLogger } from '../../src/io/logger.js';
import { describePostgres, uniqueTable } from '../collector/support/postgres-env.js';
import { BUTTON, DAY, T0 } from './fixtures.js';
import { simulateKinds } from './kinds-fixtures.js';

const SPECS = [
  'latency:quantile:event=page_load:q=0.9:decrease:primary',
  'checkout:funnel:steps=view>add_to_cart>purchase:window=7d',
  'engaged:activeDays:event=app_open:window=7d',
  'd7:retention:event=app_open:day=7',
];
const arm = { units: 300, latency: 200, funnel: [0.6, 0.4, 0.5] as [number, number, number], daily: 0.3 };
const data = simulateKinds(
  { control: arm, green: { ...arm, latency: 170, funnel: [0.6, 0.55, 0.5], daily: 0.36 } },
  13,
);
const NOW = T0 + 40 * DAY;

/** What a store yields, in its order: the reference report must add the same floats in the same order. */
async function readBack(store: EventStore) {
  const exposures: ExposureEvent[] = [];
  const events: CustomEvent[] = [];
  for await (const e of store.read({})) {
    if (e.type === 'exposure') exposures.push(e);
    else if (e.type === 'event') events.push(e);
  }
  return { exposures, events };
}

async function expectSameAsDirect(store: EventStore): Promise<ExperimentReport> {
  const metrics = SPECS.map((s) => parseMetricSpec(s));
  // The memory engine against analyzeExperiment (the SQL engines against memory: test/analysis/sql/kinds-parity.test.ts).
  const fromStore = await analyzeFromStore(store, { experiment: BUTTON, metrics, now: NOW, engine: 'memory' });
  const direct = analyzeExperiment({ experiment: BUTTON, ...(await readBack(store)), metrics, now: NOW });
  // An NDJSON log's lines are checked (none skipped here); arrays and a PostgreSQL table have no lines.
  const { skippedLines, ...rest } = fromStore;
  expect(skippedLines?.count ?? 0).toBe(0);
  expect(JSON.parse(JSON.stringify(rest))).toEqual(JSON.parse(JSON.stringify(direct)));
  return fromStore;
}

function expectKinds(report: ExperimentReport) {
  const [latency, checkout, engaged, d7] = report.metrics;
  expect(latency?.variants[1]?.comparison?.status).toBe('ok');
  expect(checkout?.steps?.map((s) => s.variants[0]?.reached).every((n) => (n ?? 0) > 0)).toBe(true);
  expect(engaged?.variants[0]?.summary.eligibleUnits).toBe(300);
  expect(d7?.measurement?.eligibilityEnd).toBeGreaterThan(T0 + 14 * DAY);
}

let dir = '';
let path = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'splitkit-kinds-'));
  path = join(dir, 'events.ndjson');
  const writer = await createNdjsonStore({ path, logger: silentLogger });
  await writer.append([...data.exposures, ...data.events]);
  await writer.close();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the added kinds from stores', () => {
  it('NDJSON log: the same report as analyzeExperiment on the same events', async () => {
    const store = await createNdjsonStore({ path, logger: silentLogger });
    try {
      expectKinds(await expectSameAsDirect(store));
    } finally {
      await store.close();
    }
  });

  it('splitkit analyze takes --metric specs of every kind and writes their fields to --json', async () => {
    const json = join(dir, 'report.json');
    const html = join(dir, 'report.html');
    const { code, stdout, stderr } = await runCaptured(runAnalyze, [
      '--store',
      path,
      '--experiment',
      BUTTON.key,
      ...SPECS.flatMap((s) => ['--metric', s]),
      '--json',
      json,
      '--html',
      html,
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('checkout (funnel)');
    expect(stdout).toContain('÷ step 1');
    expect(stdout).toContain('Eligible units (days complete');
    expect(stdout).toMatch(/control P90 [\d,.]+ 95% CI \[/);
    for (const line of stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(100);

    const report = JSON.parse(await readFile(json, 'utf8'));
    const byKey = Object.fromEntries(report.metrics.map((m: { metric: { key: string } }) => [m.metric.key, m]));
    expect(byKey.latency.metric).toMatchObject({
      kind: 'quantile',
      event: 'page_load',
      quantile: 0.9,
      role: 'primary',
    });
    expect(byKey.latency.variants[1].comparison).toMatchObject({ status: 'ok' });
    for (const field of [
      'pValue',
      'ci',
      'relativeCi',
      'adjustedPValue',
      'chanceToBeat',
      'expectedLoss',
      'credibleInterval',
    ])
      expect(byKey.latency.variants[1].comparison).toHaveProperty(field);
    expect(byKey.latency.variants[0].summary.quantile).toMatchObject({
      values: expect.any(Number),
      ci: expect.any(Array),
    });
    expect(byKey.checkout.metric).toMatchObject({
      kind: 'funnel',
      steps: ['view', 'add_to_cart', 'purchase'],
      window: 7 * DAY,
    });
    expect(byKey.checkout.steps[1].variants[1]).toHaveProperty('stepComparison.adjustedPValue');
    expect(byKey.checkout.steps[1].variants[1].stepComparison.correction.family).toBe('steps:checkout');
    expect(byKey.engaged.variants[0].summary).toHaveProperty('eventsPerUnitDay');
    expect(byKey.d7.measurement).toHaveProperty('eligibilityEnd');
    expect(byKey.d7.metric).toMatchObject({ kind: 'retention', day: 7 });

    const page = await readFile(html, 'utf8');
    expect(page).toContain('<svg class="funnel"');
    expect(page).toContain('Funnel checkout: share of units reaching each step, per variant');
    expect(page).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });
});

describePostgres('the added kinds from PostgreSQL', (url) => {
  const table = uniqueTable();
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP TABLE IF EXISTS "${table}"`);
    await admin.end();
  });

  it('gives the same report as analyzeExperiment on the same events', async () => {
    const store = await createPostgresStore({ connectionString: url, table, logger: silentLogger });
    try {
      await store.append([...data.exposures, ...data.events]);
      expectKinds(await expectSameAsDirect(store));
    } finally {
      await store.close();
    }
  });
});
