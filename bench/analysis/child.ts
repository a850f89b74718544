/**
 * One timed analysis in a fresh process, so its peak memory is its own:
 * `tsx bench/analysis/child.ts <engine> <store>`; prints one JSON line.
 * `BENCH_ANALYSIS_METHODS=cuped,timeline` turns those options on; `BENCH_ANALYSIS_COLUMN_CACHE=on|off`
 * sets DuckDB's `columnCache`; `BENCH_ANALYSIS_SEGMENTS=uid` segments by those attributes (default `country`).
 */
import { analyzeFromStore } from '../../src/analysis/index.js';
import type { AnalysisEngine } from '../../src/analysis/index.js';
import { openEventStore } from '../../src/collector/open-store.js';
import { createPostgresStore } from '../../src/collector/postgres-store.js';
import { BENCH_METRICS, EXPERIMENT } from './generate.js';

const [engine, location] = process.argv.slice(2) as [AnalysisEngine, string];
// `postgres://…#table` names the bench's own table.
const [url, table] = location.split('#');
const store =
  table === undefined
    ? await openEventStore(location, { readOnly: true })
    : await createPostgresStore({ connectionString: url ?? '', table });
const start = performance.now();
const cpuStart = process.cpuUsage();
const report = await analyzeFromStore(store, {
  experiment: EXPERIMENT,
  metrics: BENCH_METRICS,
  segments: (process.env.BENCH_ANALYSIS_SEGMENTS ?? 'country').split(','),
  engine,
  // BENCH_ANALYSIS_COLUMN_CACHE=on|off: DuckDB through the log's column cache, or parsing the log (default: by size).
  ...(process.env.BENCH_ANALYSIS_COLUMN_CACHE ? { columnCache: process.env.BENCH_ANALYSIS_COLUMN_CACHE === 'on' } : {}),
  // BENCH_ANALYSIS_METHODS=cuped,timeline times the methods that add stages.
  ...Object.fromEntries((process.env.BENCH_ANALYSIS_METHODS ?? '').split(',').flatMap((m) => (m ? [[m, true]] : []))),
});
const seconds = (performance.now() - start) / 1000;
// User + system time of every thread (DuckDB's workers included): the guide when other jobs share the cores.
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
await store.close();
const converted = report.metrics[0]?.variants.map((v) => v.summary.total) ?? [];
console.log(
  JSON.stringify({
    engine,
    seconds,
    cpuSeconds,
    peakMb: process.resourceUsage().maxRSS / 1024,
    units: report.units,
    counted: report.events.counted,
    stitched: report.events.stitched,
    converted,
    segmentValues: report.segments.map((s) => s.values.length),
  }),
);
