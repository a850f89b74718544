/**
 * `npx tsx bench/serve/end-to-end.ts`: only the end-to-end update latency (the full `npm run bench` includes it).
 * Environment: BENCH_END_TO_END_UPDATES (default 30), BENCH_END_TO_END_POLL_MS (default 1000).
 */
import { loadavg } from 'node:os';
import { measureEndToEndLatency } from './end-to-end-latency.js';
import { endToEndFailures, endToEndTable } from './end-to-end-report.js';

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(`load average before: ${load()}`);
const result = await measureEndToEndLatency({
  updates: Number(process.env.BENCH_END_TO_END_UPDATES ?? 30),
  pollIntervalMs: Number(process.env.BENCH_END_TO_END_POLL_MS ?? 1000),
});
console.log(endToEndTable(result));
console.log(`load average after: ${load()}`);
const failures = endToEndFailures(result);
for (const failure of failures) console.error(`FAILED: end-to-end update latency: ${failure}`);
if (failures.length > 0) process.exitCode = 1;
