/**
 * The ruleset stream against a real loopback server (node:http): the
 * ruleset arrives at connect and on every change, a dropped connection is
 * reconnected with Last-Event-ID, and polling stands in while the stream is
 * down.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ServerResponse } from 'node:http';
import { createClient, type SplitkitClient, type SplitkitError } from '../../src/index.js';
import { serve } from '../collector/support/server.js';
import { rulesetWith, signingKey } from './helpers.js';

interface Loopback {
  url: string;
  /** Last-Event-ID of each stream connection, in order. */
  streamIds: (string | undefined)[];
  /** Poll requests (plain GETs). */
  polls: number;
  publish(on: boolean, updatedAt: string): void;
  /** Ends every open stream; `refuse` makes later stream requests fail with 503. */
  dropStreams(refuse?: boolean): void;
  acceptStreams(): void;
  close(): Promise<void>;
}

async function startLoopback(sign?: (body: string) => Promise<string>): Promise<Loopback> {
  let body = JSON.stringify(rulesetWith(true, '2026-01-01T00:00:00Z'));
  let version = 1;
  let signature = sign ? await sign(body) : undefined;
  const etag = () => `"v${version}"`;
  const streams = new Set<ServerResponse>();
  const streamIds: (string | undefined)[] = [];
  let refuse = false;
  let polls = 0;
  const event = () =>
    `event: ruleset\nid: ${etag()}\ndata: ${JSON.stringify({ etag: etag(), body, ...(signature ? { signature } : {}) })}\n\n`;
  const server = await serve((request, response) => {
    if (request.headers.accept === 'text/event-stream') {
      streamIds.push(request.headers['last-event-id'] as string | undefined);
      if (refuse) {
        response.writeHead(503).end();
        return;
      }
      response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      response.write('retry: 50\n: hello\n\n');
      if (request.headers['last-event-id'] !== etag()) response.write(event());
      streams.add(response);
      request.on('close', () => streams.delete(response));
      return;
    }
    polls++;
    if (request.headers['if-none-match'] === etag()) {
      response.writeHead(304, { ETag: etag() }).end();
      return;
    }
    response
      .writeHead(200, {
        'Content-Type': 'application/json',
        ETag: etag(),
        ...(signature ? { 'Splitkit-Signature': signature } : {}),
      })
      .end(body);
  });
  return {
    url: `${server.url}/ruleset.json`,
    streamIds,
    get polls() {
      return polls;
    },
    publish(on, updatedAt) {
      body = JSON.stringify(rulesetWith(on, updatedAt));
      version++;
      void (sign ? sign(body) : Promise.resolve(undefined)).then((s) => {
        signature = s;
        for (const stream of streams) stream.write(event());
      });
    },
    dropStreams(refuseNext = false) {
      refuse = refuseNext;
      for (const stream of streams) stream.destroy();
      streams.clear();
    },
    acceptStreams() {
      refuse = false;
    },
    close: () => {
      for (const stream of streams) stream.destroy();
      return server.close();
    },
  } as Loopback;
}

const clients: SplitkitClient[] = [];
const servers: Loopback[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.shutdown();
  for (const server of servers.splice(0)) await server.close();
});

async function setup(
  options: { pollIntervalMs?: number; publicKeys?: string[]; sign?: (body: string) => Promise<string> } = {},
) {
  const server = await startLoopback(options.sign);
  servers.push(server);
  const errors: SplitkitError[] = [];
  const client = createClient({
    environment: 'server',
    onError: (error) => errors.push(error),
    source: {
      url: server.url,
      stream: true,
      cache: false,
      pollIntervalMs: options.pollIntervalMs ?? 60_000,
      publicKeys: options.publicKeys,
    },
  });
  clients.push(client);
  const changes: string[][] = [];
  client.subscribe((change) => changes.push(change.gates));
  return { server, client, errors, changes, gate: () => client.checkGate('g', { userID: 'u1' }) };
}

describe('stream', () => {
  /** A server whose every stream sends `streamBody` and ends at once; polls get the ruleset. Counts both. */
  async function endingStreams(streamBody: string) {
    const counts = { connections: 0, polls: 0 };
    const server = await serve((request, response) => {
      if (request.headers.accept !== 'text/event-stream') {
        counts.polls++;
        response.writeHead(200, { 'Content-Type': 'application/json', ETag: '"v1"' });
        response.end(JSON.stringify(rulesetWith(true, '2026-01-01T00:00:00Z')));
        return;
      }
      counts.connections++;
      response.writeHead(200, { 'Content-Type': 'text/event-stream' });
      response.end(streamBody);
    });
    return { server, counts };
  }

  it("honors a server's retry: only up to 60 s, so a huge one cannot overflow the timer into a reconnect loop", async () => {
    // A misbehaving server: every stream asks for a retry beyond any timer (≈ 3 years), then ends.
    const { server, counts } = await endingStreams('retry: 99999999999\n: bye\n\n');
    const client = createClient({
      environment: 'server',
      onError: () => {},
      source: { url: `${server.url}/ruleset.json`, stream: true, cache: false, pollIntervalMs: 60_000 },
    });
    try {
      // The first test of the file also loads the source's code: give it time on a loaded machine.
      await vi.waitFor(() => expect(counts.connections).toBeGreaterThanOrEqual(1), { timeout: 10_000 });
      await new Promise((resolve) => setTimeout(resolve, 500));
      // Without the cap the overflowed timer fires after 1 ms: hundreds of connections in half a second.
      expect(counts.connections).toBeLessThanOrEqual(2);
    } finally {
      await client.shutdown();
      await server.close();
    }
  });

  it('backs off from a server that ends every stream as soon as it opens: no reconnect, poll and report per cut', async () => {
    // A proxy or platform that ends long responses: each stream opens, then ends at once.
    const { server, counts } = await endingStreams('retry: 50\n\n');
    const errors: SplitkitError[] = [];
    const client = createClient({
      environment: 'server',
      onError: (error) => errors.push(error),
      source: { url: `${server.url}/ruleset.json`, stream: true, cache: false, pollIntervalMs: 60_000 },
    });
    try {
      await vi.waitFor(() => expect(counts.connections).toBeGreaterThanOrEqual(1), { timeout: 10_000 });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      // Without the backoff: a connection, a poll and a report every 25 ms or so, for as long as it runs.
      expect(counts.connections).toBeLessThanOrEqual(12);
      expect(counts.polls).toBeLessThanOrEqual(2);
      expect(errors.map((e) => e.code)).toEqual(['TRANSPORT_FAILED']);
    } finally {
      await client.shutdown();
      await server.close();
    }
  });

  it('takes the ruleset in use sent again (its ETag) as a confirmation: no listener hears of it', async () => {
    const body = JSON.stringify(rulesetWith(true, '2026-01-01T00:00:00Z'));
    const event = (etag: string, text: string) =>
      new TextEncoder().encode(`event: ruleset\nid: ${etag}\ndata: ${JSON.stringify({ etag, body: text })}\n\n`);
    let streams = 0;
    let open: ReadableStreamDefaultController<Uint8Array> | undefined;
    // A server that sends the current ruleset at every connect, as browsers' EventSource streams get it.
    const send = async (_url: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      if (new Headers(init?.headers).get('accept') !== 'text/event-stream')
        return new Response(body, { headers: { ETag: '"v1"' } });
      streams++;
      const stream = new ReadableStream<Uint8Array>({
        start: (controller) => {
          open = controller;
          controller.enqueue(new TextEncoder().encode('retry: 50\n\n'));
          controller.enqueue(event('"v1"', body));
        },
      });
      return new Response(stream, { headers: { 'Content-Type': 'text/event-stream' } });
    };
    const client = createClient({
      environment: 'server',
      onError: () => {},
      source: { url: 'http://flags.test/ruleset.json', stream: true, cache: false, pollIntervalMs: 0, fetch: send },
    });
    try {
      await client.ready();
      const changes: unknown[] = [];
      client.subscribe((change) => changes.push(change));
      await vi.waitFor(() => expect(streams).toBe(1));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(changes).toEqual([]);
      expect(client.status()).toEqual({ origin: 'network', stale: false, ready: true });
      // The stream is read: the next event, a real change, is heard, and it is the only change.
      open!.enqueue(event('"v2"', JSON.stringify(rulesetWith(false, '2026-01-02T00:00:00Z'))));
      await vi.waitFor(() => expect(changes).toHaveLength(1));
      expect(changes[0]).toMatchObject({ gates: ['g'] });
      expect(client.checkGate('g', { userID: 'u1' })).toBe(false);
    } finally {
      await client.shutdown();
    }
  });

  it('closes a stream whose event grows past source.maxBytes, reports it, reconnects and keeps the last good ruleset', async () => {
    const event = (etag: string, ruleset: unknown) =>
      `event: ruleset\nid: ${etag}\ndata: ${JSON.stringify({ etag, body: JSON.stringify(ruleset) })}\n\n`;
    const v1 = rulesetWith(true, '2026-01-01T00:00:00Z');
    const streams: ServerResponse[] = [];
    const huge = { written: 0, closedEarly: false };
    let polls = 0;
    const server = await serve((request, response) => {
      if (request.headers.accept !== 'text/event-stream') {
        polls++;
        response.writeHead(200, { 'Content-Type': 'application/json', ETag: '"v1"' }).end(JSON.stringify(v1));
        return;
      }
      response.writeHead(200, { 'Content-Type': 'text/event-stream' });
      response.write('retry: 50\n\n');
      streams.push(response);
      if (streams.length > 1) return;
      // The first stream: one event whose data never ends, up to 8 MiB, written as fast as the client reads.
      void (async () => {
        response.write('event: ruleset\nid: "v2"\ndata: ');
        const piece = 'x'.repeat(16_384);
        while (huge.written < 8 * 2 ** 20 && !response.destroyed) {
          huge.written += piece.length;
          if (!response.write(piece))
            await new Promise<void>((resolve) => {
              const done = () => {
                response.off('drain', done).off('close', done);
                resolve();
              };
              response.on('drain', done).on('close', done);
            });
        }
        huge.closedEarly = response.destroyed;
      })();
    });
    const errors: SplitkitError[] = [];
    const url = `${server.url}/ruleset.json`;
    const client = createClient({
      environment: 'server',
      onError: (error) => errors.push(error),
      source: { url, stream: true, cache: false, pollIntervalMs: 60_000, maxBytes: 65_536 },
    });
    clients.push(client);
    servers.push({ close: () => server.close() } as Loopback);
    const gate = () => client.checkGate('g', { userID: 'u1' });
    await expect(client.ready()).resolves.toBe('network');
    // Refused and closed by the client long before the server had written it all; a new stream opens.
    await vi.waitFor(() => expect(streams).toHaveLength(2), { timeout: 5_000 });
    await vi.waitFor(() => expect(huge.closedEarly).toBe(true));
    expect(huge.written).toBeLessThan(8 * 2 ** 20);
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ['INVALID_RULESET', `ruleset stream ${url}: an event larger than source.maxBytes (65536 characters) refused`],
    ]);
    // Polling stood in (one catch-up poll), and the ruleset in use is still the last good one.
    await vi.waitFor(() => expect(polls).toBe(2));
    expect(gate()).toBe(true);
    expect(client.status()).toEqual({ origin: 'network', stale: false, ready: true });
    // A normal event on the new stream is put in use.
    streams[1]!.write(event('"v3"', rulesetWith(false, '2026-01-03T00:00:00Z')));
    await vi.waitFor(() => expect(gate()).toBe(false));
  });

  /**
   * A client capped at 64 KiB whose `source.fetch` answers polls with `body` and its n-th stream (from 1) with
   * the pieces `stream(n)` gives, each read on its own; the streams then stay open and quiet.
   */
  function cappedFetchClient(body: string, stream: (n: number) => string[]) {
    let streams = 0;
    const send = async (_url: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      if (new Headers(init?.headers).get('accept') !== 'text/event-stream')
        return new Response(body, { headers: { ETag: '"v1"' } });
      const pieces = stream(++streams);
      const events = new ReadableStream<Uint8Array>({
        start: (controller) => {
          for (const piece of pieces) controller.enqueue(new TextEncoder().encode(piece));
        },
      });
      return new Response(events, { headers: { 'Content-Type': 'text/event-stream' } });
    };
    const errors: SplitkitError[] = [];
    const client = createClient({
      environment: 'server',
      onError: (error) => errors.push(error),
      source: { url: 'http://flags.test/ruleset.json', stream: true, cache: false, maxBytes: 65_536, fetch: send },
    });
    clients.push(client);
    return { client, errors, streams: () => streams };
  }

  it('refuses an event over source.maxBytes that arrives whole in one chunk', async () => {
    const body = JSON.stringify(rulesetWith(true, '2026-01-01T00:00:00Z'));
    // A valid ruleset, padded past the cap: were it taken, the gate would turn off.
    const big = JSON.stringify(rulesetWith(false, '2026-01-02T00:00:00Z')) + ' '.repeat(70_000);
    const chunk = `retry: 50\n\nevent: ruleset\nid: "v2"\ndata: ${JSON.stringify({ etag: '"v2"', body: big })}\n\n`;
    // Only the first stream sends it.
    const { client, errors, streams } = cappedFetchClient(body, (n) => (n === 1 ? [chunk] : ['retry: 50\n\n']));
    await client.ready();
    await vi.waitFor(() => expect(streams()).toBe(2));
    expect(errors.map((e) => e.code)).toEqual(['INVALID_RULESET']);
    expect(client.checkGate('g', { userID: 'u1' })).toBe(true);
  });

  it('takes an event of exactly source.maxBytes characters wherever the network splits it', async () => {
    const body = JSON.stringify(rulesetWith(true, '2026-01-01T00:00:00Z'));
    const next = JSON.stringify(rulesetWith(false, '2026-01-02T00:00:00Z'));
    const bare = JSON.stringify({ etag: '"v2"', body: next });
    // The event's data padded to the cap with spaces inside the JSON: the ruleset it carries is unchanged.
    const data = `${bare.slice(0, -1)}${' '.repeat(65_536 - bare.length)}}`;
    expect(data).toHaveLength(65_536);
    const wire = `retry: 50\n\nevent: ruleset\nid: "v2"\ndata: ${data}\n\n`;
    // Split in the data line and again just before its end: the parser sees the line with its `data: ` prefix.
    const pieces = [wire.slice(0, 100), wire.slice(100, -2), wire.slice(-2)];
    const { client, errors } = cappedFetchClient(body, (n) => (n === 1 ? pieces : ['retry: 50\n\n']));
    await client.ready();
    await vi.waitFor(() => expect(client.checkGate('g', { userID: 'u1' })).toBe(false));
    expect(errors).toEqual([]);
  });

  it('pushes a change to subscribers without polling', async () => {
    const { server, client, changes, gate } = await setup();
    await expect(client.ready()).resolves.toBe('network');
    await vi.waitFor(() => expect(server.streamIds).toEqual(['"v1"']));
    const polls = server.polls;
    server.publish(false, '2026-01-02T00:00:00Z');
    await vi.waitFor(() => expect(gate()).toBe(false));
    // The first ruleset (replacing the empty one at creation), then the change.
    expect(changes).toEqual([['g'], ['g']]);
    expect(server.polls).toBe(polls);
  });

  it('reconnects with Last-Event-ID after the server drops the stream, and gets what changed meanwhile', async () => {
    const { server, client, gate } = await setup();
    await client.ready();
    await vi.waitFor(() => expect(server.streamIds).toHaveLength(1));
    server.publish(false, '2026-01-02T00:00:00Z');
    await vi.waitFor(() => expect(gate()).toBe(false));
    server.dropStreams();
    await vi.waitFor(() => expect(server.streamIds).toEqual(['"v1"', '"v2"']), { timeout: 3000 });
    server.publish(true, '2026-01-03T00:00:00Z');
    await vi.waitFor(() => expect(gate()).toBe(true));
  });

  it('falls back to polling while the stream is down, and reconnects with backoff', async () => {
    const { server, client, errors, gate } = await setup({ pollIntervalMs: 100 });
    await client.ready();
    await vi.waitFor(() => expect(server.streamIds).toHaveLength(1));
    const polls = server.polls;
    server.dropStreams(true);
    server.publish(false, '2026-01-02T00:00:00Z');
    // Polls bring the change while every reconnection is refused.
    await vi.waitFor(() => expect(gate()).toBe(false), { timeout: 3000 });
    expect(server.polls).toBeGreaterThan(polls);
    await vi.waitFor(() => expect(server.streamIds.length).toBeGreaterThan(2), { timeout: 3000 });
    expect(errors.some((e) => e.code === 'TRANSPORT_FAILED')).toBe(true);
    server.acceptStreams();
    const connections = server.streamIds.length;
    await vi.waitFor(() => expect(server.streamIds.length).toBeGreaterThan(connections), { timeout: 5000 });
    // Up again: polling pauses.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const pollsUp = server.polls;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(server.polls).toBe(pollsUp);
  });

  it('verifies signatures of streamed rulesets', async () => {
    const key = await signingKey();
    const other = await signingKey();
    const { server, client, errors, gate } = await setup({ sign: other.sign, publicKeys: [key.publicKey] });
    await expect(client.ready()).resolves.toBe('none');
    expect(gate()).toBe(false);
    server.publish(true, '2026-01-02T00:00:00Z');
    await vi.waitFor(() =>
      expect(errors.filter((e) => e.message.includes('signature does not verify')).length).toBeGreaterThanOrEqual(2),
    );
    expect(gate()).toBe(false);
  });
});
