/**
 * Server rendering into the lean client: the full client's `snapshot(user)`
 * on the server, `createClient({ bootstrap })` of splitkit/lean in the page.
 * Either mode gives the page the server's values before any source answers;
 * a values bootstrap ends when a ruleset arrives; a bootstrap the client
 * cannot use is reported and left out.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HttpResponse } from 'msw';
import {
  createClient as createServerClient,
  parseRuleset,
  type Bootstrap,
  type RulesetChange,
  type User,
} from '../../src/index.js';
import { createClient } from '../../src/lean.js';
import { leanClient, rulesetServer, settleUntil, staticClient, URL_ } from './helpers.js';
import { everyRead, readsFor, shopRuleset, visitors } from './shop-ruleset.js';

/** What the source serves once `release()` is called: a newer ruleset that differs from the shop's. */
const next = {
  updatedAt: '2026-04-01T00:00:00Z',
  gates: { new_checkout: { rules: [{ id: 'all' }] } },
  params: { limit: { default: 99 } },
};
const pending: (() => void)[] = [];
const release = (): void => {
  for (const answer of pending.splice(0)) answer();
};
const server = rulesetServer(async (request) => {
  await new Promise<void>((resolve) => pending.push(resolve));
  if (request.headers.get('if-none-match') === '"shop"')
    return new HttpResponse(null, { status: 304, headers: { ETag: '"shop"' } });
  return HttpResponse.json(next, { headers: { ETag: '"next"' } });
});
afterEach(release);
/** The If-None-Match of each request of this test. */
const conditions = (): (string | null)[] => server.requests.map((request) => request.headers.get('if-none-match'));

const onServer = createServerClient({ ruleset: shopRuleset, environment: 'server' });
/** The bootstrap of `user` as the page gets it: through JSON. */
const snapshot = (user: User, mode: 'ruleset' | 'values'): Bootstrap =>
  JSON.parse(JSON.stringify(onServer.snapshot(user, { mode })));

describe.each(['ruleset', 'values'] as const)('a %s bootstrap', (mode) => {
  it("gives the server's values, experiment params included, before any source answers, for 200 visitors", () => {
    const silent = { debug() {}, info() {}, warn() {}, error() {} };
    // Far from a trivial comparison: the visitors land in most of the reasons the ruleset can give.
    const reasons = new Set<string>();
    for (const visitor of visitors(200)) {
      const expected = everyRead(readsFor(onServer, visitor));
      for (const name of Object.keys(shopRuleset.experiments!))
        reasons.add(onServer.getExperimentDetails(name, visitor).reason);
      // A source that never answers: what the page reads is the bootstrap's alone.
      const page = createClient({
        bootstrap: snapshot(visitor, mode),
        source: { url: URL_, pollIntervalMs: 0, cache: false, fetch: () => new Promise<Response>(() => {}) },
        logger: silent,
      });
      expect(page.status().origin).toBe('bootstrap');
      expect(everyRead(page)).toEqual(expected);
      expect(page.getUser()).toEqual(visitor);
      page.shutdown();
    }
    expect([...reasons].sort()).toEqual(['DEFAULT', 'HOLDOUT', 'NOT_ALLOCATED', 'SPLIT', 'UNIT_MISSING']);
  });

  it("binds the `user` option over the bootstrap's user", () => {
    const visitor = visitors(3)[1]!;
    const { client } = staticClient({ bootstrap: snapshot(visitor, mode), user: { ...visitor, plan: 'pro' } });
    expect(client.getUser()).toEqual({ ...visitor, plan: 'pro' });
    expect(everyRead(client)).toEqual(everyRead(readsFor(onServer, visitor)));
  });
});

describe('a values bootstrap', () => {
  it('ends when the source brings a ruleset: subscribers hear the names the bootstrap answered for', async () => {
    const visitor = visitors(3)[1]!;
    const { client, errors } = leanClient({ pollIntervalMs: 0 }, { bootstrap: snapshot(visitor, 'values') });
    const changes: RulesetChange[] = [];
    client.subscribe((change) => changes.push(change));
    expect(client.getParam('limit', 0)).toBe(onServer.getParam('limit', 0, visitor));
    await settleUntil(() => pending.length > 0);
    release();
    await expect(client.ready()).resolves.toBe('network');
    // The served ruleset names new_checkout and limit; the bootstrap answered for every name of the shop's.
    expect(changes).toHaveLength(1);
    expect(changes[0]!.gates.sort()).toEqual(Object.keys(shopRuleset.gates!).sort());
    expect(changes[0]!.experiments.sort()).toEqual(Object.keys(shopRuleset.experiments!).sort());
    expect(changes[0]!.params.sort()).toEqual(Object.keys(shopRuleset.params!).sort());
    // The served ruleset answers now, also for names it does not have.
    expect(client.checkGate('new_checkout')).toBe(true);
    expect(client.getParam('limit', 0)).toBe(99);
    expect(client.getExperiment('button_color').variant).toBeNull();
    expect(client.checkGate('dark_mode')).toBe(false);
    expect(errors.map((e) => e.code)).toEqual(['FLAG_NOT_FOUND', 'FLAG_NOT_FOUND']);
    client.shutdown();
  });

  it('answers only for its visitor: another user reads the ruleset in use (none yet: defaults)', () => {
    const [visitor, other] = visitors(3).slice(1);
    const { client } = staticClient({ bootstrap: snapshot(visitor!, 'values') });
    expect(client.getParam('limit', 0, visitor)).toBe(onServer.getParam('limit', 0, visitor!));
    expect(client.getParam('limit', -1, other)).toBe(-1);
  });
});

describe('a ruleset bootstrap', () => {
  it("sends its ETag: a 304 confirms it, origin 'network', its ruleset still in use", async () => {
    const visitor = visitors(3)[1]!;
    const bootstrap = { ...snapshot(visitor, 'ruleset'), etag: '"shop"' };
    const { client, errors } = leanClient({ pollIntervalMs: 0 }, { bootstrap });
    await settleUntil(() => pending.length > 0);
    expect(conditions()).toEqual(['"shop"']);
    release();
    await expect(client.ready()).resolves.toBe('network');
    expect(everyRead(client)).toEqual(everyRead(readsFor(onServer, visitor)));
    expect(errors).toEqual([]);
    client.shutdown();
  });

  it("one its `validate` rejects is no ruleset in use ('none'), and its ETag is not sent: a 304 would confirm the stand-in", async () => {
    const bootstrap = {
      ...snapshot({ userID: 'u1' }, 'ruleset'),
      ruleset: { gates: { g: { rules: 'not a list' } } },
      etag: '"shop"',
    } as unknown as Bootstrap;
    const { client, errors } = leanClient({ pollIntervalMs: 0 }, { bootstrap, validate: parseRuleset });
    expect(client.status().origin).toBe('none');
    expect(errors.map((e) => e.code)).toEqual(['INVALID_RULESET']);
    await settleUntil(() => pending.length > 0);
    expect(conditions()).toEqual([null]);
    release();
    await expect(client.ready()).resolves.toBe('network');
    expect(client.checkGate('new_checkout')).toBe(true);
    client.shutdown();
  });
});

describe('a bootstrap the client cannot use', () => {
  it.each([
    ['of another format (splitkit: 2)', { ...onServer.snapshot({ userID: 'u1' }), splitkit: 2 }],
    ['null', null],
    ['text', 'bootstrap'],
    ['without a mode', { splitkit: 1, user: {} }],
  ])('%s is reported (INVALID_OPTIONS) and left out; the `ruleset` option serves', (_, bootstrap) => {
    const { client, errors } = staticClient({
      bootstrap: bootstrap as unknown as Bootstrap,
      ruleset: { gates: { new_checkout: { rules: [{ id: 'all', rollout: 0 }] } } },
    });
    expect(errors.map((e) => e.code)).toEqual(['INVALID_OPTIONS']);
    expect(errors[0]!.message).toMatch(/^Invalid bootstrap/);
    expect(client.status()).toEqual({ origin: 'static', stale: false, ready: true });
    // Not the bootstrap's user, nor its values.
    expect(client.getUser()).toEqual({});
    expect(client.checkGate('new_checkout', { userID: 'u1' })).toBe(false);
  });

  it("splitkit: 2 without a ruleset option: origin 'none', every read its default", () => {
    const { client, errors } = staticClient({
      bootstrap: { ...onServer.snapshot({ userID: 'u1' }), splitkit: 2 } as unknown as Bootstrap,
    });
    expect(client.status().origin).toBe('none');
    expect(client.getParam('limit', 7)).toBe(7);
    expect(errors.map((e) => e.code)).toEqual(['INVALID_OPTIONS', 'FLAG_NOT_FOUND']);
  });
});
