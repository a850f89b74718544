/**
 * A client made per request on a Node server: after `shutdown()` nothing of it (poll timer, stream, flush timer,
 * sockets) keeps the process running, and `shutdown()` called twice at once delivers once and reports the same.
 * The client runs in a child process, so "the process exits by itself" is what is checked.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: Server;
let base = '';
const events: unknown[] = [];
let streams = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/ruleset.json' && req.headers.accept?.includes('text/event-stream')) {
      streams++;
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write(': open\n\n');
      return; // held open, as a stream is
    }
    if (req.url === '/streams') {
      res.end(String(streams));
      return;
    }
    if (req.url === '/ruleset.json') {
      res.writeHead(200, { 'Content-Type': 'application/json', ETag: '"1"' });
      res.end(JSON.stringify({ gates: { g: { rules: [{ id: 'all', rollout: 100 }] } } }));
      return;
    }
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      events.push(...(JSON.parse(body) as { events: unknown[] }).events);
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function runChild(kind: string): Promise<{ code: number | null; stdout: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    // Killed at 15 s: a process something keeps running would otherwise never end.
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'test/client/fixtures/per-request-client.ts', base, kind],
      { timeout: 15_000 },
      (_error, stdout) => resolve({ code: child.exitCode, stdout, ms: performance.now() - started }),
    );
  });
}

describe('a per-request client on a Node server', () => {
  for (const kind of ['poll', 'stream'])
    it(`${kind}: the process exits by itself after shutdown(); two shutdowns deliver once`, async () => {
      events.length = 0;
      streams = 0;
      const { code, stdout, ms } = await runChild(kind);
      expect(code).toBe(0);
      // Well before the 15 s kill (tsx's start-up takes most of it).
      expect(ms).toBeLessThan(10_000);
      const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
      expect(result).toMatchObject({ origin: 'network', gate: true, first: { delivered: true, undelivered: 0 } });
      expect(result.second).toEqual(result.first);
      // The exposure and the custom event, each once.
      // The stream was open (held by the server) when the client shut down.
      expect(streams).toBe(kind === 'stream' ? 1 : 0);
      expect(events.map((event) => (event as { type: string }).type).sort()).toEqual(['event', 'exposure']);
    }, 20_000);
});
