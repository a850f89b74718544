import { DuckDBInstance } from '@duckdb/node-api';
import { resolveOptions } from '../../src/analysis/options.js';
import { analysisSql } from '../../src/analysis/sql/stages.js';
import { duckdbDialect } from '../../src/analysis/sql/dialect-duckdb.js';
import { BENCH_METRICS, EXPERIMENT } from './generate.js';
const path = process.argv[2] ?? '';
const sql = analysisSql(resolveOptions({ experiment: EXPERIMENT, metrics: BENCH_METRICS, segments: ['country'] }), duckdbDialect([path]));
const db = await DuckDBInstance.create(':memory:', { preserve_insertion_order: 'false' });
const c = await db.connect();
const all = [...sql.stages, sql.queries.counts, sql.queries.variants, ...sql.queries.segments];
for (const s of all) {
  const t = performance.now(); const u = process.cpuUsage();
  await c.runAndReadAll(s);
  const cu = process.cpuUsage(u);
  console.log(((performance.now() - t) / 1000).toFixed(2), 'cpu', ((cu.user + cu.system) / 1e6).toFixed(2), s.slice(0, 40).replace(/\n/g, ' '));
}
