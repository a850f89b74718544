/**
 * Connections built to hurt, on real loopback sockets with small limits:
 * bodies sent after a refusal, slow headers and bodies, more connections or
 * bytes in flight than the collector allows.
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCollectorServer } from '../../src/collector/collector-server.js';
import type { CollectorServerOptions } from '../../src/collector/collector-server.js';
import { batch, customEvents } from './support/events.js';
import { memoryStore } from './support/memory-store.js';
import type { TestStore } from './support/memory-store.js';

let store: TestStore;
let server: Server;
let port: number;
let serverSockets: Socket[];
const clients: Socket[] = [];

async function start(options: Partial<CollectorServerOptions> = {}): Promise<void> {
  server = createCollectorServer({ store, onError: () => undefined, ...options });
  serverSockets = [];
  server.on('connection', (socket: Socket) => serverSockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
}

/** A raw client socket; `received()` is everything the server sent, `closed` resolves when the server closed it. */
function open(): { socket: Socket; received(): string; closed: Promise<number> } {
  const socket = connect(port, '127.0.0.1');
  clients.push(socket);
  let data = '';
  socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(performance.now())));
  return { socket, received: () => data, closed };
}

function headers(lines: string[]): string {
  return `${['POST /events HTTP/1.1', 'Host: 127.0.0.1', ...lines].join('\r\n')}\r\n\r\n`;
}

function post(body: unknown): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}/events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

beforeEach(() => {
  store = memoryStore();
});

afterEach(async () => {
  for (const socket of clients.splice(0)) socket.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('collector server: refusals close the connection', () => {
  it('closes the connection after a 401 while the client keeps streaming, having read a bounded amount', async () => {
    await start({ secret: 'right' });
    const client = open();
    client.socket.write(
      headers(['Authorization: Bearer wrong', 'Content-Type: application/json', 'Transfer-Encoding: chunked']),
    );
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const framed = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    let sent = 0;
    const started = performance.now();
    // Keep pushing body as fast as the socket takes it, until the server closes the connection (2 s at most).
    const pushing = (async () => {
      while (!client.socket.destroyed && performance.now() - started < 2000) {
        sent += framed.length;
        if (!client.socket.write(framed)) await new Promise((resolve) => setTimeout(resolve, 1));
      }
    })();
    const closedAt = await client.closed;
    await pushing;
    expect(client.received()).toMatch(/^HTTP\/1\.1 401 /);
    expect(client.received()).toMatch(/\r\nConnection: close\r\n/i);
    expect(closedAt - started).toBeLessThan(1000);
    // The old collector kept reading (11 GB in 5 s); now what it read is bounded by socket buffers.
    const read = serverSockets.reduce((sum, socket) => sum + socket.bytesRead, 0);
    expect(read).toBeLessThan(16 * 1024 * 1024);
    expect(sent).toBeGreaterThan(0);
    expect(store.events).toEqual([]);
  });

  it('keeps the connection after a preflight or another request without a body (GET, HEAD)', async () => {
    await start({ cors: { origins: ['https://app.example'] } });
    const answers = await Promise.all(
      ['OPTIONS', 'GET'].map((method) =>
        fetch(`http://127.0.0.1:${port}/events`, {
          method,
          headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'POST' },
        }),
      ),
    );
    expect(answers.map((res) => [res.status, res.headers.get('connection')])).toEqual([
      [204, 'keep-alive'],
      [405, 'keep-alive'],
    ]);
    // fetch asks to close after a HEAD itself: a raw one.
    const client = open();
    client.socket.write('HEAD /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await vi.waitFor(() => expect(client.received()).toContain('\r\n\r\n'));
    expect(client.received()).toMatch(/^HTTP\/1\.1 405 [\s\S]*\r\nConnection: keep-alive\r\n/);
  });

  it('takes a batch posted to an absolute-form target (through a forward proxy), as RFC 9112 asks', async () => {
    await start();
    const answers: string[] = [];
    for (const target of [`http://127.0.0.1:${port}/events?x=1`, `HTTP://other.example/events`, 'http://h/other']) {
      const body = JSON.stringify(batch(customEvents(1)));
      const client = open();
      client.socket.write(
        `POST ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      );
      await client.closed;
      answers.push(client.received().split('\r\n')[0]!);
    }
    expect(answers).toEqual(['HTTP/1.1 200 OK', 'HTTP/1.1 200 OK', 'HTTP/1.1 404 Not Found']);
    expect(store.events).toHaveLength(2);
  });

  it('answers Expect: 100-continue with the refusal, not 100 Continue, when it will not read the body', async () => {
    await start({ secret: 'right' });
    const tooLarge = open();
    tooLarge.socket.write(headers(['Authorization: Bearer right', 'Content-Length: 5000000', 'Expect: 100-continue']));
    const unauthorized = open();
    unauthorized.socket.write(headers(['Content-Length: 100', 'Expect: 100-continue']));
    await Promise.all([tooLarge.closed, unauthorized.closed]);
    expect(tooLarge.received()).toMatch(/^HTTP\/1\.1 413 /);
    expect(unauthorized.received()).toMatch(/^HTTP\/1\.1 401 /);
    expect(tooLarge.received() + unauthorized.received()).not.toContain('100 Continue');
  });

  it('sends 100 Continue once it is going to read the body, and stores the batch that follows', async () => {
    await start();
    const body = JSON.stringify(batch(customEvents(2)));
    const client = open();
    client.socket.write(headers([`Content-Length: ${body.length}`, 'Expect: 100-continue', 'Connection: close']));
    await vi.waitFor(() => expect(client.received()).toBe('HTTP/1.1 100 Continue\r\n\r\n'));
    client.socket.write(body);
    await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /);
    expect(store.events).toHaveLength(2);
  });

  it('keeps the connection for a refused request whose body had fully arrived', async () => {
    await start({ secret: 'right' });
    const res = await post(batch(customEvents(1)));
    expect(res.status).toBe(401);
    await res.text();
  });
});

describe('collector server: timeouts', () => {
  it('closes a connection that does not finish its headers within headersTimeoutMs', async () => {
    await start({ headersTimeoutMs: 200, requestTimeoutMs: 5000 });
    const client = open();
    const started = performance.now();
    client.socket.write('POST /events HTTP/1.1\r\nHost: x\r\n');
    const slow = setInterval(() => client.socket.write('X-Slow: 1\r\n'), 50);
    const closedAt = await client.closed;
    clearInterval(slow);
    expect(closedAt - started).toBeGreaterThanOrEqual(150);
    expect(closedAt - started).toBeLessThan(1500);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('answers 408 and closes when a body pauses longer than bodyTimeoutMs', async () => {
    await start({ bodyTimeoutMs: 200 });
    const client = open();
    const started = performance.now();
    client.socket.write(`${headers(['Content-Type: application/json', 'Content-Length: 1000'])}{"batchId":`);
    const closedAt = await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAt - started).toBeGreaterThanOrEqual(150);
    expect(closedAt - started).toBeLessThan(1500);
  });

  it('closes a request that trickles past requestTimeoutMs', async () => {
    await start({ headersTimeoutMs: 100, requestTimeoutMs: 400, bodyTimeoutMs: 1000 });
    const client = open();
    const started = performance.now();
    client.socket.write(headers(['Content-Type: application/json', 'Content-Length: 1000']));
    const trickle = setInterval(() => client.socket.write(' '), 50);
    const closedAt = await client.closed;
    clearInterval(trickle);
    expect(closedAt - started).toBeGreaterThanOrEqual(350);
    expect(closedAt - started).toBeLessThan(2000);
  });
});

describe('collector server: limits on connections and bytes in flight', () => {
  it('answers 503 with Retry-After to a connection past maxConnections, and serves again once one closes', async () => {
    await start({ maxConnections: 3 });
    const idle = [open(), open(), open()];
    await new Promise((resolve) => setTimeout(resolve, 100));
    const refused = await post(batch(customEvents(1)));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    await refused.text();
    idle[0]!.socket.destroy();
    await idle[0]!.closed;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const served = await post(batch(customEvents(1)));
    expect(served.status).toBe(200);
    expect(store.events).toHaveLength(1);
  });

  it('answers 503 with Retry-After when the bodies in flight would pass maxInFlightBytes', async () => {
    await start({ maxInFlightBytes: 10_000, maxBodyBytes: 10_000 });
    const holder = open();
    holder.socket.write(`${headers(['Content-Type: application/json', 'Content-Length: 8000'])}{`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const body = JSON.stringify(batch(customEvents(12)));
    expect(body.length).toBeGreaterThan(2000);
    const refused = await post(batch(customEvents(12)));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    holder.socket.destroy();
    await holder.closed;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await post(batch(customEvents(12)))).status).toBe(200);
  });
});
