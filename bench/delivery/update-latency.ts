/**
 * Update latency: the time from a ruleset change on a loopback server to a
 * connected client's `subscribe` callback, over SSE and over polling, with a
 * same-run baseline (one plain loopback fetch of the same ruleset: the
 * least any client could take to hear of a change it asked for).
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from '../../src/index.js';
import type { RulesetInput } from '../../src/index.js';

/** Latencies in ms of one way of hearing about changes. */
export interface LatencyResult {
  what: string;
  medianMs: number;
  p95Ms: number;
  changes: number;
}

const percentile = (values: number[], p: number): number =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function loopback(ruleset: (version: number) => RulesetInput) {
  let version = 1;
  let body = JSON.stringify(ruleset(version));
  const streams = new Set<ServerResponse>();
  const etag = () => `"v${version}"`;
  const server = createServer((request, response) => {
    if (request.headers.accept === 'text/event-stream') {
      response.writeHead(200, { 'Content-Type': 'text/event-stream' });
      if (request.headers['last-event-id'] !== etag())
        response.write(`event: ruleset\nid: ${etag()}\ndata: ${JSON.stringify({ etag: etag(), body })}\n\n`);
      streams.add(response);
      request.on('close', () => streams.delete(response));
      return;
    }
    if (request.headers['if-none-match'] === etag()) response.writeHead(304, { ETag: etag() }).end();
    else response.writeHead(200, { 'Content-Type': 'application/json', ETag: etag() }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ruleset.json`,
    publish() {
      version++;
      body = JSON.stringify(ruleset(version));
      for (const stream of streams)
        stream.write(`event: ruleset\nid: ${etag()}\ndata: ${JSON.stringify({ etag: etag(), body })}\n\n`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `changes` changes per way; polling every `pollMs`. */
export async function measureUpdateLatency(
  ruleset: (version: number) => RulesetInput,
  changes: number,
  pollMs: number,
): Promise<LatencyResult[]> {
  const server = await loopback(ruleset);
  const results: LatencyResult[] = [];
  try {
    const baseline: number[] = [];
    // Warm-up: the first requests pay for the connection and compiling.
    for (let i = 0; i < 5; i++) await (await fetch(server.url)).text();
    for (let i = 0; i < changes; i++) {
      const start = performance.now();
      await (await fetch(server.url)).text();
      baseline.push(performance.now() - start);
    }
    results.push({
      what: 'baseline: one loopback fetch of the ruleset',
      medianMs: percentile(baseline, 0.5),
      p95Ms: percentile(baseline, 0.95),
      changes,
    });
    for (const [what, stream] of [
      ['SSE stream → subscribe', true],
      [`polling every ${pollMs} ms → subscribe`, false],
    ] as const) {
      const client = createClient({
        environment: 'server',
        source: { url: server.url, stream, pollIntervalMs: pollMs, cache: false },
      });
      await client.ready();
      await sleep(100);
      const latencies: number[] = [];
      for (let i = 0; i < changes; i++) {
        const heard = new Promise<number>((resolve) => {
          const off = client.subscribe(() => {
            off();
            resolve(performance.now());
          });
        });
        const start = performance.now();
        server.publish();
        latencies.push((await heard) - start);
        // Changes land anywhere in the poll cycle, not right after a poll.
        await sleep(Math.random() * (stream ? 20 : pollMs));
      }
      await client.shutdown();
      results.push({ what, medianMs: percentile(latencies, 0.5), p95Ms: percentile(latencies, 0.95), changes });
    }
  } finally {
    await server.close();
  }
  return results;
}
