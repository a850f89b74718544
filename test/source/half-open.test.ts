/**
 * A half-open stream (the server or a proxy stops sending, the socket stays open) ends no read: the
 * fetch-based reader tells it by the heartbeats `splitkit serve` sends (a `: ping` comment and a `ping` event every
 * 15 s; a server that sends comments only is covered too) stopping, closes it and reconnects, polling meanwhile. Against the real serve route on loopback, behind a TCP proxy that can
 * stop passing the server's bytes on; the timers (the route's pings, the client's) are fake.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient, type SplitkitClient, type SplitkitError } from '../../src/index.js';
import { checkRulesetBytes, etagOf, type ServedRuleset } from '../../src/serve/ruleset-file.js';
import { createRulesetRoute, type RulesetRoute } from '../../src/serve/ruleset-route.js';
import { rulesetWith, settle, settleUntil } from './helpers.js';

function served(ruleset: object): ServedRuleset {
  const bytes = Buffer.from(JSON.stringify(ruleset));
  const checked = checkRulesetBytes(bytes);
  if (!checked.ok) throw new Error('fixture must be valid');
  return { bytes, text: bytes.toString(), etag: etagOf(bytes), signature: undefined, ruleset: checked.ruleset };
}

interface Proxy {
  url: string;
  /** Bytes of the server passed on to clients. */
  forwarded: number;
  /** Stream bytes handed to the client's reader. */
  read: number;
  /** Stops passing on what the server sends on the connections open now; both sockets stay open. */
  freeze(): void;
}

/** A TCP proxy in front of `port`: what a proxy or a network that lost the server leaves a client with. */
async function startProxy(port: number): Promise<Proxy & { server: TcpServer; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const frozen = new Set<Socket>();
  const proxy = {
    url: '',
    forwarded: 0,
    read: 0,
    sockets,
    server: createTcpServer((client) => {
      const upstream = connect(port, '127.0.0.1');
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('error', () => {});
        socket.on('close', () => sockets.delete(socket));
      }
      client.pipe(upstream);
      upstream.on('data', (chunk: Buffer) => {
        if (frozen.has(client)) return;
        proxy.forwarded += chunk.length;
        client.write(chunk);
      });
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    }),
    freeze() {
      for (const socket of sockets) frozen.add(socket);
    },
  };
  await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}/ruleset.json`;
  return proxy;
}

/** A server other than the serve route: polls get the ruleset, and `stream` writes each stream as that server does. */
function otherServer(stream: (res: ServerResponse) => void): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if ((req.headers.accept ?? '').includes('text/event-stream')) stream(res);
    else
      res.writeHead(200, { 'Content-Type': 'application/json', ETag: '"v1"' }).end(JSON.stringify(rulesetWith(true)));
  };
}

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
  vi.useRealTimers();
});

/** The route (or `handler`) behind a proxy, with a streaming client on it; counts stream requests and polls. */
async function setup(handler?: (req: IncomingMessage, res: ServerResponse) => void) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  const route: RulesetRoute = createRulesetRoute(served(rulesetWith(true)));
  const counts = { streams: 0, polls: 0 };
  const http: Server = createServer((req, res) => {
    if ((req.headers.accept ?? '').includes('text/event-stream')) counts.streams++;
    else counts.polls++;
    (handler ?? route.handle)(req, res);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const proxy = await startProxy((http.address() as AddressInfo).port);
  const errors: SplitkitError[] = [];
  // Counts the stream bytes the client's reader has been handed, so that a step of fake time waits for the
  // reader, not only for the proxy: a ping read late would be read at a later fake time.
  const send: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (!response.body || !(response.headers.get('content-type') ?? '').includes('text/event-stream')) return response;
    const counted = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          controller.enqueue(chunk);
          proxy.read += chunk.length;
        },
      }),
    );
    return new Response(counted, { status: response.status, headers: response.headers });
  };
  const client: SplitkitClient = createClient({
    environment: 'server',
    onError: (error) => errors.push(error),
    source: { url: proxy.url, stream: true, cache: false, pollIntervalMs: 60_000, fetch: send },
  });
  cleanups.push(
    () => route.close(),
    () => new Promise<void>((resolve) => http.close(() => resolve())),
    () => http.closeAllConnections(),
    () => new Promise<void>((resolve) => proxy.server.close(() => resolve())),
    () => {
      for (const socket of proxy.sockets) socket.destroy();
    },
    async () => {
      await client.shutdown();
    },
  );
  await client.ready();
  // The stream's first bytes (its retry: line) are read: each step below then waits for its own ping.
  await settleUntil(() => counts.streams === 1 && proxy.read > 0);
  return { route, proxy, counts, errors };
}

/**
 * Moves fake time on by `ms` in steps of at most 15 s, the route's ping interval; with `pinged`, waits after
 * each step for the ping it made the route write to reach the client's reader (a bounded wait: the bytes travel on real
 * sockets).
 */
async function advance(proxy: Proxy, ms: number, pinged: boolean): Promise<void> {
  for (let left = ms; left > 0; left -= 15_000) {
    const before = proxy.read;
    await vi.advanceTimersByTimeAsync(Math.min(left, 15_000));
    if (pinged) await settleUntil(() => proxy.read > before);
    await settle(5);
  }
}

describe('a half-open stream', () => {
  it('is closed once its heartbeats stop, and polling stands in until the stream is back', async () => {
    const { proxy, counts, errors } = await setup();
    // Two pings (15 s apart): the connection may now stay silent 45 s at most.
    await advance(proxy, 30_000, true);
    expect(counts).toEqual({ streams: 1, polls: 1 });
    proxy.freeze();
    await advance(proxy, 44_000, false);
    // Not yet: silent for 44 s.
    expect(counts).toEqual({ streams: 1, polls: 1 });
    await advance(proxy, 1_000, false);
    // Closed: one poll at once, and a reconnect within the server's retry delay (1 s).
    await settleUntil(() => counts.polls === 2);
    await advance(proxy, 1_000, false);
    await settleUntil(() => counts.streams === 2);
    expect(counts).toEqual({ streams: 2, polls: 2 });
    expect(errors.map((error) => error.message)).toEqual([
      `ruleset stream ${proxy.url}: half-open: nothing received for 45000 ms, though heartbeats came more often`,
    ]);
  });

  it('stays open while its heartbeats come', async () => {
    const { proxy, counts, errors } = await setup();
    await advance(proxy, 300_000, true);
    expect(counts).toEqual({ streams: 1, polls: 1 });
    expect(errors).toEqual([]);
  });

  it('is closed too when the heartbeats are comments (a server other than splitkit serve)', async () => {
    const { proxy, counts, errors } = await setup(
      otherServer((res) => {
        res.writeHead(200, { 'Content-Type': 'text/event-stream' });
        res.write('retry: 1000\n\n');
        const beat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
        res.on('close', () => clearInterval(beat));
      }),
    );
    await advance(proxy, 30_000, true);
    proxy.freeze();
    await advance(proxy, 45_000, false);
    await settleUntil(() => counts.polls === 2);
    expect(errors.map((error) => error.message)).toEqual([
      `ruleset stream ${proxy.url}: half-open: nothing received for 45000 ms, though heartbeats came more often`,
    ]);
  });

  it('of a server that sends no heartbeat is never timed out', async () => {
    const { proxy, counts, errors } = await setup(
      otherServer((res) => {
        // One comment at connect, as some servers send, and then nothing: the reader never arms its timeout.
        res.writeHead(200, { 'Content-Type': 'text/event-stream' });
        res.write(': hello\n\nretry: 1000\n\n');
      }),
    );
    await advance(proxy, 240_000, false);
    expect(counts).toEqual({ streams: 1, polls: 1 });
    expect(errors).toEqual([]);
  });

  it('of a server that pads its start with comments, in two writes, and then sends no heartbeat is never timed out', async () => {
    const { proxy, counts, errors } = await setup(
      otherServer((res) => {
        // Padding that some servers send so that proxies start passing the stream on: not a heartbeat.
        res.writeHead(200, { 'Content-Type': 'text/event-stream' });
        res.write(`: ${'x'.repeat(2048)}\n\n`);
        setImmediate(() => res.write(': hello\n\nretry: 1000\n\n'));
      }),
    );
    await advance(proxy, 240_000, false);
    expect(counts).toEqual({ streams: 1, polls: 1 });
    expect(errors).toEqual([]);
  });
});
