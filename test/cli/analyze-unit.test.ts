/**
 * `splitkit analyze --unit`: given beside `--ruleset` it was ignored without a word (the ruleset's unit was used);
 * given a unit the exposures do not carry, the command said "no exposures of experiment … found in the store"
 * although there were, every one left out for want of that unit. The first is now a usage error, and the second
 * names the unit and how many exposures lacked it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnalyze } from '../../src/cli/analyze.js';
import { createNdjsonStore } from '../../src/collector/index.js';
import { silentLogger } from '../../src/io/logger.js';
import { BUTTON_RULESET, simulate } from '../analysis/fixtures.js';
import { runCaptured } from './support.js';

let dir = '';
let store = '';
let exposures = 0;
const ANALYZE = () => ['--store', store, '--experiment', 'button_color', '--metric', 'purchase:conversion'];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'splitkit-analyze-unit-'));
  store = join(dir, 'events.ndjson');
  const data = simulate(
    {
      control: { units: 50, conversion: 0.1, revenue: 20, latency: 100 },
      green: { units: 50, conversion: 0.2, revenue: 20, latency: 100 },
    },
    9,
  );
  exposures = data.exposures.length;
  const writer = await createNdjsonStore({ path: store, logger: silentLogger });
  await writer.append([...data.exposures, ...data.events]);
  await writer.close();
  await writeFile(join(dir, 'ruleset.json'), JSON.stringify(BUTTON_RULESET));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('splitkit analyze --unit', () => {
  it('beside --ruleset: exit 2, where it was ignored', async () => {
    const run = await runCaptured(runAnalyze, [
      ...ANALYZE(),
      '--ruleset',
      join(dir, 'ruleset.json'),
      '--unit',
      'userID',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(
      "splitkit analyze: --unit and --ruleset: the ruleset names the experiment's unit; give --unit only without --ruleset",
    );
  });

  it('a unit no exposure carries: says so, with the count, instead of "no exposures … found"', async () => {
    const run = await runCaptured(runAnalyze, [...ANALYZE(), '--unit', 'userID']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      `splitkit analyze: no exposure of experiment "button_color" carries its unit userID (${exposures} exposure(s) ` +
        'without it were left out): check --unit, or the unit the ruleset names\n',
    );
  });
});
