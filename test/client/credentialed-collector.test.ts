/**
 * A collector URL with a user name or password (`https://user:secret@host/events`). Node's fetch (undici), like
 * a browser's, refuses to build a request from it, with a TypeError that quotes the URL whole: every batch was
 * retried as a network failure, forever, and each report carried the password to `onError` and the logs. Now it
 * takes the path of a URL that cannot be parsed: refused at the first attempt, reported once (`INVALID_OPTIONS`,
 * naming `collector.url` and what to do), no request made, events dropped, and `flush()` and `shutdown()`
 * resolve at once. Checked against a real loopback server and Node's own fetch.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { createClient, createFetchTransport, type Logger, type SplitkitError } from '../../src/index.js';
import { ManualScheduler } from '../events/helpers.js';
import { within } from '../support/within.js';

const SECRET = 's3cretPa55';
let server: Server;
/** Requests the loopback collector received. */
const received: string[] = [];
let base = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    received.push(`${request.method} ${request.url}`);
    response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  vi.restoreAllMocks();
  received.length = 0;
});

/** Every message of `errors` and of their causes. */
const messages = (errors: unknown[]): string[] =>
  errors.flatMap((error) => (error instanceof Error ? [error.message, ...messages([error.cause])] : []));

/** A logger that records every call's arguments as text. */
function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const record = (...args: unknown[]) =>
    lines.push(args.map((arg) => (arg instanceof Error ? messages([arg]).join(' / ') : String(arg))).join(' '));
  return { logger: { debug: record, info: record, warn: record, error: record }, lines };
}

it("the premise: Node's own fetch refuses such a URL, quoting the password", async () => {
  await expect(fetch(`http://user:${SECRET}@${base}/events`)).rejects.toThrow(
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
  'collector.url with %s: reported once naming the option, never sent, flush and shutdown resolve at once',
  async (_label, prefix) => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const scheduler = new ManualScheduler();
    const errors: SplitkitError[] = [];
    const client = createClient({
      ruleset: {},
      environment: 'server',
      collector: { url: `${prefix}${base}/events?key=${SECRET}` },
      user: { userID: 'u' },
      scheduler,
      onError: (error) => errors.push(error),
    });
    client.track('a');
    client.track('b');
    // The flush interval (5 s on a server) makes the first attempt.
    await scheduler.advance(5_000);
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    expect(errors[0]!.code).toBe('INVALID_OPTIONS');
    expect(errors[0]!.message).toBe(
      `collector.url "http://${base}/events" must not contain a user name or password: send them in collector.headers: ` +
        'no event can be sent; 2 event(s) dropped, and every later one',
    );

    // An hour of backoff would have retried many times.
    await scheduler.advance(3_600_000);
    client.track('c');
    expect(await within(client.flush())).toBeUndefined();
    const report = await within(client.shutdown());
    expect(report).toMatchObject({ delivered: false, undelivered: 2, dropped: 2 });
    expect(client.stats()).toMatchObject({ queued: 0, inFlight: 0, sent: 0, dropped: 3, retried: 0 });
    expect(errors).toHaveLength(1);
    expect(messages(errors).join('\n')).not.toContain(SECRET);
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(received).toEqual([]);
  },
);

it('without onError, the warning on the logger carries no secret either', async () => {
  const { logger, lines } = recordingLogger();
  const client = createClient({
    ruleset: {},
    environment: 'server',
    collector: { url: `https://user:${SECRET}@${base}/events`, headers: { 'X-Test': '1' } },
    user: { userID: 'u' },
    logger,
  });
  client.track('a');
  expect(await within(client.shutdown())).toMatchObject({ delivered: false, undelivered: 1, dropped: 1 });
  expect(lines).toEqual([expect.stringContaining(`collector.url "https://${base}/events" must not contain`)]);
  expect(lines.join('\n')).not.toContain(SECRET);
  expect(received).toEqual([]);
});

it('createFetchTransport used directly: its own option names, url and headers; a fetch of the app is not called', async () => {
  const request = { signal: new AbortController().signal };
  const own = vi.fn(async () => new Response('{}'));
  for (const fetch of [undefined, own]) {
    const transport = createFetchTransport({ url: `https://me:${SECRET}@collector.test/e?k=${SECRET}`, fetch });
    const error = await transport({ events: [] } as never, request).catch((thrown: SplitkitError) => thrown);
    expect(error).toMatchObject({
      code: 'INVALID_OPTIONS',
      message: 'url "https://collector.test/e" must not contain a user name or password: send them in headers',
    });
  }
  expect(own).not.toHaveBeenCalled();
});

it('an @ elsewhere (a path, a query string) is no credential: sent as usual', async () => {
  const errors: SplitkitError[] = [];
  const client = createClient({
    ruleset: {},
    environment: 'server',
    collector: { url: `http://${base}/@team/events?by=me@example.com` },
    user: { userID: 'u' },
    onError: (error) => errors.push(error),
  });
  client.track('a');
  expect(await within(client.shutdown())).toMatchObject({ delivered: true });
  expect(errors).toEqual([]);
  expect(received).toEqual(['POST /@team/events?by=me@example.com']);
});
