/**
 * A ruleset taking over from a bootstrap, from the network or from the app: everything about it (its origin,
 * its ETag, the end of a values bootstrap) is in place before a `subscribe` listener hears of it and reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createClient, type RulesetInput } from '../../src/index.js';
import { rulesetWith, settleUntil, sourceClient, URL_ } from './helpers.js';

let served: RulesetInput = rulesetWith(false, '2026-02-01T00:00:00Z');
let servedEtag = '"v2"';
const conditions: (string | null)[] = [];
const server = setupServer(
  http.get(URL_, ({ request }) => {
    conditions.push(request.headers.get('If-None-Match'));
    return HttpResponse.json(served, { headers: { ETag: servedEtag, 'Content-Type': 'application/json' } });
  }),
);
beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  await import('../../src/source/start-source.js');
});
afterAll(() => server.close());

const visitor = { userID: 'u1' };
/** The server's values bootstrap of a ruleset whose gate `g` is on. */
const valuesBootstrap = () =>
  createClient({ ruleset: rulesetWith(true), environment: 'server' }).snapshot(visitor, { mode: 'values' });

describe('a ruleset that replaces a bootstrap', () => {
  it('from the network: a listener reading in its notification gets the new answer, origin and ETag', async () => {
    served = rulesetWith(false, '2026-02-01T00:00:00Z');
    const { client } = sourceClient({ pollIntervalMs: 0 }, { bootstrap: valuesBootstrap() });
    expect(client.checkGate('g')).toBe(true);
    const heard: unknown[] = [];
    client.subscribe((change) => heard.push([change.gates, client.checkGate('g'), client.status().origin]));
    await settleUntil(() => heard.length > 0);
    expect(heard).toEqual([[['g'], false, 'network']]);
    await expect(client.ready()).resolves.toBe('network');
    await client.shutdown();
  });

  it("from the app's setRuleset: the values bootstrap ends, and the origin is the app's ('static')", () => {
    const client = createClient({ bootstrap: valuesBootstrap(), environment: 'browser', identityStores: [] });
    expect(client.checkGate('g')).toBe(true);
    const heard: unknown[] = [];
    client.subscribe(() => heard.push([client.checkGate('g'), client.status().origin]));
    // The app turned the gate off: the bootstrapped visitor must not keep seeing it on.
    expect(client.setRuleset(rulesetWith(false))).toBe(true);
    expect(heard).toEqual([[false, 'static']]);
    const direct = createClient({ ruleset: rulesetWith(false), environment: 'server' }).getGateDetails('g', visitor);
    expect(client.getGateDetails('g')).toEqual(direct);
  });

  it('a ruleset bootstrap replaced by setRuleset reports the origin "static" too', () => {
    const server = createClient({ ruleset: rulesetWith(true), environment: 'server' });
    const client = createClient({
      bootstrap: server.snapshot(visitor, { mode: 'ruleset' }),
      environment: 'browser',
      identityStores: [],
    });
    expect(client.status().origin).toBe('bootstrap');
    expect(client.setRuleset(rulesetWith(false))).toBe(true);
    expect(client.status().origin).toBe('static');
    // A refused replacement changes nothing.
    expect(client.setRuleset({ gates: { x: { rules: 'no' } } })).toBe(false);
    expect(client.status().origin).toBe('static');
  });

  it("keeps the bootstrap's ETag: the app's ruleset stays while the server's is unchanged, a new one replaces it", async () => {
    served = rulesetWith(true, '2026-03-01T00:00:00Z');
    // As a server whose own client fetched the ruleset renders it: with the ETag the source serves.
    const bootstrap = {
      ...createClient({ ruleset: served, environment: 'server' }).snapshot(visitor, { mode: 'ruleset' }),
      etag: '"v2"',
    };
    const { client } = sourceClient({ pollIntervalMs: 0 }, { bootstrap });
    conditions.length = 0;
    // The app's own ruleset, before the source's first request, which carries the bootstrap's ETag: the server
    // answers with that ETag again (unchanged), so the app's stays.
    expect(client.setRuleset(rulesetWith(false, '2026-02-15T00:00:00Z'))).toBe(true);
    await expect(client.ready()).resolves.toBe('static');
    expect(conditions).toEqual(['"v2"']);
    expect(client.checkGate('g', visitor)).toBe(false);
    await client.shutdown();
    // The server's ruleset changed (a new ETag): it replaces the app's, which is older.
    servedEtag = '"v3"';
    const next = sourceClient({ pollIntervalMs: 0 }, { bootstrap }).client;
    expect(next.setRuleset(rulesetWith(false, '2026-02-15T00:00:00Z'))).toBe(true);
    await expect(next.ready()).resolves.toBe('network');
    expect(next.checkGate('g', visitor)).toBe(true);
    await next.shutdown();
    servedEtag = '"v2"';
  });
});
