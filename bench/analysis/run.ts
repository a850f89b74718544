/**
 * `npm run bench:analysis`: wall and CPU seconds and peak memory of one experiment
 * analysis per engine, on seeded logs of 100k and 1M units (about ten events
 * each; `--10m` adds 10M units), and each engine's speedup over the in-memory
 * path. DuckDB runs three ways: parsing the log (no column cache), the first
 * analysis with the column cache (which converts the whole log to Parquet),
 * and later analyses reading the cache (median of three). Each run is a
 * fresh process (bench/analysis/child.ts), so its peak
 * RSS is its own. PostgreSQL runs when SPLITKIT_PG_URL is set (on the 100k log
 * only, unless BENCH_ANALYSIS_PG_MAX_UNITS raises the limit: loading takes
 * longer than analyzing). Logs are cached in .tmp/bench-analysis.
 *
 * Environment: BENCH_ANALYSIS_ENGINES (default memory,duckdb,postgres),
 * BENCH_ANALYSIS_MEMORY_MAX_UNITS (skip the slow in-memory path above it; default 1,000,000).
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { loadPostgres } from './load-postgres.js';
import { loadAverages, runChild } from './child-run.js';
import { formatTable } from '../table.js';
import { generateLog } from './generate.js';

const DIR = '.tmp/bench-analysis';
const sizes = [100_000, 1_000_000, ...(process.argv.includes('--10m') ? [10_000_000] : [])];
const engines = (process.env.BENCH_ANALYSIS_ENGINES ?? 'memory,duckdb,postgres').split(',');
const pgUrl = process.env.SPLITKIT_PG_URL || undefined;
const pgMaxUnits = Number(process.env.BENCH_ANALYSIS_PG_MAX_UNITS ?? 100_000);
const memoryMaxUnits = Number(process.env.BENCH_ANALYSIS_MEMORY_MAX_UNITS ?? 1_000_000);

interface Run {
  engine: string;
  seconds: number;
  cpuSeconds: number;
  peakMb: number;
  units: number;
  counted: number;
}

console.log(
  `bench:analysis on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load ${loadAverages()}`,
);
mkdirSync(DIR, { recursive: true });

function child(engine: string, location: string, columnCache?: 'on' | 'off'): Run {
  return runChild<Run>(engine, location, columnCache ? { BENCH_ANALYSIS_COLUMN_CACHE: columnCache } : {});
}

/** DuckDB three ways: parsing the log, building its column cache, and reading the cache (median of three). */
function duckdbRuns(path: string): Run[] {
  const parsed = { ...child('duckdb', path, 'off'), engine: 'duckdb, parsing the log' };
  rmSync(`${path}.columns`, { recursive: true, force: true });
  const building = { ...child('duckdb', path, 'on'), engine: 'duckdb, building the column cache' };
  const cached = [0, 1, 2].map(() => child('duckdb', path, 'on')).sort((a, b) => a.seconds - b.seconds)[1] as Run;
  return [parsed, building, { ...cached, engine: 'duckdb, column cache (median of 3)' }];
}

const results: { units: number; lines: number; runs: Run[] }[] = [];
for (const units of sizes) {
  const path = join(DIR, `units-${units}.ndjson`);
  let lines = 0;
  if (!existsSync(path)) {
    const started = performance.now();
    lines = await generateLog(`${path}.part`, units);
    renameSync(`${path}.part`, path);
    console.log(
      `wrote ${lines.toLocaleString('en-US')} lines for ${units.toLocaleString('en-US')} units in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  } else {
    lines = Number(execFileSync('wc', ['-l', path], { encoding: 'utf8' }).trim().split(' ')[0]);
  }
  const runs: Run[] = [];
  for (const engine of engines) {
    if (engine === 'memory' && units > memoryMaxUnits) continue;
    if (engine === 'postgres') {
      if (pgUrl === undefined || units > pgMaxUnits) continue;
      const table = `bench_analysis_${units}`;
      await loadPostgres(pgUrl, path, table);
      const run = child('postgres', `${pgUrl}#${table}`);
      runs.push(run);
    } else if (engine === 'duckdb') {
      runs.push(...duckdbRuns(path));
    } else {
      runs.push(child(engine, path));
    }
    for (const run of runs.slice(engine === 'duckdb' ? -3 : -1)) {
      console.log(
        `  ${units.toLocaleString('en-US')} units, ${run.engine}: ${run.seconds.toFixed(1)} s (${run.cpuSeconds.toFixed(1)} CPU-s), peak ${run.peakMb.toFixed(0)} MB (load ${loadAverages()})`,
      );
    }
  }
  results.push({ units, lines, runs });
}

const rows = results.flatMap(({ units, lines, runs }) => {
  const memory = runs.find((r) => r.engine === 'memory');
  return runs.map((r) => [
    units.toLocaleString('en-US'),
    lines.toLocaleString('en-US'),
    r.engine,
    r.seconds.toFixed(1),
    r.cpuSeconds.toFixed(1),
    r.peakMb.toFixed(0),
    memory ? `${(memory.seconds / r.seconds).toFixed(1)}×` : '–',
  ]);
});
console.log(formatTable(['units', 'lines', 'engine', 'seconds', 'CPU s', 'peak MB', 'vs memory'], rows));
writeFileSync('.tmp/bench-analysis.json', `${JSON.stringify({ load: loadavg(), results }, null, 2)}\n`);
