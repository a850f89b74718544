/**
 * A small, deliberately unreliable collector on a real loopback socket, for
 * chaos tests of the event pipeline. Per request, a seeded PRNG decides:
 * destroy the connection after reading the body (half the time after storing
 * the events, so the client cannot know whether they arrived), answer 500 or
 * 503 without storing, or store and answer 200, sometimes after a delay
 * (long enough, at times, for the client to give up while the collector
 * still stores). Every stored event id is counted, so a test can check that
 * all arrived and see how many arrived more than once.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseEventBatch } from '../../src/events/schema.js';
import { seededRandom } from '../../src/testing/seeded-random.js';

/** Knobs of the chaos; rates are fractions of requests. */
export interface LoopbackCollectorOptions {
  /** PRNG seed. Default 1. */
  seed?: number;
  /** Answered 500 or 503 (half each) without storing. Default 0.3. */
  failRate?: number;
  /** Connection destroyed after the body was read; half of these store first. Default 0.05. */
  destroyRate?: number;
  /** Of the requests that succeed, the share delayed by a uniform 0..maxDelayMs. Default 0.2. */
  delayRate?: number;
  /** Default 50. */
  maxDelayMs?: number;
}

/** Counters of what the collector did. */
export interface LoopbackStats {
  requests: number;
  ok: number;
  failed: number;
  destroyed: number;
  delayed: number;
  invalid: number;
}

/** A running collector. */
export interface LoopbackCollector {
  /** `http://127.0.0.1:<port>/events` */
  url: string;
  /** Stored event id → how many times it was stored. */
  received: Map<string, number>;
  stats: LoopbackStats;
  close(): Promise<void>;
}

/** Starts the collector on 127.0.0.1 and an OS-chosen port. */
export async function startLoopbackCollector(options: LoopbackCollectorOptions = {}): Promise<LoopbackCollector> {
  const random = seededRandom(options.seed ?? 1);
  const failRate = options.failRate ?? 0.3;
  const destroyRate = options.destroyRate ?? 0.05;
  const delayRate = options.delayRate ?? 0.2;
  const maxDelayMs = options.maxDelayMs ?? 50;
  const received = new Map<string, number>();
  const stats: LoopbackStats = { requests: 0, ok: 0, failed: 0, destroyed: 0, delayed: 0, invalid: 0 };

  const store = (body: string): boolean => {
    try {
      for (const event of parseEventBatch(JSON.parse(body)).events)
        received.set(event.id, (received.get(event.id) ?? 0) + 1);
      return true;
    } catch {
      stats.invalid++;
      return false;
    }
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== 'POST') {
      response.writeHead(405).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    stats.requests++;
    // Four draws per request whatever happens, so the sequence of decisions depends only on the seed.
    const [fate = 0, coin = 0, delayed = 0, delay = 0] = [random(), random(), random(), random()];
    if (fate < destroyRate) {
      stats.destroyed++;
      if (coin < 0.5) store(body);
      request.socket.destroy();
      return;
    }
    if (fate < destroyRate + failRate) {
      stats.failed++;
      const code = coin < 0.5 ? 500 : 503;
      response.writeHead(code, code === 503 ? { 'Retry-After': '0' } : {}).end();
      return;
    }
    if (delayed < delayRate) {
      stats.delayed++;
      await new Promise((resolve) => setTimeout(resolve, delay * maxDelayMs));
    }
    if (!store(body)) {
      response.writeHead(400).end();
      return;
    }
    stats.ok++;
    // The client may have given up during the delay; the events are stored all the same.
    if (!response.destroyed) response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/events`,
    received,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
