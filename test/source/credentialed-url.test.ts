/**
 * A ruleset URL with a user name or password (`https://user:secret@flags.example.com/ruleset.json`). Node's fetch
 * (undici), like a browser's, refuses to build a request from it, with a TypeError that quotes the URL whole: the
 * source retried it with backoff for as long as the client lived, and its report carried the password to
 * `onError` and the logs. Now the source refuses it at start: reported once (`INVALID_OPTIONS`, naming
 * `source.url` and what to do), no request and no stream, and reads serve the bootstrap, the cache or the
 * defaults. A relative URL on a server (no page to resolve it against) is refused alike, as the collector's is:
 * Node's fetch quoted it too, query string and all. Checked against a real loopback server and Node's own fetch.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { createClient, type Logger, type SplitkitError } from '../../src/index.js';
import { ManualScheduler } from '../events/helpers.js';
import { createMemoryStorage, rulesetWith } from './helpers.js';

const SECRET = 's3cretPa55';
const visitor = { userID: 'u1' };
let server: Server;
/** Requests the loopback ruleset server received. */
const received: string[] = [];
let base = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    received.push(`${request.method} ${request.url}`);
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(rulesetWith(true)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Loaded before the tests: createClient starts the source with import().
  await import('../../src/source/start-source.js');
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  received.length = 0;
});

/** Every message of `errors` and of their causes. */
const messages = (errors: unknown[]): string[] =>
  errors.flatMap((error) => (error instanceof Error ? [error.message, ...messages([error.cause])] : []));

/** A server client on `url` with a manual clock, recording its reports; `options` are added. */
function clientOn(url: string, source: object = {}, options: object = {}) {
  const scheduler = new ManualScheduler();
  const errors: SplitkitError[] = [];
  const client = createClient({
    environment: 'server',
    scheduler,
    onError: (error) => errors.push(error),
    ...options,
    source: { url, cache: false, ...source },
  });
  return { client, errors, scheduler };
}

/** The report the source makes for a URL with credentials at `shown` (as reports name it). */
const credentialsReport = (shown: string) =>
  `source.url "${shown}" must not contain a user name or password: send them in source.headers`;

it("the premise: Node's own fetch refuses such a URL, quoting the password", async () => {
  await expect(fetch(`http://user:${SECRET}@${base}/ruleset.json`)).rejects.toThrow(
    expect.objectContaining({ name: 'TypeError', message: expect.stringContaining(SECRET) }),
  );
  expect(received).toEqual([]);
});

it.each([
  ['user and password', `http://user:${SECRET}@`],
  ['user only', `http://${SECRET}@`],
  ['password only', `http://:${SECRET}@`],
  // The URL parser finds credentials where a pattern on `//` would not: the name is rebuilt from the parsed URL.
  ['backslashes for slashes', `http:\\\\user:${SECRET}@`],
  ['no slashes', `http:user:${SECRET}@`],
  ['a tab in the slashes', `http:/\t/user:${SECRET}@`],
])(
  'source.url with %s: reported once at start, never requested nor retried; reads serve the defaults',
  async (_label, prefix) => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const { client, errors, scheduler } = clientOn(`${prefix}${base}/ruleset.json?token=${SECRET}`);
    expect(await client.ready()).toBe('none');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      code: 'INVALID_OPTIONS',
      message: credentialsReport(`http://${base}/ruleset.json`),
    });
    // No ruleset in use: the defaults (reported as FLAG_NOT_FOUND, as without a source).
    expect(client.getGateDetails('g', visitor)).toMatchObject({ value: false, errorCode: 'FLAG_NOT_FOUND' });

    // An hour: a backoff would have retried about sixty times.
    await scheduler.advance(3_600_000);
    expect(errors.filter((error) => error.code !== 'FLAG_NOT_FOUND')).toHaveLength(1);
    // Nothing refreshes the defaults: stale, as documented for a source that cannot refresh.
    expect(client.status()).toEqual({ origin: 'none', stale: true, ready: true });
    await client.shutdown();
    expect(messages(errors).join('\n')).not.toContain(SECRET);
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(received).toEqual([]);
  },
);

it('with a bootstrap, the bootstrap serves; with a stream and a fetch of the app, neither is used', async () => {
  const bootstrap = createClient({ ruleset: rulesetWith(true), environment: 'server' }).snapshot(visitor, {
    mode: 'ruleset',
  });
  const own = vi.fn(async () => new Response('{}'));
  const opened = vi.fn();
  vi.stubGlobal('EventSource', opened);
  const { client, errors, scheduler } = clientOn(
    `https://user:${SECRET}@${base}/ruleset.json`,
    { stream: true, fetch: own },
    { bootstrap },
  );
  expect(await client.ready()).toBe('bootstrap');
  expect(client.checkGate('g', visitor)).toBe(true);
  await scheduler.advance(3_600_000);
  await client.shutdown();
  expect(errors.map((error) => error.message)).toEqual([credentialsReport(`https://${base}/ruleset.json`)]);
  expect(own).not.toHaveBeenCalled();
  expect(opened).not.toHaveBeenCalled();
  expect(received).toEqual([]);
});

it('a cached ruleset serves (a cache the app filled, e.g. with a fetch of its own that took the URL)', async () => {
  const url = `https://user:${SECRET}@${base}/ruleset.json`;
  const storage = createMemoryStorage();
  storage.set(
    `splitkit.ruleset:${url}`,
    JSON.stringify({ body: JSON.stringify(rulesetWith(true)), etag: '"v1"', savedAt: Date.now() }),
  );
  const { client, errors } = clientOn(url, { cache: storage });
  expect(await client.ready()).toBe('cache');
  expect(client.checkGate('g', visitor)).toBe(true);
  await client.shutdown();
  expect(errors.map((error) => error.message)).toEqual([credentialsReport(`https://${base}/ruleset.json`)]);
  expect(received).toEqual([]);
});

it('without onError, the warning on the logger carries no secret either', async () => {
  const lines: string[] = [];
  const record = (...args: unknown[]) => lines.push(args.map(String).join(' '));
  const logger: Logger = { debug: record, info: record, warn: record, error: record };
  const { client } = clientOn(`http://user:${SECRET}@${base}/ruleset.json`, {}, { logger, onError: undefined });
  expect(await client.ready()).toBe('none');
  await client.shutdown();
  expect(lines).toEqual([`[splitkit] ${credentialsReport(`http://${base}/ruleset.json`)}`]);
});

it('a relative URL on a server: refused once, named without its query string, never retried', async () => {
  const fetchSpy = vi.spyOn(globalThis, 'fetch');
  const { client, errors, scheduler } = clientOn(`/ruleset.json?token=${SECRET}`);
  expect(await client.ready()).toBe('none');
  await scheduler.advance(3_600_000);
  await client.shutdown();
  expect(errors.map((error) => [error.code, error.message])).toEqual([
    ['INVALID_OPTIONS', 'source.url "/ruleset.json" cannot be parsed here'],
  ]);
  expect(messages(errors).join('\n')).not.toContain(SECRET);
  expect(fetchSpy).not.toHaveBeenCalled();
});

it('a relative URL with a fetch of the app (which may resolve it), or with a page, is requested as given', async () => {
  const own = vi.fn(async () => Response.json(rulesetWith(true)));
  const { client, errors } = clientOn('/ruleset.json', { fetch: own, pollIntervalMs: 0 });
  expect(await client.ready()).toBe('network');
  await client.shutdown();
  expect(own).toHaveBeenCalledWith('/ruleset.json', expect.anything());
  expect(errors).toEqual([]);

  // A page: its fetch resolves the URL against the page's location (Node's would not).
  vi.stubGlobal('location', new URL(`http://${base}/page`));
  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', (input: string, init?: RequestInit) => realFetch(new URL(input, location.href), init));
  const paged = clientOn('/ruleset.json', { pollIntervalMs: 0 });
  expect(await paged.client.ready()).toBe('network');
  await paged.client.shutdown();
  expect(received).toEqual(['GET /ruleset.json']);
  expect(paged.errors).toEqual([]);
});

it('an @ elsewhere (a path, a query string) is no credential: requested as usual', async () => {
  const { client, errors } = clientOn(`http://${base}/@team/ruleset.json?by=me@example.com`, { pollIntervalMs: 0 });
  expect(await client.ready()).toBe('network');
  await client.shutdown();
  expect(errors).toEqual([]);
  expect(received).toEqual(['GET /@team/ruleset.json?by=me@example.com']);
});
