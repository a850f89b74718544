/**
 * Shared pieces of the ruleset source tests: rulesets, signing keys, a client that records its errors, and the
 * msw ruleset server with the fake-time step the polling tests use.
 */
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { RulesetInput, SplitkitError } from '../../src/index.js';
import { createClient, type ClientOptions, type SplitkitClient } from '../../src/index.js';
import { createMemoryStorage } from '../../src/adapters/storage.js';

export const URL_ = 'http://flags.test/ruleset.json';

/** A ruleset whose gate `g` serves `on`, published at `updatedAt`. */
export function rulesetWith(on: boolean, updatedAt = '2026-01-01T00:00:00Z', extra: RulesetInput = {}): RulesetInput {
  return { updatedAt, gates: { g: { enabled: true, rules: [{ id: 'all', rollout: on ? 100 : 0 }] } }, ...extra };
}

/** A client on `URL_` that records every error; no cache unless given. `create`: the entry's createClient (Node's by default). */
export function sourceClient(
  source: Partial<NonNullable<ClientOptions['source']>> = {},
  options: Partial<ClientOptions> = {},
  create: (options: ClientOptions) => SplitkitClient = createClient,
): { client: SplitkitClient; errors: SplitkitError[] } {
  const errors: SplitkitError[] = [];
  const client = create({
    environment: 'server',
    onError: (error) => errors.push(error),
    ...options,
    source: { url: URL_, cache: false, ...source },
  });
  return { client, errors };
}

export { createMemoryStorage };

/** An Ed25519 key pair: `publicKey` as `source.publicKeys` takes it, `sign` as `splitkit sign` does. */
export async function signingKey(): Promise<{ publicKey: string; sign(body: string): Promise<string> }> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  return {
    publicKey: Buffer.from(raw).toString('base64'),
    sign: async (body) =>
      Buffer.from(
        await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, new TextEncoder().encode(body)),
      ).toString('base64'),
  };
}

/** Lets pending promises and I/O callbacks run (msw answers on later ticks). */
export async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Lets the event loop turn until `done()` holds, for at most `ms` of real time (read from `performance`,
 * which the tests' fake timers leave alone): fake time does not move, and a busy machine gets its time.
 */
export async function settleUntil(done: () => boolean, ms = 5_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!done() && performance.now() < deadline) await settle(1);
}

/** How a test's ruleset server answers a request. */
export type Reply = (request: Request) => Response | Promise<Response>;

/** A test file's ruleset server (see rulesetServer): the requests it got, and how it answers the next one. */
export interface RulesetServer {
  requests: Request[];
  reply: Reply;
}

/**
 * The ruleset server of one test file, msw at URL_: records each request and answers it with `server.reply`,
 * which a test may replace (back to `first`, with the record cleared, after each test). Registers its own hooks:
 * it loads the source's chunk (and whatever `load` loads) once before the tests, so that fake-timer steps do not
 * race the test runner's first transform of a module behind `import()`, and puts real timers and mocks back after
 * each test.
 */
export function rulesetServer(first: Reply, load?: () => Promise<unknown>): RulesetServer {
  const server: RulesetServer = { requests: [], reply: first };
  const msw = setupServer(
    http.get(URL_, ({ request }) => {
      server.requests.push(request.clone());
      return server.reply(request);
    }),
  );
  beforeAll(async () => {
    msw.listen({ onUnhandledRequest: 'error' });
    await import('../../src/source/start-source.js');
    await load?.();
  });
  afterEach(() => {
    server.requests.length = 0;
    server.reply = first;
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
  afterAll(() => msw.close());
  return server;
}

/** A JSON answer with `etag` (`body` as given when it is text already, e.g. truncated JSON). */
export const json = (body: unknown, etag: string, headers: Record<string, string> = {}): Response =>
  new HttpResponse(typeof body === 'string' ? body : JSON.stringify(body), {
    headers: { 'Content-Type': 'application/json', ETag: etag, ...headers },
  });

/** A 304 for `etag`. */
export const notModified = (etag: string): Response => new HttpResponse(null, { status: 304, headers: { ETag: etag } });

/**
 * Fake timers for the source's polls and timeouts, with `Math.random` at 0.5: jittered polls come after exactly
 * their interval, and backoff delays are half their cap (500 ms, 1 s, 2 s, …). The server's hooks undo both.
 */
export function fakeTime(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  vi.spyOn(Math, 'random').mockReturnValue(0.5);
}

/** Moves fake time on by `ms`, then lets what it set off run. */
export async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  await settle();
}
