/**
 * `ready()` and `status()` of the lean client while the server is slow or
 * down (msw, fake timers): ready({ timeoutMs }) gives up waiting with the
 * origin then in use ('none', 'static', 'bootstrap'), status().ready turns
 * true with it, and the ruleset in use turns stale after `staleAfterMs` of
 * failures, fresh again at the next good answer.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpResponse } from 'msw';
import { createClient as createServerClient, type RulesetChange, type RulesetOrigin } from '../../src/index.js';
import { createClient } from '../../src/lean.js';
import { advance, fakeTime, leanClient, rulesetServer, rulesetWith, settleUntil, type Reply } from './helpers.js';

/** The answer the slow server gives once `release()` is called. */
let release: () => void = () => {};
const slow: Reply = async () => {
  await new Promise<void>((resolve) => (release = resolve));
  return HttpResponse.json(rulesetWith(false, '2026-02-01T00:00:00Z'), { headers: { ETag: '"v2"' } });
};
const server = rulesetServer(slow);

beforeEach(fakeTime);
afterEach(() => release());

/** Calls ready() and records when and how it resolves. */
function watchReady(ready: Promise<RulesetOrigin>): { origin: RulesetOrigin | undefined } {
  const seen: { origin: RulesetOrigin | undefined } = { origin: undefined };
  void ready.then((origin) => (seen.origin = origin));
  return seen;
}

const user = { userID: 'u1' };
const bootstrap = createServerClient({ ruleset: rulesetWith(true), environment: 'server' }).snapshot(user, {
  mode: 'ruleset',
});

describe('ready({ timeoutMs }) while the server is slow', () => {
  it.each([
    ['none', {}, false],
    ['static', { ruleset: rulesetWith(true) }, true],
    ['bootstrap', { bootstrap }, true],
  ] as const)('resolves %s at the timeout, never earlier; the source answers later', async (origin, options, gate) => {
    const { client, errors } = leanClient({ pollIntervalMs: 0 }, options);
    const ready = watchReady(client.ready({ timeoutMs: 300 }));
    await settleUntil(() => server.requests.length > 0);
    await advance(299);
    expect(ready.origin).toBeUndefined();
    expect(client.status()).toEqual({ origin, stale: false, ready: false });
    await advance(1);
    expect(ready.origin).toBe(origin);
    expect(client.status()).toEqual({ origin, stale: false, ready: true });
    // Meanwhile the reads serve what the client started with.
    expect(client.checkGate('g', user)).toBe(gate);
    const changes: RulesetChange[] = [];
    client.subscribe((change) => changes.push(change));
    release();
    await settleUntil(() => changes.length > 0);
    expect(changes).toEqual([{ gates: ['g'], experiments: [], params: [] }]);
    expect(client.status()).toEqual({ origin: 'network', stale: false, ready: true });
    expect(client.checkGate('g', user)).toBe(false);
    await expect(client.ready()).resolves.toBe('network');
    expect(errors.filter((e) => e.code !== 'FLAG_NOT_FOUND')).toEqual([]);
    client.shutdown();
  });

  it('waits 5,000 ms by default in Node (no window or document)', async () => {
    const { client } = leanClient({ pollIntervalMs: 0 });
    const ready = watchReady(client.ready());
    await settleUntil(() => server.requests.length > 0);
    await advance(4_999);
    expect(ready.origin).toBeUndefined();
    await advance(1);
    expect(ready.origin).toBe('none');
    client.shutdown();
  });

  it('a timeoutMs that is no number waits the default, and never rejects', async () => {
    const { client } = leanClient({ pollIntervalMs: 0 });
    const ready = watchReady(client.ready({ timeoutMs: 'soon' as unknown as number }));
    await settleUntil(() => server.requests.length > 0);
    await advance(4_999);
    expect(ready.origin).toBeUndefined();
    await advance(1);
    expect(ready.origin).toBe('none');
    client.shutdown();
  });

  it('resolves as soon as the first answer arrives, before its timeout', async () => {
    const { client } = leanClient({ pollIntervalMs: 0 });
    const ready = watchReady(client.ready({ timeoutMs: 60_000 }));
    await settleUntil(() => server.requests.length > 0);
    expect(client.status().ready).toBe(false);
    release();
    await settleUntil(() => ready.origin !== undefined);
    expect(ready.origin).toBe('network');
    expect(client.status().ready).toBe(true);
    client.shutdown();
  });

  it('a failed first attempt ends the wait too, with the origin in use', async () => {
    server.reply = () => new HttpResponse('down', { status: 503 });
    const { client, errors } = leanClient({ pollIntervalMs: 0 }, { ruleset: rulesetWith(true) });
    await expect(client.ready({ timeoutMs: 60_000 })).resolves.toBe('static');
    expect(client.status()).toEqual({ origin: 'static', stale: false, ready: true });
    expect(errors.map((e) => [e.code, e.message])).toEqual([['TRANSPORT_FAILED', expect.stringContaining('HTTP 503')]]);
    client.shutdown();
  });

  it('without a source: ready at once, with the origin of what was given', async () => {
    await expect(createClient({}).ready()).resolves.toBe('none');
    await expect(createClient({ ruleset: rulesetWith(true) }).ready()).resolves.toBe('static');
    await expect(createClient({ bootstrap }).ready()).resolves.toBe('bootstrap');
    expect(createClient({ bootstrap }).status()).toEqual({ origin: 'bootstrap', stale: false, ready: true });
  });
});

describe('stale', () => {
  it('turns true after staleAfterMs of failures, and false at the next good answer; subscribers hear both', async () => {
    let up = true;
    server.reply = (request) => {
      if (!up) return new HttpResponse('down', { status: 503 });
      return request.headers.get('if-none-match') === '"v1"'
        ? new HttpResponse(null, { status: 304, headers: { ETag: '"v1"' } })
        : HttpResponse.json(rulesetWith(true), { headers: { ETag: '"v1"' } });
    };
    const { client, errors } = leanClient({ pollIntervalMs: 1_000, staleAfterMs: 5_000 });
    await client.ready();
    const changes: RulesetChange[] = [];
    client.subscribe((change) => changes.push(change));
    up = false;
    // The first failing poll starts the clock (at 1 s); stale 5 s later.
    await advance(1_000);
    expect(client.status().stale).toBe(false);
    await advance(4_999);
    expect(client.status().stale).toBe(false);
    expect(changes).toEqual([]);
    await advance(1);
    expect(client.status()).toEqual({ origin: 'network', stale: true, ready: true });
    expect(changes).toEqual([{ gates: [], experiments: [], params: [], stale: true }]);
    // The ruleset in use still serves.
    expect(client.checkGate('g', user)).toBe(true);
    expect(errors.map((e) => e.code)).toEqual(['TRANSPORT_FAILED']);
    up = true;
    // The backoff after the failures: at most 60 s with its cap.
    await advance(60_000);
    expect(client.status()).toEqual({ origin: 'network', stale: false, ready: true });
    expect(changes).toEqual([
      { gates: [], experiments: [], params: [], stale: true },
      { gates: [], experiments: [], params: [], stale: false },
    ]);
    client.shutdown();
  });

  it('a shut-down client never turns stale', async () => {
    server.reply = () => new HttpResponse('down', { status: 503 });
    const { client } = leanClient({ pollIntervalMs: 1_000, staleAfterMs: 1_000 }, { ruleset: rulesetWith(true) });
    await client.ready();
    client.shutdown();
    await advance(5_000);
    expect(client.status().stale).toBe(false);
  });
});
