/**
 * `npm run bench:collector`: the collector's write throughput over loopback
 * HTTP beside a bare `node:http` server that only parses the JSON (the
 * ceiling), its memory over a long run, and the time to reopen a large NDJSON
 * log. The collector runs in this process; the senders run in a child
 * process. Rounds alternate between the targets so the machine's noise hits
 * each alike; medians are reported.
 *
 *   npm run bench:collector -- [--rounds 5] [--seconds 5] [--senders 8] [--batch 100]
 *                              [--long 60] [--reopen 2000000] [--dedupe-window n]
 *
 * `--dedupe-window` sets the NDJSON store's window (default: the store's), e.g. small, to see memory level off
 * within a short long run. PostgreSQL is measured when SPLITKIT_PG_URL is set (a table of its own, dropped at the end).
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createCollectorServer } from '../src/collector/collector-server.js';
import { createNdjsonStore } from '../src/collector/ndjson-store.js';
import { createPostgresStore } from '../src/collector/postgres-store.js';
import type { EventStore } from '../src/events/store.js';
import type { SendResult } from './bench-collector-senders.js';

const { values: flags } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '5' },
    senders: { type: 'string', default: '8' },
    batch: { type: 'string', default: '100' },
    long: { type: 'string', default: '60' },
    reopen: { type: 'string', default: '2000000' },
    'dedupe-window': { type: 'string' },
  },
});
const rounds = Number(flags.rounds);
const seconds = Number(flags.seconds);
const senders = Number(flags.senders);
const batchSize = Number(flags.batch);
const longSeconds = Number(flags.long);
const reopenEvents = Number(flags.reopen);
const dedupeWindow = flags['dedupe-window'] === undefined ? undefined : Number(flags['dedupe-window']);

interface Target {
  name: string;
  server: Server;
  port: number;
  store?: EventStore;
  rates: number[];
}

const quiet = { onError: () => undefined };

async function listen(name: string, server: Server, store?: EventStore): Promise<Target> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { name, server, port: (server.address() as AddressInfo).port, rates: [], ...(store ? { store } : {}) };
}

/** The ceiling: reads the body, parses it, answers as the collector would. */
function bareServer(): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const batch = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { events: unknown[] };
      const body = JSON.stringify({ accepted: batch.events.length, duplicates: 0 });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
}

function send(child: ChildProcess, port: number, ms: number): Promise<SendResult> {
  return new Promise((resolve) => {
    child.once('message', (result) => resolve(result as SendResult));
    child.send({ port, senders, batchSize, ms });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const rate = (events: number): string => Math.round(events).toLocaleString('en-US');

async function close(target: Target): Promise<void> {
  target.server.closeAllConnections();
  await new Promise<void>((resolve) => target.server.close(() => resolve()));
  await target.store?.close();
}

async function throughput(child: ChildProcess, targets: Target[]): Promise<void> {
  console.log(`\n## Throughput: ${senders} senders, batches of ${batchSize}, ${rounds} rounds of ${seconds} s each\n`);
  for (const target of targets) await send(child, target.port, 500); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const target of targets) {
      const result = await send(child, target.port, seconds * 1000);
      if (result.failures > 0) console.log(`  (${target.name}: ${result.failures} requests failed)`);
      target.rates.push((result.events / result.ms) * 1000);
    }
    console.log(`  round ${round + 1}: ${targets.map((t) => `${t.name} ${rate(t.rates[round]!)}/s`).join(', ')}`);
  }
  const ceiling = median(targets[0]!.rates);
  console.log('\n| target | events/s (median) | min – max | share of the ceiling |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const target of targets) {
    const m = median(target.rates);
    const range = `${rate(Math.min(...target.rates))} – ${rate(Math.max(...target.rates))}`;
    console.log(`| ${target.name} | ${rate(m)} | ${range} | ${((m / ceiling) * 100).toFixed(0)}% |`);
  }
}

async function longRun(child: ChildProcess, target: Target): Promise<void> {
  console.log(`\n## Long run: ${target.name} for ${longSeconds} s\n`);
  const samples: number[] = [];
  globalThis.gc?.();
  const live = (): number => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const liveBefore = live();
  const start = process.memoryUsage().rss;
  const timer = setInterval(() => samples.push(process.memoryUsage().rss), 1000);
  const result = await send(child, target.port, longSeconds * 1000);
  clearInterval(timer);
  const tenth = Math.max(1, Math.floor(samples.length / 10));
  console.log(
    `${rate(result.events)} events in ${(result.ms / 1000).toFixed(0)} s (${rate((result.events / result.ms) * 1000)}/s, ${result.failures} failures)`,
  );
  console.log(
    `RSS: ${mb(start)} before; first tenth median ${mb(median(samples.slice(0, tenth)))}, last tenth median ${mb(median(samples.slice(-tenth)))}, peak ${mb(Math.max(...samples))}`,
  );
  globalThis.gc?.();
  console.log(`live heap + buffers after a full GC: ${mb(liveBefore)} before, ${mb(live())} after`);
}

/** Writes a log of `count` events straight to a file, then times opening it with two windows. */
async function reopen(dir: string): Promise<void> {
  const path = join(dir, 'reopen.ndjson');
  const out = createWriteStream(path);
  const time = Date.now();
  for (let i = 0; i < reopenEvents; i++) {
    const line = `{"id":"${randomUUID()}","type":"event","time":${time},"units":{"userID":"u${i % 100_000}"},"source":"server","name":"purchase","value":${i % 97}}\n`;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  console.log(`\n## Reopening a log of ${rate(reopenEvents)} events (${mb((await stat(path)).size)})\n`);
  console.log('| dedupeWindow | open time | ids held | heap + buffers added |');
  console.log('| ---: | ---: | ---: | ---: |');
  for (const window of [10_000_000, 1_000_000, 100_000]) {
    globalThis.gc?.();
    const before = process.memoryUsage();
    const started = performance.now();
    const store = await createNdjsonStore({ path, dedupeWindow: window, logger: console });
    const ms = performance.now() - started;
    globalThis.gc?.();
    const after = process.memoryUsage();
    const added = after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers;
    const held = Math.min(window, reopenEvents);
    console.log(`| ${rate(window)} | ${(ms / 1000).toFixed(2)} s | ≥ ${rate(held)} | ${mb(added)} |`);
    await store.close();
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'splitkit-bench-collector-'));
  // Absolute numbers follow the machine's other work: say how busy it was.
  const load = (): string =>
    loadavg()
      .map((value) => value.toFixed(1))
      .join(' ');
  console.log(`${cpus().length} cores, Node ${process.version}, load average ${load()}`);
  const child = fork(new URL('./bench-collector-senders.ts', import.meta.url), {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const targets: Target[] = [];
  let table: string | undefined;
  let pgUrl = process.env.SPLITKIT_PG_URL;
  try {
    targets.push(await listen('bare node:http + JSON.parse', bareServer()));
    // Validation alone: what the collector costs before any store does.
    const nothing: EventStore = {
      append: (events) => Promise.resolve({ stored: events.length, duplicates: 0 }),
      read: async function* () {},
      close: () => Promise.resolve(),
    };
    targets.push(await listen('collector, no store', createCollectorServer({ store: nothing, ...quiet })));
    const ndjson = await createNdjsonStore({
      path: join(dir, 'events.ndjson'),
      ...(dedupeWindow ? { dedupeWindow } : {}),
    });
    targets.push(await listen('collector, NDJSON', createCollectorServer({ store: ndjson, ...quiet }), ndjson));
    if (pgUrl) {
      table = `bench_collector_${randomBytes(4).toString('hex')}`;
      const pg = await createPostgresStore({ connectionString: pgUrl, table });
      targets.push(await listen('collector, PostgreSQL', createCollectorServer({ store: pg, ...quiet }), pg));
    } else console.log('(set SPLITKIT_PG_URL to measure PostgreSQL too)');
    if (rounds > 0) await throughput(child, targets);
    if (longSeconds > 0) await longRun(child, targets[2]!);
    if (reopenEvents > 0) await reopen(dir);
    console.log(`\nload average at the end: ${load()}`);
  } finally {
    child.send('exit');
    for (const target of targets) await close(target);
    if (table && pgUrl) {
      const pg = await import('pg');
      const client = new pg.default.Client({ connectionString: pgUrl });
      await client.connect();
      await client.query(`DROP TABLE IF EXISTS "${table}"`);
      await client.end();
      pgUrl = undefined;
    }
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
