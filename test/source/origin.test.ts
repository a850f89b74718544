/**
 * `status().origin` and `ready()` name where the ruleset in use came from, and nothing else: a ruleset the
 * options gave but the client rejected is no ruleset in use ('none'), and a ruleset the app puts in use with
 * `setRuleset` is the app's ('static') whatever it replaced, and stays so while the server answers 304.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createClient } from '../../src/index.js';
import { rulesetWith, settleUntil, sourceClient, URL_ } from './helpers.js';

const served = rulesetWith(true, '2026-02-01T00:00:00Z');
const conditions: (string | null)[] = [];
const server = setupServer(
  http.get(URL_, ({ request }) => {
    const condition = request.headers.get('If-None-Match');
    conditions.push(condition);
    if (condition === '"v2"') return new HttpResponse(null, { status: 304, headers: { ETag: '"v2"' } });
    return HttpResponse.json(served, { headers: { ETag: '"v2"' } });
  }),
);
beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  await import('../../src/source/start-source.js');
});
afterAll(() => server.close());

const rejected = { gates: { g: { rules: 'not a list' } } };
const visitor = { userID: 'u1' };

describe('where the ruleset in use came from', () => {
  it("is 'none' when the ruleset option was rejected: the empty stand-in is no ruleset in use", async () => {
    const errors: unknown[] = [];
    const client = createClient({ ruleset: rejected, environment: 'server', onError: (e) => errors.push(e) });
    expect(client.status()).toEqual({ origin: 'none', stale: false, ready: true });
    await expect(client.ready()).resolves.toBe('none');
    expect(client.getGateDetails('g', visitor)).toMatchObject({ value: false, errorCode: 'PARSE_ERROR' });
    expect(errors).not.toHaveLength(0);
    // The app's own valid ruleset, later, is in use and is the app's.
    expect(client.setRuleset(rulesetWith(true))).toBe(true);
    expect(client.status().origin).toBe('static');
    expect(client.checkGate('g', visitor)).toBe(true);
  });

  it("is 'none' for a rejected ruleset bootstrap, and its ETag is not sent: a 304 would confirm the stand-in", async () => {
    const bootstrap = {
      ...createClient({ ruleset: served, environment: 'server' }).snapshot(visitor, { mode: 'ruleset' }),
      ruleset: rejected,
      etag: '"v2"',
    };
    const { client } = sourceClient({ pollIntervalMs: 0 }, { bootstrap: bootstrap as never });
    expect(client.status().origin).toBe('none');
    conditions.length = 0;
    await expect(client.ready()).resolves.toBe('network');
    expect(conditions).toEqual([null]);
    expect(client.checkGate('g', visitor)).toBe(true);
    await client.shutdown();
  });

  it("stays 'bootstrap' for a values bootstrap beside a rejected ruleset option: its values still answer", () => {
    const values = createClient({ ruleset: rulesetWith(true), environment: 'server' }).snapshot(visitor, {
      mode: 'values',
    });
    const client = createClient({
      ruleset: rejected,
      bootstrap: values,
      environment: 'browser',
      identityStores: [],
      onError: () => {},
    });
    expect(client.status().origin).toBe('bootstrap');
    expect(client.checkGate('g')).toBe(true);
  });

  it("is 'static' once the app replaces a network ruleset: kept while the server answers 304, and not relabelled", async () => {
    const { client, errors } = sourceClient({ pollIntervalMs: 1 });
    await expect(client.ready()).resolves.toBe('network');
    const heard: string[] = [];
    client.subscribe(() => heard.push(client.status().origin));
    // As recent as the server's (the same updatedAt), as a QA tool's ruleset may be.
    expect(client.setRuleset(rulesetWith(false, '2026-02-01T00:00:00Z'))).toBe(true);
    expect(heard).toEqual(['static']);
    conditions.length = 0;
    await settleUntil(() => conditions.length >= 3);
    // Asked with the server's ETag: unchanged (304), so the app's ruleset stays, still the app's, and no refusal.
    expect(conditions.slice(0, 3)).toEqual(['"v2"', '"v2"', '"v2"']);
    expect(client.status()).toEqual({ origin: 'static', stale: false, ready: true });
    expect(client.checkGate('g', visitor)).toBe(false);
    expect(errors).toEqual([]);
    await client.shutdown();
  });
});
