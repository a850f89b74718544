/**
 * `splitkit analyze --html` and `--json` where the file cannot simply be written. Before, a missing folder
 * failed with Node's `ENOENT: no such file or directory, open '…'` once the report had printed, naming no
 * option, and a failed `--html` left `--json` unwritten. Now the folder is made (as `types --out` makes its
 * own), both files are tried, and each failure names its option and file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnalyze } from '../../src/cli/analyze.js';
import { createNdjsonStore } from '../../src/collector/index.js';
import { silentLogger } from '../../src/io/logger.js';
import { simulate } from '../analysis/fixtures.js';
import { runCaptured } from './support.js';

let dir = '';
let store = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'splitkit-analyze-outputs-'));
  store = join(dir, 'events.ndjson');
  const data = simulate(
    {
      control: { units: 200, conversion: 0.1, revenue: 20, latency: 100 },
      green: { units: 200, conversion: 0.2, revenue: 20, latency: 100 },
    },
    5,
  );
  const writer = await createNdjsonStore({ path: store, logger: silentLogger });
  await writer.append([...data.exposures, ...data.events]);
  await writer.close();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ANALYZE = () => ['--store', store, '--experiment', 'button_color', '--metric', 'purchase:conversion'];

describe('splitkit analyze --html and --json', () => {
  it('makes a folder that does not exist yet', async () => {
    const html = join(dir, 'reports', '2026', 'report.html');
    const json = join(dir, 'reports', 'json', 'report.json');
    const run = await runCaptured(runAnalyze, [...ANALYZE(), '--html', html, '--json', json]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>/i);
    expect(JSON.parse(readFileSync(json, 'utf8')).experiment.key).toBe('button_color');
  });

  it('a path it cannot write: exit 1 naming the option and the file; the other file is still written', async () => {
    const taken = join(dir, 'taken');
    await mkdir(taken);
    const json = join(dir, 'out', 'report.json');
    const run = await runCaptured(runAnalyze, [...ANALYZE(), '--html', taken, '--json', json]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`splitkit analyze: --html ${taken}: cannot write the file: is a directory\n`);
    expect(run.stdout).toContain('Verdict');
    expect(existsSync(json)).toBe(true);
  });
});
