/**
 * `tsx bench/analysis/segment-cardinality.ts [runs]`: the DuckDB analysis of the 100k-unit bench log
 * segmented by `country` (7 values) and by `uid` (a value per unit), each run in a fresh process
 * (bench/analysis/child.ts, parsing the log), with the median wall and CPU seconds and peak RSS of `runs`
 * runs (default 3). Only the shown values' statistics should leave the engine, so the per-unit attribute
 * should cost about what `country` costs (docs/scale.md). `BENCH_ANALYSIS_ENGINES=postgres` (with
 * SPLITKIT_PG_URL) runs PostgreSQL instead, on a table of the log it loads first and drops after.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { loadPostgres } from './load-postgres.js';
import { loadAverages, runChild } from './child-run.js';
import { generateLog } from './generate.js';

const DIR = '.tmp/bench-analysis';
const UNITS = 100_000;
const runs = Number(process.argv[2] ?? 3);
const path = join(DIR, `units-${UNITS}-uid.ndjson`);
mkdirSync(DIR, { recursive: true });
if (!existsSync(path)) {
  await generateLog(`${path}.part`, UNITS, 14, 'uid');
  renameSync(`${path}.part`, path);
}

interface Run {
  seconds: number;
  cpuSeconds: number;
  peakMb: number;
  units: number;
  segmentValues: number[];
}

const engine = process.env.BENCH_ANALYSIS_ENGINES ?? 'duckdb';
const pgUrl = process.env.SPLITKIT_PG_URL ?? '';
const table = 'bench_analysis_100000_uid';
if (engine === 'postgres') await loadPostgres(pgUrl, path, table);
const location = engine === 'postgres' ? `${pgUrl}#${table}` : path;

function child(segments: string): Run {
  return runChild<Run>(engine, location, { BENCH_ANALYSIS_COLUMN_CACHE: 'off', BENCH_ANALYSIS_SEGMENTS: segments });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

// Alternated, so a change in the machine's load weighs on both attributes alike.
const results = new Map<string, Run[]>([
  ['country', []],
  ['uid', []],
]);
for (let i = 0; i < runs; i++) {
  for (const [segments, list] of results) {
    const run = child(segments);
    list.push(run);
    console.log(
      `${segments}: ${run.seconds.toFixed(1)} s (${run.cpuSeconds.toFixed(1)} CPU-s), peak ${run.peakMb.toFixed(0)} MB, ${run.units} units, ${run.segmentValues.join(',')} values shown (load ${loadAverages()})`,
    );
  }
}
if (engine === 'postgres') {
  const admin = new pg.Pool({ connectionString: pgUrl, max: 1 });
  await admin.query(`DROP TABLE IF EXISTS "${table}"`);
  await admin.end();
}
for (const [segments, list] of results) {
  console.log(
    `${engine}, median of ${list.length}, segments ${segments}: ${median(list.map((r) => r.seconds)).toFixed(1)} s, ${median(list.map((r) => r.cpuSeconds)).toFixed(1)} CPU-s, peak ${median(list.map((r) => r.peakMb)).toFixed(0)} MB`,
  );
}
