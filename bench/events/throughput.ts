/**
 * Events per second through the whole pipeline: 200,000 `track()` calls into
 * a full client posting batches of 100 with its fetch transport to the
 * loopback collector, timed from the first call until `shutdown()` resolves.
 * The calls come in one synchronous burst, so this measures how fast the
 * pipeline drains a full queue (at most 2 requests in flight). A warm-up run
 * first gets fetch and the pipeline compiled.
 */
import { createClient } from '../../src/index.js';
import { splitkitRuleset } from '../flags.js';
import { summarize, type Summary } from '../stats.js';
import type { BenchUser } from '../users.js';
import type { CollectorStats, LoopbackCollector } from './collector.js';

/** One run's outcome. */
export interface ThroughputRun {
  events: number;
  /** From the first track() until shutdown() resolved. */
  seconds: number;
  /** Of which the track() loop itself. */
  enqueueSeconds: number;
  delivered: boolean;
  sent: number;
  dropped: number;
  received: CollectorStats;
}

/** Runs of the throughput test with the median rate. */
export interface ThroughputResult {
  runs: ThroughputRun[];
  eventsPerSecond: Summary;
  /** Every run delivered every event exactly once. */
  ok: boolean;
}

const BATCH_SIZE = 100;

async function once(users: readonly BenchUser[], collector: LoopbackCollector): Promise<ThroughputRun> {
  await collector.reset();
  const client = createClient({
    ruleset: splitkitRuleset,
    environment: 'server',
    collector: { url: collector.url },
    events: { batchSize: BATCH_SIZE, maxQueuedEvents: users.length },
  });
  const start = process.hrtime.bigint();
  for (let i = 0; i < users.length; i++) client.track('purchase', { value: i, user: users[i] });
  const enqueued = process.hrtime.bigint();
  const report = (await client.shutdown({ timeoutMs: 120_000 })) as
    | { delivered: boolean; stats: { sent: number; dropped: number } }
    | undefined;
  const end = process.hrtime.bigint();
  return {
    events: users.length,
    seconds: Number(end - start) / 1e9,
    enqueueSeconds: Number(enqueued - start) / 1e9,
    delivered: report?.delivered ?? false,
    sent: report?.stats.sent ?? 0,
    dropped: report?.stats.dropped ?? 0,
    received: await collector.stats(),
  };
}

/** `runs` full-pipeline runs, one fresh client each, after an untimed warm-up run over a tenth of the users. */
export async function measureThroughput(
  users: readonly BenchUser[],
  collector: LoopbackCollector,
  runs: number,
): Promise<ThroughputResult> {
  await once(users.slice(0, Math.ceil(users.length / 10)), collector);
  const results: ThroughputRun[] = [];
  for (let r = 0; r < runs; r++) results.push(await once(users, collector));
  const ok = results.every(
    (run) =>
      run.delivered && run.dropped === 0 && run.received.events === run.events && run.received.distinct === run.events,
  );
  return { runs: results, eventsPerSecond: summarize(results.map((run) => run.events / run.seconds)), ok };
}
