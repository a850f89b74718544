/** `npx tsx bench/serve/main.ts`: only the serve update latency (the full `npm run bench` includes it). */
import { measureServeUpdateLatency } from './update-latency.js';

const updates = Number(process.env.BENCH_SERVE_UPDATES ?? 30);
const result = await measureServeUpdateLatency(updates);
console.log(
  `splitkit serve update latency, file written → event at a raw stream client, ${updates} updates: ` +
    `median ${result.ms.median.toFixed(1)} ms, p90 ${result.ms.p90.toFixed(1)} ms, min ${result.ms.min.toFixed(1)}, max ${result.ms.max.toFixed(1)} ms, missed ${result.missed}`,
);
if (result.missed > 0) process.exitCode = 1;
