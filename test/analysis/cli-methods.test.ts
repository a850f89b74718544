import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnalyze } from '../../src/cli/analyze.js';
import { runCaptured } from '../cli/support.js';
import { createNdjsonStore } from '../../src/collector/index.js';
import type { CustomEvent, ExposureEvent } from '../../src/events/types.js';
import { silentLogger } from '../../src/io/logger.js';
import { DAY, exposure, track } from './fixtures.js';
import { methodsReference } from './stats/methods-reference.js';
import { expectClose } from './stats/reference.js';

// Recent times, so nothing is "in the future" for the command's real clock.
const START = Date.UTC(2025, 0, 20);
const c = methodsReference.cuped[0];
let dir = '';
let store = '';

beforeAll(async () => {
  if (c === undefined) throw new Error('reference case missing');
  dir = await mkdtemp(join(tmpdir(), 'splitkit-analyze-methods-'));
  store = join(dir, 'events.ndjson');
  const exposures: ExposureEvent[] = [];
  const events: CustomEvent[] = [];
  c.units.variant.forEach((v, i) => {
    const deviceID = `u${i}`;
    const entered = START + i * 60_000;
    exposures.push(exposure({ deviceID }, v === 1 ? 'green' : 'control', entered));
    if (c.units.x[i]) events.push(track({ deviceID }, 'spend', entered - DAY, c.units.x[i]));
    if (c.units.y[i]) events.push(track({ deviceID }, 'spend', entered + 3_600_000, c.units.y[i]));
  });
  const writer = await createNdjsonStore({ path: store, logger: silentLogger });
  await writer.append([...exposures, ...events]);
  await writer.close();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (...argv: string[]) => runCaptured(runAnalyze, argv);

const BASE = ['--experiment', 'button_color', '--unit', 'deviceID', '--metric', 'spend:sum'];

describe('splitkit analyze --cuped --sequential', () => {
  it('adjusts with the default lookback, reads before --from, and writes cuped and sequential to the JSON', async () => {
    const json = join(dir, 'report.json');
    const from = new Date(START).toISOString();
    const { code, stdout, stderr } = await run(
      '--store',
      store,
      ...BASE,
      '--from',
      from,
      '--cuped',
      '--sequential',
      '--json',
      json,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('CUPED-adjusted');
    const report = JSON.parse(await readFile(json, 'utf8'));
    const metric = report.metrics[0];
    expect(metric.cuped.status).toBe('adjusted');
    expect(metric.cuped.lookback).toBe(14 * DAY);
    expectClose(metric.cuped.theta, c?.theta ?? 0, 1e-11, 'theta');
    expect(metric.variants[1].cuped.varianceReduction).toBeGreaterThan(0.9);
    const cmp = metric.variants[1].comparison;
    expect(cmp.sequential.method).toMatch(/Waudby-Smith/);
    expect(cmp.sequential.ci).toHaveLength(2);
    expect(cmp.sequential.relativeCi).toHaveLength(2);
    expect(typeof cmp.sequential.pValue).toBe('number');
  });

  it('takes a lookback as a duration', async () => {
    const json = join(dir, 'short.json');
    const { code } = await run('--store', store, ...BASE, '--cuped=12h', '--json', json);
    expect(code).toBe(0);
    const report = JSON.parse(await readFile(json, 'utf8'));
    expect(report.metrics[0].cuped).toMatchObject({ status: 'not adjusted', lookback: 12 * 3_600_000 });
    expect(report.metrics[0].variants[1].comparison.sequential).toBeUndefined();
  });

  it('rejects a malformed duration with exit code 2', async () => {
    const { code, stderr } = await run('--store', store, ...BASE, '--cuped=2w');
    expect(code).toBe(2);
    expect(stderr).toContain('--cuped expects a duration like 14d, 36h or 90m');
  });
});
