import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCollector } from '../../src/collector/collector.js';
import type { CollectorOptions } from '../../src/collector/collector-options.js';
import { createNdjsonStore } from '../../src/collector/ndjson-store.js';
import type { EventStore } from '../../src/events/store.js';
import { ConfigError, EventBatchError } from '../../src/errors/index.js';
import { silentLogger } from '../../src/io/logger.js';
import { batch, collect, custom, customEvents, exposure } from './support/events.js';
import { memoryStore } from './support/memory-store.js';
import { serve } from './support/server.js';
import type { TestServer } from './support/server.js';

let dir: string;
let store: EventStore;
let server: TestServer;
let errors: Error[];

async function start(options: Partial<CollectorOptions> = {}): Promise<void> {
  server = await serve(createCollector({ store, onError: (error) => errors.push(error), ...options }));
}

function post(body: unknown, init: RequestInit = {}, path = '/events'): Promise<Response> {
  return fetch(server.url + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'splitkit-collector-'));
  store = await createNdjsonStore({ path: join(dir, 'events.ndjson'), logger: silentLogger });
  errors = [];
});

afterEach(async () => {
  await server?.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('collector: accepting batches', () => {
  it('stores a valid batch and acknowledges it with the counts', async () => {
    await start();
    const events = [exposure(), custom(), custom('refund')];
    const res = await post(batch(events));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ accepted: 3, duplicates: 0 });
    expect(await collect(store.read())).toEqual(events);
    expect(errors).toEqual([]);
  });

  it('stores ids repeated across batches and within a batch once', async () => {
    await start();
    const events = customEvents(4);
    await post(batch(events));
    const retry = await post(batch([events[0]!, events[2]!, custom('new'), events[0]!]));
    expect(await retry.json()).toEqual({ accepted: 1, duplicates: 3 });
    expect(await collect(store.read())).toHaveLength(5);
  });

  it('accepts text/plain bodies (sendBeacon with a string) and a query string on the path', async () => {
    await start();
    const res = await post(
      batch(customEvents(2)),
      { headers: { 'Content-Type': 'text/plain;charset=UTF-8' } },
      '/events?sdk=web',
    );
    expect(await res.json()).toEqual({ accepted: 2, duplicates: 0 });
  });

  it('answers only after the store has made the events durable', async () => {
    const slow = memoryStore();
    await store.close();
    store = slow;
    await start();
    let release!: () => void;
    slow.gate = new Promise((resolve) => (release = resolve));
    let answered = false;
    const appending = slow.nextAppend();
    const res = post(batch(customEvents(1))).then((r) => ((answered = true), r));
    await appending;
    // Real sockets: give an early answer time to cross loopback before checking there was none.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe(false);
    release();
    expect((await res).status).toBe(200);
  });

  it('stores every id once when many overlapping batches arrive at once', async () => {
    await start();
    const shared = customEvents(10);
    const sends = Array.from({ length: 30 }, () => post(batch([...customEvents(20), ...shared])));
    const bodies = await Promise.all(
      sends.map(async (res) => (await res).json() as Promise<{ accepted: number; duplicates: number }>),
    );
    expect(bodies.reduce((sum, b) => sum + b.accepted, 0)).toBe(610);
    const ids = (await collect(store.read())).map((event) => event.id);
    expect(new Set(ids).size).toBe(610);
    expect(ids).toHaveLength(610);
  });
});

describe('collector: rejecting batches', () => {
  it('answers 400 naming the path of a bad event and stores nothing from the batch', async () => {
    await start();
    const events: unknown[] = customEvents(5);
    events[3] = { ...(events[3] as object), time: 'yesterday' };
    const res = await post({ ...batch([]), events });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; issues: { path: string; message: string }[] };
    expect(body.error).toBe('invalid event batch');
    expect(body.issues.map((issue) => issue.path)).toEqual(['events[3].time']);
    expect(await collect(store.read())).toEqual([]);
  });

  it('answers 400 to a body that is not JSON', async () => {
    await start();
    const res = await post('{"batchId":');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid JSON', issues: [{ path: '' }] });
  });

  it('answers 415 to other content types and to compressed bodies', async () => {
    await start();
    expect((await post(batch([]), { headers: { 'Content-Type': 'application/xml' } })).status).toBe(415);
    expect(
      (await post(batch([]), { headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' } })).status,
    ).toBe(415);
  });

  it('answers 404 on other paths and 405 to other methods', async () => {
    await start({ path: '/collect' });
    expect((await post(batch([]))).status).toBe(404);
    const get = await fetch(`${server.url}/collect`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
    expect((await post(batch(customEvents(1)), {}, '/collect')).status).toBe(200);
  });

  it('answers 503 with Retry-After and reports the error when the store fails', async () => {
    const failing = memoryStore();
    failing.failure = new Error('disk full');
    await store.close();
    store = failing;
    await start();
    const res = await post(batch(customEvents(1)));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(errors.map((error) => error.message)).toEqual(['disk full']);
  });

  it('answers 422 with the issues when the store refuses events it can never keep', async () => {
    const refusing = memoryStore();
    refusing.failure = new EventBatchError([{ path: 'events[0].name', message: 'cannot store U+0000' }]);
    await store.close();
    store = refusing;
    await start();
    const res = await post(batch(customEvents(1)));
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ issues: [{ path: 'events[0].name' }] });
    expect(errors).toEqual([]);
  });

  it('rejects invalid options with a ConfigError listing each one', () => {
    const attempt = (): unknown =>
      createCollector({ store: {} as EventStore, maxBodyBytes: 0, path: 'events', cors: { origins: 'x' as '*' } });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigError).issues.map((issue) => issue.path)).toEqual([
        'store',
        'maxBodyBytes',
        'path',
        'cors.origins',
      ]);
    }
  });

  it('refuses a secret with whitespace around it, which no Authorization header can carry', () => {
    for (const secret of ['s3cret\n', ' s3cret', 's3cret\t']) {
      expect(() => createCollector({ store: memoryStore(), secret })).toThrow(
        /secret: must not start or end with whitespace/,
      );
    }
    expect(() => createCollector({ store: memoryStore(), secret: 'two words' })).not.toThrow();
  });

  it('refuses a CORS origin no browser sends (trailing slash, no scheme, a path), saying what browsers send', () => {
    const attempt = () =>
      createCollector({
        store: memoryStore(),
        cors: { origins: ['https://app.example', 'https://app.example/', 'app.example', 'null', 'http://x.test:8080'] },
      });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const issues = (error as ConfigError).issues;
      expect(issues.map((issue) => issue.path)).toEqual(['cors.origins[1]', 'cors.origins[2]']);
      expect(issues[0]?.message).toContain("got 'https://app.example/'; browsers send 'https://app.example'");
    }
  });
});

describe('collector: body size limit', () => {
  it('answers 413 to an announced length above the limit without storing anything', async () => {
    await start({ maxBodyBytes: 1024 });
    const res = await post(batch(customEvents(20)));
    expect(res.status).toBe(413);
    expect(res.headers.get('connection')).toBe('close');
    expect(await collect(store.read())).toEqual([]);
    expect((await post(batch(customEvents(1)))).status).toBe(200);
  });

  it('stops reading a streamed body once it passes the limit and still answers 413', async () => {
    await start({ maxBodyBytes: 64 * 1024 });
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    let sent = 0;
    // 256 MiB offered; the server must answer long before the client runs out.
    async function* body(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 4096; i++) {
        sent += chunk.length;
        yield chunk;
      }
    }
    const res = await fetch(`${server.url}/events`, {
      method: 'POST',
      body: body(),
      duplex: 'half',
    } as unknown as RequestInit);
    expect(res.status).toBe(413);
    // What the client could push is bounded by socket buffers (a few MiB on loopback), not by the body.
    expect(sent).toBeLessThan(32 * 1024 * 1024);
    expect((await post(batch(customEvents(1)))).status).toBe(200);
  });

  it('answers node:http clients with 413 before they finish sending', async () => {
    await start({ maxBodyBytes: 1024 });
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${server.url}/events`,
        { method: 'POST', headers: { 'Content-Type': 'application/json' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      // The server closes after answering; the client's remaining writes may fail, which is expected.
      req.on('error', (error) =>
        error.message.includes('EPIPE') || error.message.includes('ECONNRESET') ? undefined : reject(error),
      );
      req.write('x'.repeat(4096));
    });
    expect(status).toBe(413);
  });

  it('stores nothing when the client goes away mid-body', async () => {
    await start();
    await new Promise<void>((resolve) => {
      const req = request(`${server.url}/events`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Length': '10000' },
      });
      req.on('error', () => resolve());
      req.write(JSON.stringify(batch(customEvents(1))).slice(0, 100), () => req.destroy());
    });
    expect((await post(batch(customEvents(1)))).status).toBe(200);
    expect(await collect(store.read())).toHaveLength(1);
  });
});

describe('collector: shared secret', () => {
  it('answers 401 without the right bearer token and 200 with it', async () => {
    await start({ secret: 's3cret' });
    const events = customEvents(1);
    expect((await post(batch(events))).status).toBe(401);
    expect((await post(batch(events), { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await post(batch(events), { headers: { Authorization: 's3cret' } })).status).toBe(401);
    const denied = await post(batch(events), { headers: { Authorization: 'Bearer s3cret!' } });
    expect(denied.headers.get('www-authenticate')).toBe('Bearer');
    expect(await collect(store.read())).toEqual([]);
    const ok = await post(batch(events), {
      headers: { 'Content-Type': 'application/json', Authorization: 'bearer s3cret' },
    });
    expect(ok.status).toBe(200);
  });
});

describe('collector: CORS', () => {
  const preflight = (origin: string): Promise<Response> =>
    fetch(`${server.url}/events`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });

  it('answers preflights from allowed origins, even with a secret set, and echoes the origin', async () => {
    await start({ cors: { origins: ['https://app.example'] }, secret: 's' });
    const res = await preflight('https://app.example');
    expect(res.status).toBe(204);
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'access-control-allow-origin': 'https://app.example',
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': 'Content-Type, Authorization, content-type',
      vary: 'Origin, Access-Control-Request-Headers',
    });
  });

  it('allows the headers a preflight asks for (a sender may add its own), only for allowed origins', async () => {
    await start({ cors: { origins: ['https://app.example'] } });
    const ask = (origin: string, headers: string): Promise<Response> =>
      fetch(`${server.url}/events`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': headers },
      });
    const own = await ask('https://app.example', 'content-type,x-app');
    expect(own.status).toBe(204);
    expect(own.headers.get('access-control-allow-headers')).toBe('Content-Type, Authorization, content-type,x-app');
    expect(own.headers.get('vary')).toBe('Origin, Access-Control-Request-Headers');
    // Not a list of header names: nothing of it is echoed.
    const odd = await ask('https://app.example', 'x-app, <script>');
    expect(odd.headers.get('access-control-allow-headers')).toBe('Content-Type, Authorization');
    const long = await ask('https://app.example', `x-${'a'.repeat(1100)}`);
    expect(long.headers.get('access-control-allow-headers')).toBe('Content-Type, Authorization');
    const refused = await ask('https://evil.example', 'x-app');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-headers')).toBeNull();
  });

  it('refuses preflights and batches from other origins', async () => {
    await start({ cors: { origins: ['https://app.example'] } });
    const res = await preflight('https://evil.example');
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect((await post(batch(customEvents(1)), { headers: { Origin: 'https://evil.example' } })).status).toBe(403);
    expect(await collect(store.read())).toEqual([]);
  });

  it("allows any origin with '*', still echoing it (beacons send credentials)", async () => {
    await start({ cors: { origins: '*' } });
    const res = await post(batch(customEvents(1)), {
      headers: { Origin: 'https://any.example', 'Content-Type': 'text/plain' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://any.example');
    expect(res.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('adds no CORS headers when CORS is off', async () => {
    await start();
    const res = await post(batch(customEvents(1)), {
      headers: { Origin: 'https://app.example', 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
