import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkRulesetBytes, etagOf } from '../../src/serve/ruleset-file.js';
import { createRulesetRoute } from '../../src/serve/ruleset-route.js';
import { createServeHandler, requestPath } from '../../src/serve/serve-handler.js';

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
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    /** Waits (bounded) for `n` access log lines: a line is written when the response closes. */
    const logged = async (n: number) => {
      for (let i = 0; lines.length < n && i < 200; i++) await new Promise((resolve) => setTimeout(resolve, 5));
      route.close();
      return lines;
    };
    return { origin, logged, collected };
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

  it('answers /healthz with 503 once stopping', async () => {
    const { origin, logged } = await start(true);
    const health = await fetch(`${origin}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'stopping' });
    await logged(1);
  });
});
