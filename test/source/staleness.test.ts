/**
 * `client.status().stale` and the `stale` subscribe events (msw, fake
 * timers): stale once the source has failed to refresh the ruleset in use
 * for `staleAfterMs` (errors, refused rulesets, the stream down with polling
 * off), fresh again at the next accepted ruleset, 304 or stream that opens.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createClient, type RulesetChange } from '../../src/index.js';
import { rulesetWith, settle, sourceClient, URL_ } from './helpers.js';

type Reply = (request: Request) => Response;
const ok: Reply = (request) =>
  request.headers.get('if-none-match') === '"v1"'
    ? new HttpResponse(null, { status: 304, headers: { ETag: '"v1"' } })
    : HttpResponse.json(rulesetWith(true), { headers: { ETag: '"v1"' } });
const down: Reply = () => new HttpResponse('down', { status: 503 });
let reply = ok;
let polls = 0;
let streamsUp = true;
let stream: ReadableStreamDefaultController<Uint8Array> | undefined;

const server = setupServer(
  http.get(URL_, ({ request }) => {
    if (request.headers.get('accept') === 'text/event-stream') {
      if (!streamsUp) return HttpResponse.error();
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          stream = controller;
          controller.enqueue(new TextEncoder().encode(': hello\n\n'));
        },
      });
      return new HttpResponse(body, { headers: { 'Content-Type': 'text/event-stream' } });
    }
    polls++;
    return reply(request);
  }),
);

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  // The fetch-based stream reader loads with import() (Node has no EventSource): loaded once here, so the
  // fake-timer steps below do not race the test runner's first transform of the module.
  await import('../../src/source/stream-fetch.js');
});
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  // Backoff delays are half their cap: 500 ms, 1 s, 2 s, …; polls come after exactly the interval.
  vi.spyOn(Math, 'random').mockReturnValue(0.5);
  reply = ok;
  polls = 0;
  streamsUp = true;
  stream = undefined;
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});
afterAll(() => server.close());

/** Advances fake time by `ms`, letting msw's answers arrive. */
async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  await settle();
}

/** A source client that records its subscribe events. */
async function watched(source: Parameters<typeof sourceClient>[0]) {
  const { client, errors } = sourceClient(source);
  await client.ready();
  await settle();
  const changes: RulesetChange[] = [];
  client.subscribe((change) => changes.push(change));
  return { client, errors, changes, health: () => changes.filter((change) => change.stale !== undefined) };
}

const STALE = { gates: [], experiments: [], params: [], stale: true };
const FRESH = { gates: [], experiments: [], params: [], stale: false };

describe('staleness of the ruleset in use', () => {
  it('turns stale once polls have failed for staleAfterMs, once, and fresh again at a 304', async () => {
    const { client, errors, health } = await watched({ pollIntervalMs: 5000, staleAfterMs: 10_000 });
    expect(client.status()).toStrictEqual({ origin: 'network', stale: false, ready: true });
    reply = down;
    // The poll at 5 s fails; retries at 5.5 s, 6.5 s, 8.5 s, 12.5 s fail too. Stale at 5 s + 10 s.
    await advance(5000);
    expect(polls).toBe(2);
    await advance(9900);
    expect(polls).toBe(6);
    expect(client.status().stale).toBe(false);
    expect(health()).toStrictEqual([]);
    await advance(200);
    expect(client.status()).toStrictEqual({ origin: 'network', stale: true, ready: true });
    expect(health()).toStrictEqual([STALE]);
    // The last good ruleset still serves, and the outage was reported once.
    expect(client.checkGate('g', { userID: 'u1' })).toBe(true);
    expect(errors.map((error) => error.code)).toStrictEqual(['TRANSPORT_FAILED']);
    // The retry at 20.5 s fails too and says nothing new.
    await advance(5500);
    expect(polls).toBe(7);
    expect(health()).toStrictEqual([STALE]);
    // The retry at 36.5 s gets a 304: the ruleset in use is confirmed current.
    reply = ok;
    await advance(16_000);
    expect(polls).toBe(8);
    expect(client.status().stale).toBe(false);
    expect(health()).toStrictEqual([STALE, FRESH]);
    await client.shutdown();
  });

  it('is not stale after a short outage, and is stale at the first failure with staleAfterMs 0', async () => {
    const short = await watched({ pollIntervalMs: 5000 });
    reply = down;
    await advance(5000);
    reply = ok;
    // Default staleAfterMs is 30 s: the retry at 5.5 s succeeds well before it.
    await advance(30_000);
    expect(short.health()).toStrictEqual([]);
    await short.client.shutdown();

    reply = ok;
    const eager = await watched({ pollIntervalMs: 5000, staleAfterMs: 0 });
    // A listener that throws is reported; the others still hear the change.
    eager.client.subscribe(() => {
      throw new Error('boom');
    });
    reply = down;
    await advance(5000);
    await advance(1);
    expect(eager.client.status().stale).toBe(true);
    expect(eager.health()).toStrictEqual([STALE]);
    expect(eager.errors.map((error) => error.code)).toStrictEqual(['TRANSPORT_FAILED', 'LISTENER_FAILED']);
    await eager.client.shutdown();
  });

  /** Listeners that throw what String() cannot write (a Symbol, a null-prototype object). */
  const subscribeThrowing = (client: ReturnType<typeof sourceClient>['client']): void => {
    client.subscribe(() => {
      throw Symbol('s');
    });
    client.subscribe(() => {
      throw Object.create(null);
    });
  };

  it('takes a fetched ruleset as accepted whatever its listeners throw', async () => {
    const { client, errors } = sourceClient({ pollIntervalMs: 5000 });
    subscribeThrowing(client);
    // In use and counted as such: no refusal, its ETag kept for the next poll's 304.
    expect(await client.ready()).toBe('network');
    expect(client.checkGate('g', { userID: 'u1' })).toBe(true);
    await advance(5000);
    expect(errors.map((error) => error.code)).toStrictEqual(['LISTENER_FAILED', 'LISTENER_FAILED']);
    await client.shutdown();
  });

  it('reports what listeners throw at the stale and fresh notices, which come from timers', async () => {
    const { client, errors } = sourceClient({ pollIntervalMs: 5000, staleAfterMs: 0 });
    await client.ready();
    subscribeThrowing(client);
    reply = down;
    // A throw from the timer would be an uncaught exception (in Node, the end of the process).
    await advance(5000);
    await advance(1);
    expect(client.status().stale).toBe(true);
    reply = ok;
    await advance(600);
    expect(client.status().stale).toBe(false);
    expect(errors.map((error) => error.code)).toStrictEqual([
      'TRANSPORT_FAILED',
      ...['LISTENER_FAILED', 'LISTENER_FAILED'],
      ...['LISTENER_FAILED', 'LISTENER_FAILED'],
    ]);
    await client.shutdown();
  });

  it('counts a refused ruleset as a failure, and a newer accepted one makes it fresh after its change', async () => {
    const { client, changes } = await watched({ pollIntervalMs: 5000, staleAfterMs: 8000 });
    reply = () => new HttpResponse('{"gates": {', { headers: { 'Content-Type': 'application/json', ETag: '"v2"' } });
    // Refused at 5 s, 10 s and 15 s (a refusal is no transport failure: the next poll keeps its interval).
    await advance(14_000);
    expect(client.status().stale).toBe(true);
    reply = () => HttpResponse.json(rulesetWith(false, '2026-02-01T00:00:00Z'), { headers: { ETag: '"v3"' } });
    await advance(1500);
    expect(changes).toStrictEqual([STALE, { gates: ['g'], experiments: [], params: [] }, FRESH]);
    expect(client.status()).toStrictEqual({ origin: 'network', stale: false, ready: true });
    expect(client.checkGate('g', { userID: 'u1' })).toBe(false);
    await client.shutdown();
  });

  it('with polling off, a stream that stays down makes it stale, and a stream that opens again fresh', async () => {
    const { client, health } = await watched({ pollIntervalMs: 0, stream: true, staleAfterMs: 5000 });
    expect(stream).toBeDefined();
    streamsUp = false;
    stream!.close();
    // The drop triggers one catch-up poll (a 304: fresh); the reconnections that follow fail.
    await advance(100);
    expect(polls).toBe(2);
    await advance(4800);
    expect(client.status().stale).toBe(false);
    await advance(1000);
    expect(client.status().stale).toBe(true);
    expect(health()).toStrictEqual([STALE]);
    streamsUp = true;
    // Reconnection backoff with random 0.5: at most 30 s by now.
    await advance(40_000);
    expect(client.status().stale).toBe(false);
    expect(health()).toStrictEqual([STALE, FRESH]);
    await client.shutdown();
  });

  it('with polling on, a stream that stays down is not staleness while the polls succeed', async () => {
    const { client, health } = await watched({ pollIntervalMs: 5000, stream: true, staleAfterMs: 1000 });
    streamsUp = false;
    stream!.close();
    await advance(60_000);
    // Polls stood in: the catch-up poll and one per interval, every one a 304.
    expect(polls).toBeGreaterThanOrEqual(12);
    expect(client.status().stale).toBe(false);
    expect(health()).toStrictEqual([]);
    await client.shutdown();
  });

  it('says nothing after shutdown, even when the clock was running', async () => {
    const { client, health } = await watched({ pollIntervalMs: 5000, staleAfterMs: 10_000 });
    reply = down;
    await advance(5000);
    await client.shutdown();
    await advance(60_000);
    expect(health()).toStrictEqual([]);
    expect(client.status().stale).toBe(false);
  });

  it('is never stale without a source', () => {
    expect(createClient({ ruleset: rulesetWith(true), environment: 'server' }).status()).toStrictEqual({
      origin: 'static',
      stale: false,
      ready: true,
    });
  });
});
