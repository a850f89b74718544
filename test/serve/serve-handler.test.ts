import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkRulesetBytes, etagOf } from '../../src/serve/ruleset-file.js';
import { createRulesetRoute } from '../../src/serve/ruleset-route.js';
import { createServeHandler } from '../../src/serve/serve-handler.js';
import { requestPath } from '../../src/collector/request-path.js';

const TEXT = '{"version":1}';
const bytes = Buffer.from(TEXT);
const checked = checkRulesetBytes(bytes);
if (!checked.ok) throw new Error('fixture must be valid');
const served = { bytes, text: TEXT, etag: etagOf(bytes), signature: undefined, ruleset: checked.ruleset };

describe('the serve handler', () => {
  let server: Server | undefined;
  afterEach(async () => {
    const open = server;
    server = undefined;
    if (open) await new Promise((resolve) => open.close(resolve));
  });

  async function start(stopping = false) {
    const lines: string[] = [];
    const collected: string[] = [];
    const route = createRulesetRoute(served);
    const handler = createServeHandler({
      ruleset: route,
      collector: (req, res) => {
        collected.push(req.url ?? '');
        res.writeHead(202).end();
      },
      accessLog: (line) => lines.push(line),
      stopping: () => stopping,
    });
    server = createServer(handler);
    const sockets: Socket[] = [];
    server.on('connection', (socket: Socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    /** Waits (bounded) for `n` access log lines: a line is written when the response closes. */
    const logged = async (n: number) => {
      for (let i = 0; lines.length < n && i < 200; i++) await new Promise((resolve) => setTimeout(resolve, 5));
      route.close();
      return lines;
    };
    const bytesRead = () => sockets.reduce((sum, socket) => sum + socket.bytesRead, 0);
    return { origin, logged, collected, bytesRead, port: (server.address() as AddressInfo).port };
  }

  it('routes the ruleset, /healthz and everything else to the collector', async () => {
    const { origin, logged, collected } = await start();
    expect(await (await fetch(`${origin}/ruleset.json?v=2`)).text()).toBe(TEXT);
    expect(await (await fetch(`${origin}/healthz`)).json()).toEqual({
      status: 'ok',
      ruleset: { etag: served.etag },
      streams: 0,
    });
    expect((await fetch(`${origin}/events`, { method: 'POST', body: '{}' })).status).toBe(202);
    expect(collected).toEqual(['/events']);
    expect(await logged(3)).toEqual([
      expect.stringMatching(/^GET \/ruleset\.json 200 \d+\.\dms$/),
      expect.stringMatching(/^GET \/healthz 200 \d+\.\dms$/),
      expect.stringMatching(/^POST \/events 202 \d+\.\dms$/),
    ]);
  });

  it('logs no query string, no header, and nothing that could forge a log line', async () => {
    const { origin, logged } = await start();
    await fetch(`${origin}/events?token=hunter2`, {
      method: 'POST',
      headers: { Authorization: 'Bearer hunter2' },
      body: '{}',
    });
    await fetch(`${origin}/a%0Ab\u00e9`);
    const lines = await logged(2);
    expect(lines.join('\n')).not.toContain('hunter2');
    expect(lines[0]).toMatch(/^POST \/events 202 /);
    expect(lines[1]).toMatch(/^GET \/a%0Ab%C3%A9 202 /);
    expect(requestPath('/x?secret=1')).toBe('/x');
  });

  it('accepts absolute-form request targets (RFC 9112 3.2.2), routing and logging them by path', async () => {
    const { port, logged, collected } = await start();
    // fetch always sends the origin form: the request lines are written by hand, as a client behind a proxy would.
    const send = (line: string, body = '') =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1');
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk.toString()));
        socket.on('end', () => resolve(answer));
        socket.on('error', reject);
        socket.end(
          `${line} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
        );
      });
    expect(await send(`GET http://127.0.0.1:${port}/ruleset.json?v=1`)).toMatch(
      /^HTTP\/1\.1 200 [\s\S]*\{"version":1\}$/,
    );
    expect(await send('GET HTTPS://example.com/healthz')).toMatch(/^HTTP\/1\.1 200 /);
    expect(await send(`POST http://127.0.0.1:${port}/events?k=secret`, '{}')).toMatch(/^HTTP\/1\.1 202 /);
    // The collector reads the target itself, absolute form included (its own tests cover that).
    expect(collected).toEqual([`http://127.0.0.1:${port}/events?k=secret`]);
    expect(await logged(3)).toEqual([
      expect.stringMatching(/^GET \/ruleset\.json 200 /),
      expect.stringMatching(/^GET \/healthz 200 /),
      expect.stringMatching(/^POST \/events 202 /),
    ]);
    expect(requestPath('http://h')).toBe('/');
    expect(requestPath('http://h?q')).toBe('/');
  });

  it('answers /healthz with 503 once stopping', async () => {
    const { origin, logged } = await start(true);
    const health = await fetch(`${origin}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'stopping' });
    await logged(1);
  });

  it.each([
    ['POST', '/healthz', 405],
    ['GET', '/healthz', 200],
    ['POST', '/ruleset.json', 405],
    ['OPTIONS', '/ruleset.json', 204],
    ['GET', '/ruleset.json', 200],
    ['HEAD', '/ruleset.json', 200],
  ])(
    'answers %s %s (%i) with Connection: close and reads little of a 10 GB body that keeps coming',
    async (method, path, status) => {
      const { port, bytesRead, logged } = await start();
      const socket = connect(port, '127.0.0.1');
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
      socket.on('error', () => undefined);
      const closed = new Promise<boolean>((resolve) => socket.on('close', () => resolve(true)));
      const started = performance.now();
      const chunk = Buffer.alloc(64 * 1024, 0x78);
      socket.write(`${method} ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000000\r\n\r\n`);
      socket.write(chunk);
      let sent = chunk.length;
      // The answer is read before pushing on: once the server closes, a reset could drop unread bytes.
      for (let i = 0; i < 200 && !received.includes('\r\n\r\n'); i++) await new Promise((r) => setTimeout(r, 5));
      // Push as fast as the socket takes it, for 2 s at most; the server should close long before.
      while (!socket.destroyed && performance.now() - started < 2000) {
        sent += chunk.length;
        if (!socket.write(chunk)) await new Promise((resolve) => setTimeout(resolve, 1));
      }
      const wasClosed = await Promise.race([closed, new Promise<boolean>((r) => setTimeout(() => r(false), 500))]);
      socket.destroy();
      expect(received).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      expect(received).toMatch(/\r\nConnection: close\r\n/i);
      expect(wasClosed).toBe(true);
      expect(performance.now() - started).toBeLessThan(1500);
      expect(bytesRead()).toBeLessThan(16 * 1024 * 1024);
      expect(sent).toBeGreaterThan(0);
      await logged(1);
    },
  );

  it('keeps the connection alive for requests without a body', async () => {
    const { origin, logged } = await start();
    for (const path of ['/healthz', '/ruleset.json']) {
      const response = await fetch(`${origin}${path}`);
      expect(response.headers.get('connection')).toBe('keep-alive');
      await response.arrayBuffer();
    }
    await logged(2);
  });

  it('answers /healthz to GET and HEAD only: 405 with Allow otherwise', async () => {
    const { origin, logged } = await start();
    const head = await fetch(`${origin}/healthz`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
    expect(await head.text()).toBe('');
    const refused = await fetch(`${origin}/healthz`, { method: 'DELETE' });
    expect(refused.status).toBe(405);
    expect(refused.headers.get('allow')).toBe('GET, HEAD');
    expect(await refused.json()).toEqual({ error: 'method not allowed' });
    await logged(2);
  });

  it('cuts a long logged path after making it printable, so the cut shows as …', async () => {
    const { origin, logged } = await start();
    await fetch(`${origin}/${'a'.repeat(300)}`);
    const [line] = await logged(1);
    expect(line).toMatch(new RegExp(`^GET /${'a'.repeat(199)}… 202 `));
  });
});
