/**
 * The lean client's ruleset cache (`source.cache`, a memory storage here; a
 * browser's default is localStorage): a fresh entry serves the first reads
 * synchronously, before the source answers; an entry older than
 * `cacheMaxAgeMs` is not used; a bootstrap is fresher than any cache; an
 * accepted ruleset is written back with its ETag.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HttpResponse } from 'msw';
import { createClient as createServerClient, type RulesetInput } from '../../src/index.js';
import type { KeyValueStorage } from '../../src/io/storage.js';
import { createMemoryStorage, leanClient, rulesetServer, rulesetWith, settleUntil, URL_ } from './helpers.js';

const KEY = `splitkit.ruleset:${URL_}`;
const NOW = Date.parse('2026-05-01T12:00:00Z');
const DAY = 86_400_000;
/** Requests waiting for their answer. */
const pending: (() => void)[] = [];
/** Lets every request so far have its answer. */
const answer = (): void => {
  for (const release of pending.splice(0)) release();
};
/** The server: the cached ruleset's ETag gets a 304; anything else the newer ruleset, once `answer()` is called. */
const server = rulesetServer(async (request) => {
  await new Promise<void>((resolve) => pending.push(resolve));
  if (request.headers.get('if-none-match') === '"cached"')
    return new HttpResponse(null, { status: 304, headers: { ETag: '"cached"' } });
  return HttpResponse.json(rulesetWith(false, '2026-04-01T00:00:00Z'), { headers: { ETag: '"v2"' } });
});
afterEach(answer);

/** The If-None-Match of the requests the test labelled `label` (its `X-Test` header) made, once the first is out. */
async function sent(label: string): Promise<(string | null)[]> {
  const labelled = () => server.requests.filter((request) => request.headers.get('x-test') === label);
  await settleUntil(() => labelled().length > 0);
  return labelled().map((request) => request.headers.get('if-none-match'));
}

const user = { userID: 'u1' };

/** A storage holding `ruleset` as the source saved it `ageMs` before NOW. */
function cacheHolding(ruleset: RulesetInput | string, ageMs: number, etag = '"cached"'): KeyValueStorage {
  const storage = createMemoryStorage();
  const body = typeof ruleset === 'string' ? ruleset : JSON.stringify(ruleset);
  storage.set(KEY, JSON.stringify({ body, etag, savedAt: NOW - ageMs }));
  return storage;
}

describe('a fresh cached ruleset', () => {
  it("serves the first reads synchronously: origin 'cache' before the source answers", async () => {
    const cached = rulesetWith(true, '2026-03-01T00:00:00Z');
    const { client, errors } = leanClient(
      { cache: cacheHolding(cached, DAY), headers: { 'X-Test': 'sync' } },
      { now: () => NOW },
    );
    expect(client.checkGate('g', user)).toBe(true);
    expect(client.getRuleset()).toEqual(cached);
    expect(client.status()).toEqual({ origin: 'cache', stale: false, ready: false });
    // Asked with the cached ruleset's ETag: the server may confirm it.
    expect(await sent('sync')).toEqual(['"cached"']);
    answer();
    await expect(client.ready()).resolves.toBe('network');
    expect(client.checkGate('g', user)).toBe(true);
    expect(errors).toEqual([]);
    client.shutdown();
  });

  it('is replaced by a newer ruleset from the server, which is saved with its ETag', async () => {
    const storage = cacheHolding(rulesetWith(true, '2026-03-01T00:00:00Z'), DAY, '"old"');
    const { client, errors } = leanClient({ cache: storage, headers: { 'X-Test': 'newer' } }, { now: () => NOW });
    expect(client.checkGate('g', user)).toBe(true);
    expect(await sent('newer')).toEqual(['"old"']);
    answer();
    await expect(client.ready()).resolves.toBe('network');
    expect(client.checkGate('g', user)).toBe(false);
    expect(JSON.parse(storage.get(KEY)!)).toEqual({
      body: JSON.stringify(rulesetWith(false, '2026-04-01T00:00:00Z')),
      etag: '"v2"',
      savedAt: NOW,
    });
    expect(errors).toEqual([]);
    client.shutdown();
  });

  it('a later client starts from what an earlier one saved', async () => {
    const storage = createMemoryStorage();
    const source = { cache: storage, pollIntervalMs: 0, headers: { 'X-Test': 'later' } };
    const first = leanClient(source, { now: () => NOW }).client;
    await sent('later');
    answer();
    await first.ready();
    first.shutdown();
    const { client } = leanClient(source, { now: () => NOW + DAY });
    expect(client.status().origin).toBe('cache');
    expect(client.getRuleset()).toEqual(rulesetWith(false, '2026-04-01T00:00:00Z'));
    client.shutdown();
  });
});

describe('cacheMaxAgeMs', () => {
  it.each([
    ['younger than cacheMaxAgeMs: used', 999, { cacheMaxAgeMs: 1_000 }, true],
    ['exactly cacheMaxAgeMs old: used', 1_000, { cacheMaxAgeMs: 1_000 }, true],
    ['older than cacheMaxAgeMs: not used', 1_001, { cacheMaxAgeMs: 1_000 }, false],
    ['6 days old, by default (7 days): used', 6 * DAY, {}, true],
    ['8 days old, by default (7 days): not used', 8 * DAY, {}, false],
    ['saved 8 days ahead (a clock that ran ahead): not used', -8 * DAY, {}, false],
  ])('an entry %s', async (label, ageMs, options, used) => {
    const cached = rulesetWith(true, '2026-03-01T00:00:00Z');
    const { client, errors } = leanClient(
      { cache: cacheHolding(cached, ageMs), headers: { 'X-Test': label }, ...options },
      { now: () => NOW },
    );
    expect(client.status().origin).toBe(used ? 'cache' : 'none');
    expect(client.checkGate('g', user)).toBe(used);
    // An entry too old is not used, and no request carries its ETag either.
    expect(await sent(label)).toEqual([used ? '"cached"' : null]);
    expect(errors.filter((e) => e.code !== 'FLAG_NOT_FOUND')).toEqual([]);
    client.shutdown();
  });
});

describe('what the cache gives way to', () => {
  it.each(['ruleset', 'values'] as const)(
    "a bootstrap (%s mode) wins over the cache: its values serve, origin 'bootstrap', the cache's ETag is not sent",
    async (mode) => {
      const cached = rulesetWith(true, '2026-03-01T00:00:00Z');
      const bootstrap = createServerClient({ ruleset: rulesetWith(false), environment: 'server' }).snapshot(user, {
        mode,
      });
      const { client } = leanClient(
        { cache: cacheHolding(cached, DAY), headers: { 'X-Test': `bootstrap-${mode}` } },
        { now: () => NOW, bootstrap },
      );
      expect(client.status().origin).toBe('bootstrap');
      expect(client.checkGate('g')).toBe(false);
      expect(await sent(`bootstrap-${mode}`)).toEqual([null]);
      client.shutdown();
    },
  );

  it('source.cache: false uses no cache', () => {
    const { client } = leanClient({ cache: false }, { now: () => NOW });
    expect(client.status().origin).toBe('none');
    client.shutdown();
  });

  it('an entry whose body is no JSON is not used, and is reported', async () => {
    const { client, errors } = leanClient({ cache: cacheHolding('{"gates": ', DAY) }, { now: () => NOW });
    expect(client.status().origin).toBe('none');
    await settleUntil(() => errors.length > 0);
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/not valid JSON/)]);
    client.shutdown();
  });

  it('a cached ruleset older than the `ruleset` option is not used; a newer one is', async () => {
    const given = rulesetWith(false, '2026-03-01T00:00:00Z');
    const older = leanClient(
      { cache: cacheHolding(rulesetWith(true, '2026-02-01T00:00:00Z'), DAY) },
      { now: () => NOW, ruleset: given },
    );
    const newer = leanClient(
      { cache: cacheHolding(rulesetWith(true, '2026-04-01T00:00:00Z'), DAY) },
      { now: () => NOW, ruleset: given },
    );
    await settleUntil(() => newer.client.status().origin === 'cache' && older.errors.length > 0);
    expect(newer.client.checkGate('g', user)).toBe(true);
    expect(older.client.status().origin).toBe('static');
    expect(older.client.checkGate('g', user)).toBe(false);
    expect(older.errors.map((e) => e.message)).toEqual([expect.stringContaining('is older than the ruleset in use')]);
    older.client.shutdown();
    newer.client.shutdown();
  });
});
