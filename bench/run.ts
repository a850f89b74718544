/**
 * `npm run bench`: splitkit against GrowthBook, flagd-core and a bare
 * hash baseline on the same users and the same logical flags, plus the cost of
 * events on the hot path and the event pipeline's throughput into a loopback
 * collector. Prints tables and writes `.tmp/bench-results.json`.
 *
 * Environment: BENCH_USERS (default 200000), BENCH_ROUNDS (11), BENCH_WARMUP
 * (1 pass), BENCH_THROUGHPUT_RUNS (3), BENCH_SERVE_UPDATES (30), BENCH_END_TO_END_UPDATES (30),
 * BENCH_END_TO_END_POLL_MS (1000).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import type { PipelineStats } from '../src/events/index.js';
import { startCollector } from './events/collector.js';
import { eventCases } from './events/hot-path.js';
import { measureThroughput } from './events/throughput.js';
import { measureServeUpdateLatency } from './serve/update-latency.js';
import { measureEndToEndLatency } from './serve/end-to-end-latency.js';
import { endToEndFailures, endToEndTable } from './serve/end-to-end-report.js';
import { exposeGc } from './gc.js';
import { measure, type BenchCase, type CaseResult } from './harness.js';
import { eventGoalTable, sanityTable, speedupTable, throughputTable, timingTable } from './report.js';
import { checkEvaluator, evaluators } from './sanity.js';
import { speedups } from './speedups.js';
import { baselineCases } from './subjects/baseline.js';
import { flagdCases, flagdContexts, flagdCore } from './subjects/flagd.js';
import { growthbookCases, growthbookClient, growthbookContexts } from './subjects/growthbook.js';
import { splitkitCases, splitkitClients } from './subjects/splitkit.js';
import { makeUsers, TARGET_COUNTRIES } from './users.js';
import { measureSnapshotCost } from './delivery/snapshot-cost.js';
import { measureUpdateLatency } from './delivery/update-latency.js';
import { formatNumber, formatTable } from './table.js';
import { issueRuleset } from '../test/fixtures/issue-ruleset.js';

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const USERS = setting('BENCH_USERS', 200_000);
const ROUNDS = setting('BENCH_ROUNDS', 11);
const WARMUP = setting('BENCH_WARMUP', 1);
const THROUGHPUT_RUNS = setting('BENCH_THROUGHPUT_RUNS', 3);
const SERVE_UPDATES = setting('BENCH_SERVE_UPDATES', 30);
const END_TO_END_UPDATES = setting('BENCH_END_TO_END_UPDATES', 30);
const END_TO_END_POLL_MS = setting('BENCH_END_TO_END_POLL_MS', 1000);
const OUTPUT = '.tmp/bench-results.json';

const machine = {
  cpus: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  node: process.version,
  loadBefore: loadavg(),
};
console.log(
  `splitkit bench: ${USERS.toLocaleString('en-US')} users, ${ROUNDS} rounds after ${WARMUP} warm-up passes; ` +
    `${machine.cpus} × ${machine.cpu}, Node ${machine.node}, load average ${machine.loadBefore.map((l) => l.toFixed(1)).join(' ')}`,
);
if (machine.loadBefore[0]! > machine.cpus)
  console.log(
    'warning: the machine is busy (load above the core count); absolute numbers will be noisy, ratios less so',
  );

const users = makeUsers(USERS);
const targeted = users.filter((u) => TARGET_COUNTRIES.includes(u.country)).length;
const clients = splitkitClients(users);

// 1. Same logical flags everywhere?
const sdks = evaluators(users, {
  splitkit: clients.off,
  lite: clients.lite,
  growthbook: growthbookClient(),
  growthbookContexts: growthbookContexts(users),
  flagd: flagdCore(),
  flagdContexts: flagdContexts(users),
});
const sanity = sdks.map((sdk) => checkEvaluator(users, sdk));
console.log(
  `\nSanity: same targeting (${targeted.toLocaleString('en-US')} of the users are in US/CA), rollout ≈ 20%, variants ≈ 50/25/25\n${sanityTable(sanity)}`,
);
const sane = sanity.every((row) => row.ok);
if (!sane) process.exitCode = 1;

// 2. Evaluations and events on the hot path, all cases round-robin.
const events = eventCases(users);
const cases: BenchCase[] = [
  ...baselineCases(users, ['gate', 'experiment']),
  ...splitkitCases(clients, users),
  ...growthbookCases(users),
  ...flagdCases(users),
  ...events.cases,
];
const started = Date.now();
const results = await measure(cases, {
  rounds: ROUNDS,
  warmupPasses: WARMUP,
  collect: exposeGc(),
  onRound: (round, total) =>
    process.stdout.write(`\rround ${round}/${total} (${((Date.now() - started) / 1000).toFixed(0)} s)`),
});
process.stdout.write('\n');
const order = ['gate', 'experiment', 'experiment, returning users', 'track'];
results.sort((a, b) => order.indexOf(a.group) - order.indexOf(b.group) || a.ns.median - b.ns.median);
console.log(
  `\nEvaluation cost (ns per call; median of ${ROUNDS} rounds, each one pass over ${USERS.toLocaleString('en-US')} users)\n${timingTable(results)}`,
);

const compared = speedups(results, ['gate', 'experiment']);
console.log(`\nSpeedups (throughput ratio of medians; splitkit with exposures off)\n${speedupTable(compared)}`);

const median = (group: string, mode: string) =>
  results.find((r) => r.group === group && r.sdk === 'splitkit' && r.mode === mode)?.ns.median ?? Number.NaN;
const logShare = targeted / USERS;
const eventCosts = [
  { what: 'track(), burst', ns: median('track', 'burst') },
  { what: 'track(), steady', ns: median('track', 'steady') },
  {
    what: 'logged exposure, experiment, burst (on − off)',
    ns: median('experiment', 'exposures on, burst') - median('experiment', 'exposures off'),
  },
  {
    what: 'logged exposure, experiment, steady (on − off)',
    ns: median('experiment', 'exposures on, steady') - median('experiment', 'exposures off'),
  },
  {
    what: 'logged exposure, gate, steady ((on − off) / share of reads that log)',
    ns: (median('gate', 'exposures on, steady') - median('gate', 'exposures off')) / logShare,
  },
  {
    what: 'deduped exposure, returning users (on − off)',
    ns:
      median('experiment, returning users', 'exposures on (deduped)') -
      median('experiment, returning users', 'exposures off'),
  },
];
console.log(`\n${eventGoalTable(eventCosts)}`);
// Gate reads log only for targeted users; experiment reads for everyone. Burst and steady cases each run every pass.
const loggable = (ROUNDS + WARMUP) * 2 * (targeted + USERS);
const onStats = clients.on.stats() as PipelineStats | undefined;
console.log(
  `exposures logged by the "exposures on" client: ${(onStats?.sent ?? 0).toLocaleString('en-US')} of ${loggable.toLocaleString('en-US')} reads that could log ` +
    `(every read logs while the users outnumber the 100,000-entry dedupe LRU), dropped ${onStats?.dropped ?? '?'}`,
);

// 3. The whole pipeline into a real loopback collector.
const collector = await startCollector();
const throughput = await measureThroughput(users, collector, THROUGHPUT_RUNS);
await collector.close();
console.log(
  `\nPipeline throughput: ${USERS.toLocaleString('en-US')} track() calls → batches of 100 → fetch → loopback collector, until shutdown() resolves\n${throughputTable(throughput)}`,
);
console.log(
  `median ${Math.round(throughput.eventsPerSecond.median).toLocaleString('en-US')} events/s; every event delivered exactly once: ${throughput.ok ? 'yes' : 'NO'}`,
);
if (!throughput.ok) process.exitCode = 1;

// 4. Rulesets in production: the cost of a server-rendering snapshot, and how fast a change reaches a client.
const snapshotCost = measureSnapshotCost(issueRuleset, users.slice(0, 20_000), 5);
console.log(
  `\nsnapshot(user) cost (µs per visitor; median of 5 passes over 20,000 users; the issue's ruleset)\n${formatTable(
    ['case', 'µs', 'JSON bytes'],
    snapshotCost.map((row) => [
      row.what,
      formatNumber(row.microseconds, 2),
      row.bytes === undefined ? '' : String(row.bytes),
    ]),
  )}`,
);
const POLL_MS = 250;
const latency = await measureUpdateLatency(
  (version) => ({ ...issueRuleset, updatedAt: new Date(Date.UTC(2026, 0, 1) + version * 1000).toISOString() }),
  30,
  POLL_MS,
);
console.log(
  `\nUpdate latency: ruleset change on a loopback server → a connected client's subscribe callback (30 changes each)\n${formatTable(
    ['way', 'median ms', 'p95 ms'],
    latency.map((row) => [row.what, formatNumber(row.medianMs, 1), formatNumber(row.p95Ms, 1)]),
  )}`,
);

for (const client of [clients.on, clients.off, ...events.clients]) await client.shutdown({ timeoutMs: 1_000 });
const checksum = results.reduce((sum, r) => sum + r.checksum, 0);
console.log(`\nchecksum ${checksum} (printed so no evaluation can be optimized away)`);

// splitkit serve: a ruleset file rewritten → its event at a raw stream client.
const updateLatency = await measureServeUpdateLatency(SERVE_UPDATES);
console.log(
  `\nsplitkit serve update latency (file written → ruleset event at a connected raw stream client, ${SERVE_UPDATES} updates, 50 ms debounce included): ` +
    `median ${updateLatency.ms.median.toFixed(1)} ms, p90 ${updateLatency.ms.p90.toFixed(1)} ms, max ${updateLatency.ms.max.toFixed(1)} ms; missed ${updateLatency.missed}`,
);
if (updateLatency.missed > 0) process.exitCode = 1;

// The whole path: a ruleset file rewritten → splitkit serve → a real client's subscribe callback, SSE and polling.
const endToEnd = await measureEndToEndLatency({ updates: END_TO_END_UPDATES, pollIntervalMs: END_TO_END_POLL_MS });
console.log(`\n${endToEndTable(endToEnd)}`);
const endToEndFailed = endToEndFailures(endToEnd);
for (const failure of endToEndFailed) console.error(`FAILED: end-to-end update latency: ${failure}`);
if (endToEndFailed.length > 0) process.exitCode = 1;

mkdirSync('.tmp', { recursive: true });
const output = {
  date: new Date().toISOString(),
  machine: { ...machine, loadAfter: loadavg() },
  settings: {
    users: USERS,
    rounds: ROUNDS,
    warmupPasses: WARMUP,
    throughputRuns: THROUGHPUT_RUNS,
    targetedUsers: targeted,
  },
  sanity,
  evaluations: results satisfies CaseResult[],
  speedups: compared,
  events: { costs: eventCosts, exposuresLogged: onStats?.sent, exposuresDropped: onStats?.dropped, throughput },
  delivery: { snapshotCost, updateLatency: latency, pollIntervalMs: POLL_MS },
  checksum,
  serve: { updateLatency, endToEnd },
};
writeFileSync(OUTPUT, `${JSON.stringify(output, null, 2)}\n`);
console.log(`results written to ${OUTPUT}`);
