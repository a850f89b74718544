import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { analyzeExperiment } from '../../src/analysis/index.js';
import { runAnalyze } from '../../src/cli/analyze.js';
import { runCaptured } from '../cli/support.js';
import { createNdjsonStore } from '../../src/collector/index.js';
import { silentLogger } from '../../src/io/logger.js';
import { BUTTON, BUTTON_RULESET, T0, identify, simulate, track } from './fixtures.js';
import { expectSameReport } from './sql/same-report.js';

let dir = '';
let store = '';
const data = simulate(
  {
    control: { units: 2000, conversion: 0.1, revenue: 20, latency: 100 },
    green: { units: 2000, conversion: 0.2, revenue: 20, latency: 100 },
  },
  77,
);
const deviceID = data.exposures[0]?.units.deviceID ?? '';
const link = identify({ deviceID, userID: 'u1' }, T0);
const late = track({ userID: 'u1' }, 'purchase', T0 + 20 * 86_400_000, 5);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'splitkit-analyze-'));
  store = join(dir, 'events.ndjson');
  const writer = await createNdjsonStore({ path: store, logger: silentLogger });
  await writer.append([...data.exposures, ...data.events, link, late]);
  await writer.close();
  await writeFile(join(dir, 'ruleset.json'), JSON.stringify(BUTTON_RULESET));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs the command in process, capturing what it prints. */
function run(...argv: string[]) {
  return runCaptured(runAnalyze, argv);
}

/** `splitkit analyze` of the fixture store's button_color experiment, with `argv` after it. */
function runButton(...argv: string[]) {
  return run('--store', store, '--experiment', 'button_color', ...argv);
}

const METRICS = [
  '--metric',
  'purchase:conversion',
  '--metric',
  'revenue:sum:event=purchase:winsorize=0.99',
  '--guardrail',
  'latency:sum:decrease',
];

describe('splitkit analyze', () => {
  it('analyzes an NDJSON log end to end, printing the table and writing HTML and JSON', async () => {
    const html = join(dir, 'report.html');
    const json = join(dir, 'report.json');
    const { code, stdout, stderr } = await runButton(
      ...METRICS,
      '--segment',
      'country',
      '--html',
      html,
      '--json',
      json,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // 10% -> 20% at 2,000 per arm (z ≈ 12.6); latency unchanged (seed fixed).
    expect(stdout).toContain('Verdict: SHIP green');
    expect(stdout).toContain('equal weights assumed');
    expect(stdout).toContain('Segments by country');
    expect(stdout).toContain(`HTML report written to ${html}`);

    const page = await readFile(html, 'utf8');
    expect(page).toContain('<div class="decision">SHIP: green</div>');
    expect(page).not.toMatch(/https?:/);

    const report = JSON.parse(await readFile(json, 'utf8'));
    const expected = analyzeExperiment({
      experiment: {
        ...BUTTON,
        control: 'control',
        variants: [
          { key: 'control', weight: 1 },
          { key: 'green', weight: 1 },
        ],
      },
      exposures: data.exposures,
      events: [...data.events, late],
      identities: [link],
      metrics: [
        { key: 'purchase', kind: 'conversion', role: 'primary' },
        { key: 'revenue', kind: 'sum', role: 'secondary', event: 'purchase', winsorize: { upper: 0.99 } },
        { key: 'latency', kind: 'sum', role: 'guardrail', direction: 'decrease' },
      ],
      segments: ['country'],
    });
    // The default engine for a log is DuckDB when installed: equal to the in-memory report within the engines' parity tolerance.
    expectSameReport(report.metrics, JSON.parse(JSON.stringify(expected.metrics)));
    expect(report.events.stitched).toBe(1);
  });

  it('adds effects over time with --timeline: the JSON timeline, the chart and the terminal line', async () => {
    const html = join(dir, 'timeline.html');
    const json = join(dir, 'timeline.json');
    const args = ['--store', store, '--experiment', 'button_color', ...METRICS, '--html', html, '--json', json];
    const { code, stdout } = await run(...args, '--timeline');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Over time \(cumulative lift by day since the first exposure, 20 days\)/);
    expect(stdout).toMatch(/ {2}purchase green: day 1 [^\n]* → day 20 /);
    const report = JSON.parse(await readFile(json, 'utf8'));
    expect(report.timeline).toMatchObject({
      days: 20,
      maxDays: 90,
      truncated: false,
      metrics: ['purchase', 'latency'],
    });
    expect(report.metrics[0].timeline).toHaveLength(20);
    expect(report.metrics[0].timeline[19].comparisons[0]).toMatchObject({ variant: 'green', status: 'ok' });
    expect(await readFile(html, 'utf8')).toContain(
      'aria-label="Cumulative relative lift of purchase against control, by day"',
    );
    // Without the flag: no timeline anywhere.
    const plain = await run(...args);
    expect(plain.stdout).not.toContain('Over time');
    expect(JSON.parse(await readFile(json, 'utf8')).timeline).toBeUndefined();
  });

  it('writes the per-comparison names the checks read, and takes --correction and a guardrail margin', async () => {
    const json = join(dir, 'names.json');
    const { code } = await runButton(
      '--metric',
      'purchase:conversion',
      '--metric',
      'revenue:sum:event=purchase',
      '--guardrail',
      'latency:sum:decrease:margin=0.02',
      '--segment',
      'country',
      '--correction',
      'holm',
      '--json',
      json,
    );
    expect(code).toBe(0);
    const report = JSON.parse(await readFile(json, 'utf8'));
    const latency = report.metrics[2].variants[1].comparison;
    for (const name of [
      'pValue',
      'ci',
      'relativeCi',
      'adjustedPValue',
      'chanceToBeat',
      'expectedLoss',
      'credibleInterval',
    ])
      expect(latency).toHaveProperty(name);
    expect(latency.guardrail).toMatchObject({ margin: 0.02 });
    expect(['pass', 'fail']).toContain(latency.guardrail.status);
    const segment = report.segments[0].values[0].metrics[0].variants[1].comparison;
    expect(segment).toMatchObject({ exploratory: true, correction: { family: 'segments:country', method: 'holm' } });
    expect(segment.adjustedPValue).toBeGreaterThanOrEqual(segment.pValue);
    expect(report.metrics[1].variants[1].comparison).toMatchObject({ exploratory: true });
    const bad = await runButton('--metric', 'purchase:conversion', '--correction', 'bonferroni');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--correction expects benjamini-hochberg, holm, none, got "bonferroni"');
  });

  it('reads unit, variants and weights from --ruleset', async () => {
    const { code, stdout } = await runButton(
      ...METRICS,
      '--ruleset',
      join(dir, 'ruleset.json'),
      '--confidence',
      '0.99',
    );
    expect(code).toBe(0);
    expect(stdout).not.toContain('equal weights assumed');
    expect(stdout).toContain('99% confidence');
    expect(stdout).toMatch(/control +50 +50\.0%/);
  });

  it('runs in the engine --engine names, each giving the same report', async () => {
    const reports = [];
    for (const engine of ['memory', 'duckdb']) {
      const json = join(dir, `engine-${engine}.json`);
      const { code } = await runButton(...METRICS, '--engine', engine, '--json', json);
      expect(code).toBe(0);
      reports.push(JSON.parse(await readFile(json, 'utf8')));
    }
    expect(reports[0].units).toBe(4000);
    expectSameReport(reports[1], reports[0]);
    const wrong = await run('--store', store, '--experiment', 'button_color', ...METRICS, '--engine', 'postgres');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('the postgres engine needs a PostgreSQL store');
    const typo = await run('--store', store, '--experiment', 'button_color', ...METRICS, '--engine', 'sqlite');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('--engine expects memory, duckdb, postgres, got "sqlite"');
  });

  it('prints the SQL of the chosen engine with --print-sql and runs nothing', async () => {
    const json = join(dir, 'not-written.json');
    const { code, stdout } = await runButton(...METRICS, '--segment', 'country', '--print-sql', '--json', json);
    expect(code).toBe(0);
    expect(stdout).toContain('the duckdb engine');
    expect(stdout).toContain(`read_ndjson_objects(['${store}']`);
    expect(stdout).toContain('CREATE TEMP TABLE sk_units AS');
    expect(stdout).toContain('percentile_cont(0.99) WITHIN GROUP (ORDER BY m1)');
    // The segment's values past the shown ones are pooled into (other) in the engine (sk_shown0 names the shown).
    expect(stdout).toContain('LEFT JOIN sk_shown0 s ON s.label = v.seg0');
    expect(stdout).toMatch(/GROUP BY coalesce\(s\.grp, [^)]+\), v\.variant/);
    await expect(readFile(json, 'utf8')).rejects.toThrow();
    const memory = await runButton(...METRICS, '--engine', 'memory', '--print-sql');
    expect(memory.code).toBe(2);
    expect(memory.stderr).toContain('the memory engine runs no SQL');
    // Every built-in kind has a SQL form now: a quantile prints its sample stage rather than a fallback.
    const quantile = await runButton(...METRICS, '--metric', 'p99:quantile:event=purchase:q=0.99', '--print-sql');
    expect(quantile.code).toBe(0);
    expect(quantile.stdout).toContain('CREATE TEMP TABLE sk_sample');
  });

  it('prints the stages of CUPED and of the timeline with --print-sql', async () => {
    const { code, stdout } = await runButton(...METRICS, '--cuped=7d', '--timeline', '--print-sql');
    expect(code).toBe(0);
    expect(stdout).toContain('CREATE TEMP TABLE sk_pre_tallies AS');
    expect(stdout).toContain('a.t >= u.entered - 604800000.0');
    expect(stdout).toContain('CREATE TEMP TABLE sk_cuped_fit AS');
    expect(stdout).toContain('CREATE TEMP TABLE sk_tl_owners AS');
    expect(stdout).toContain('FROM sk_tl_values v JOIN sk_tl_caps c ON c.day = v.day');
  });

  it('prints help', async () => {
    const { code, stdout } = await run('--help');
    expect(code).toBe(0);
    expect(stdout).toContain('Metric spec: <key>:<kind>');
  });

  it.each([
    [['--experiment', 'x', '--metric', 'a:conversion'], '--store is required'],
    [['--store', 'x', '--metric', 'a:conversion'], '--experiment is required'],
    [['--store', 'x', '--experiment', 'x'], 'at least one --metric'],
    [['--store', 'x', '--experiment', 'x', '--metric', 'a:median'], 'unknown kind'],
    [['--store', 'x', '--experiment', 'x', '--metric', 'a:count', '--confidence', '95'], '--confidence expects'],
    [['--store', 'x', '--experiment', 'x', '--metric', 'a:count', '--from', 'yesterday'], '--from expects'],
    [['--store', 'x', '--experiment', 'x', '--metric', 'a:count', '--bogus'], 'Unknown option'],
    // parseArgs keeps the last of a repeated option: analyzing another store or experiment without a word.
    [['--store', 'a', '--store', 'b', '--experiment', 'x', '--metric', 'a:count'], '--store given twice'],
    [['--store', 'a', '--experiment', 'x', '--experiment=y', '--metric', 'a:count'], '--experiment given twice'],
    [
      ['--store', 'a', '--experiment', 'x', '--metric', 'a:count', '--sequential', '--sequential'],
      '--sequential given twice',
    ],
  ])('exits 2 on a bad command line %j', async (argv, message) => {
    const { code, stderr } = await run(...argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('exits 1 when the store or the experiment cannot be read', async () => {
    const missing = await run('--store', join(dir, 'nope.ndjson'), '--experiment', 'button_color', ...METRICS);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('STORE_FAILED');
    const unknown = await run('--store', store, '--experiment', 'nope', ...METRICS);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('has exposures of 0 variant(s)');
    const notInRuleset = await run(
      '--store',
      store,
      '--experiment',
      'nope',
      ...METRICS,
      '--ruleset',
      join(dir, 'ruleset.json'),
    );
    expect(notInRuleset.code).toBe(1);
    expect(notInRuleset.stderr).toContain('no such experiment');
  });
});
