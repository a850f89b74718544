/**
 * Streams whose clients do not read a big ruleset, on real loopback sockets. Each stream used to get its own
 * copy of the event (20 streams that did not read a 17 MB ruleset added 770 MB) and was only checked at a ping,
 * and one with less than 8 MB waiting was kept forever, while a slow reader of a big event was cut at the first
 * ping. Now every stream is written the same Buffer, a slice at a time, and a stream is cut when it has taken
 * nothing for four pings in a row while bytes wait for it.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkRulesetBytes, etagOf } from '../../src/serve/ruleset-file.js';
import type { ServedRuleset } from '../../src/serve/ruleset-file.js';
import { createRulesetRoute } from '../../src/serve/ruleset-route.js';
import type { RulesetRoute, RulesetRouteOptions } from '../../src/serve/ruleset-route.js';

const MB = 1024 * 1024;

function bigRuleset(bytes: number): ServedRuleset {
  const text = JSON.stringify({ version: 1, revision: 'big', params: { big: { default: 'x'.repeat(bytes) } } });
  const buffer = Buffer.from(text);
  const checked = checkRulesetBytes(buffer);
  if (!checked.ok) throw new Error('fixture must be valid');
  return { bytes: buffer, text, etag: etagOf(buffer), signature: undefined, ruleset: checked.ruleset };
}

const BIG = bigRuleset(16 * MB);

describe('ruleset streams whose clients do not read', () => {
  let server: Server | undefined;
  let route: RulesetRoute | undefined;
  const clients: Socket[] = [];

  afterEach(async () => {
    for (const socket of clients.splice(0)) socket.destroy();
    route?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
    route = undefined;
  });

  async function start(options: RulesetRouteOptions): Promise<number> {
    route = createRulesetRoute(BIG, options);
    server = createServer((req, res) => route!.handle(req, res));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  /** A stream request whose client reads nothing (or, with `read`, what `read` lets through). */
  function openStream(port: number): { socket: Socket; received(): number; closed: Promise<void> } {
    const socket = connect(port, '127.0.0.1');
    clients.push(socket);
    let received = 0;
    socket.on('data', (chunk: Buffer) => (received += chunk.length));
    socket.on('error', () => undefined);
    socket.pause();
    socket.write('GET /ruleset.json HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n');
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    return { socket, received: () => received, closed };
  }

  const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('20 streams that read nothing of a 16 MB ruleset cost about one copy of its event, not twenty', async () => {
    const port = await start({ pingMs: 60_000 });
    await settle(100);
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 20; i++) openStream(port);
    for (let i = 0; i < 100 && route!.streamCount() < 20; i++) await settle(20);
    expect(route!.streamCount()).toBe(20);
    await settle(300);
    const grown = (process.memoryUsage().rss - before) / MB;
    // One event is ~16 MB (and its JSON text, briefly); twenty copies were ~250 MB beyond the socket buffers.
    expect(grown).toBeLessThan(120);
  }, 30_000);

  it('cuts a stream that takes nothing for four pings in a row, and keeps one that reads slowly', async () => {
    const port = await start({ pingMs: 150 });
    const stuck = openStream(port);
    const slow = openStream(port);
    // The slow client reads a little every 50 ms.
    const reading = setInterval(() => {
      slow.socket.resume();
      setTimeout(() => slow.socket.pause(), 5);
    }, 50);
    try {
      for (let i = 0; i < 100 && route!.streamCount() < 2; i++) await settle(10);
      expect(route!.streamCount()).toBe(2);
      const started = performance.now();
      // The server drops the stuck stream (its paused client has not noticed yet).
      while (route!.streamCount() > 1 && performance.now() - started < 3_000) await settle(20);
      expect(route!.streamCount()).toBe(1);
      expect(performance.now() - started).toBeLessThan(2_000);
      // The slow one stays for many more pings.
      await settle(1_500);
      expect(route!.streamCount()).toBe(1);
      expect(slow.received()).toBeGreaterThan(0);
      // And the one cut was the stuck one: once it reads, it finds its connection closed.
      stuck.socket.resume();
      await stuck.closed;
      expect(slow.socket.destroyed).toBe(false);
    } finally {
      clearInterval(reading);
    }
  }, 30_000);

  it('keeps a slow reader whose event takes many pings to arrive', async () => {
    const port = await start({ pingMs: 300 });
    const slow = openStream(port);
    // A few reads of what has arrived every 20 ms (a few MB/s): the 16 MB event takes many pings, and the
    // server sees the progress in steps of a MB or more (as the kernel frees the socket's send buffer).
    const reading = setInterval(() => {
      for (let i = 0; i < 8 && slow.socket.read() !== null; i++);
    }, 20);
    try {
      for (let i = 0; i < 100 && route!.streamCount() < 1; i++) await settle(10);
      await settle(3_000);
      expect(route!.streamCount()).toBe(1);
      expect(slow.socket.destroyed).toBe(false);
      expect(slow.received()).toBeGreaterThan(MB);
    } finally {
      clearInterval(reading);
    }
  }, 30_000);
});
