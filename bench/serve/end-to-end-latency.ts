/**
 * Update latency end to end: a real `splitkit serve` process (from source)
 * and two real splitkit Node clients connected to its `/ruleset.json`, one
 * streaming (SSE) and one polling. The ruleset file is rewritten; each sample
 * is the time from just before the write to the `subscribe` callback after
 * which the client reads that write's value. It covers the whole path: the
 * file watch and its 50 ms debounce, serve's read, validation and push (or
 * answer to the next poll), and the client's fetch, checks, swap and
 * listeners. Both clients hear every update before the next write, so no
 * update coalesces with another; the next write then waits a random part of
 * the poll interval, so writes land anywhere in the poll cycle.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createClient, type SplitkitClient, type SplitkitError } from '../../src/index.js';
import { createArrivals, summarizeLatency, type Arrivals, type LatencySummary } from './arrivals.js';
import { startServe } from './start-serve.js';

/** The parameter whose default each write sets to the write's number. */
const MARKER = 'bench_update';
const USER = { userID: 'bench' };
/** Untimed writes first: they warm both clients and prove the stream is connected. */
const WARMUP_WRITES = 2;
/** The least time between hearing one write and the next write. */
const MIN_GAP_MS = 100;
/** How long the streaming client may take to hear a write before the bench fails. */
const STREAM_BOUND_MS = 5_000;

/** How a run is set up. */
export interface EndToEndOptions {
  /** Timed writes. */
  updates: number;
  /** The polling client's `pollIntervalMs`. */
  pollIntervalMs: number;
}

/** One client's latencies. */
export interface WayResult {
  way: 'SSE' | 'polling';
  /** From just before the write to the matching `subscribe` callback, ms. */
  ms: LatencySummary;
  /** Timed writes (numbered from 1) the client did not hear within its bound. */
  missed: number[];
  /** The bound, ms. */
  boundMs: number;
}

/** A run's result. */
export interface EndToEndLatency extends EndToEndOptions {
  sse: WayResult;
  polling: WayResult;
  /** Errors the clients reported through `onError` (none in a healthy run). */
  errors: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The quickstart ruleset as write `n`: its marker, a revision and `updatedAt` that move forward. */
function rulesetText(base: { params?: object }, n: number): string {
  return JSON.stringify({
    ...base,
    revision: n,
    updatedAt: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
    params: { ...base.params, [MARKER]: { default: n } },
  });
}

/** Records, in `arrivals`, the marker the client reads after each callback that says the marker changed. */
function listen(client: SplitkitClient, arrivals: Arrivals): void {
  client.subscribe((change) => {
    const at = performance.now();
    if (change.params.includes(MARKER)) arrivals.heard(client.getParam(MARKER, -1, USER) as number, at);
  });
}

/** Starts serve and the two clients, rewrites the ruleset `updates` times and times each update to each client. */
export async function measureEndToEndLatency(options: EndToEndOptions): Promise<EndToEndLatency> {
  const { updates, pollIntervalMs } = options;
  const pollBoundMs = 2 * pollIntervalMs + 5_000;
  const base = JSON.parse(await readFile(new URL('../../examples/quickstart/ruleset.json', import.meta.url), 'utf8'));
  const serve = await startServe(rulesetText(base, 0));
  const errors: string[] = [];
  const onError = (error: SplitkitError) => void errors.push(`${error.code}: ${error.message}`);
  const url = `${serve.origin}/ruleset.json`;
  const clients: SplitkitClient[] = [];
  try {
    const sse = createClient({ environment: 'server', onError, source: { url, stream: true, cache: false } });
    clients.push(sse);
    const polling = createClient({
      environment: 'server',
      onError,
      source: { url, stream: false, pollIntervalMs, cache: false },
    });
    clients.push(polling);
    const heard = { sse: createArrivals(), polling: createArrivals() };
    listen(sse, heard.sse);
    listen(polling, heard.polling);
    for (const [way, client] of [
      ['SSE', sse],
      ['polling', polling],
    ] as const) {
      const origin = await client.ready({ timeoutMs: 5_000 });
      if (origin !== 'network')
        throw new Error(
          `the ${way} client did not get the ruleset from ${url} (origin ${origin}): ${errors.join('; ')}`,
        );
    }

    const latencies = { sse: [] as number[], polling: [] as number[] };
    const missed = { sse: [] as number[], polling: [] as number[] };
    for (let n = 1; n <= WARMUP_WRITES + updates; n++) {
      const timed = n > WARMUP_WRITES;
      const started = performance.now();
      await writeFile(serve.rulesetFile, rulesetText(base, n));
      const [sseAt, pollingAt] = await Promise.all([
        heard.sse.waitFor(n, STREAM_BOUND_MS),
        heard.polling.waitFor(n, pollBoundMs),
      ]);
      if (!timed && (sseAt === undefined || pollingAt === undefined))
        throw new Error(`warm-up write ${n} did not reach both clients: ${errors.join('; ') || 'no errors reported'}`);
      if (timed) {
        const update = n - WARMUP_WRITES;
        if (sseAt === undefined) missed.sse.push(update);
        else latencies.sse.push(sseAt - started);
        if (pollingAt === undefined) missed.polling.push(update);
        else latencies.polling.push(pollingAt - started);
      }
      await sleep(MIN_GAP_MS + Math.random() * pollIntervalMs);
    }
    return {
      updates,
      pollIntervalMs,
      sse: { way: 'SSE', ms: summarizeLatency(latencies.sse), missed: missed.sse, boundMs: STREAM_BOUND_MS },
      polling: {
        way: 'polling',
        ms: summarizeLatency(latencies.polling),
        missed: missed.polling,
        boundMs: pollBoundMs,
      },
      errors,
    };
  } finally {
    for (const client of clients) await client.shutdown({ timeoutMs: 1_000 });
    await serve.stop();
  }
}
