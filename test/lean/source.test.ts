/**
 * The lean client's ruleset source over HTTP (msw): the first fetch, ETags and
 * 304s, the names a polled change tells subscribers, refusals that keep the
 * last good ruleset, and shutdown(). The chunk is the full client's
 * (test/source covers it in depth); these check the lean client's side of it.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseRuleset, type RulesetChange, type RulesetInput } from '../../src/index.js';
import {
  advance,
  fakeTime,
  json,
  leanClient,
  notModified,
  rulesetServer,
  rulesetWith,
  settleUntil,
  URL_,
} from './helpers.js';

// The refusals' messages load with import() too: loaded once before the tests, as the chunk is.
const server = rulesetServer(
  () => json(rulesetWith(true), '"v1"'),
  () => import('../../src/source/refusals.js'),
);
const { requests } = server;

const user = { userID: 'u1' };

describe('the first fetch', () => {
  it("puts the server's ruleset in use: ready() resolves 'network'; reads before it serve defaults", async () => {
    const served = rulesetWith(true);
    server.reply = () => json(served, '"v1"');
    const { client, errors } = leanClient({ pollIntervalMs: 0 });
    expect(client.status()).toEqual({ origin: 'none', stale: false, ready: false });
    expect(client.checkGate('g', user)).toBe(false);
    await expect(client.ready()).resolves.toBe('network');
    expect(client.status()).toEqual({ origin: 'network', stale: false, ready: true });
    expect(client.checkGate('g', user)).toBe(true);
    expect(client.getRuleset()).toEqual(served);
    // Only the read before the ruleset arrived found no gate, and it said why.
    expect(errors.map((e) => [e.code, e.message])).toEqual([['FLAG_NOT_FOUND', 'gate "g": no ruleset is in use yet']]);
    expect(requests).toHaveLength(1);
    client.shutdown();
  });

  it('sends the headers given in source.headers', async () => {
    server.reply = () => json(rulesetWith(true), '"v1"');
    const { client } = leanClient({ pollIntervalMs: 0, headers: { Authorization: 'Bearer t0ken' } });
    await client.ready();
    expect(requests.map((r) => r.headers.get('authorization'))).toEqual(['Bearer t0ken']);
    client.shutdown();
  });
});

describe('polling', () => {
  it('sends If-None-Match with the ETag; a 304 keeps the ruleset in use and tells no subscriber', async () => {
    fakeTime();
    const served = rulesetWith(true);
    server.reply = (request) =>
      request.headers.get('if-none-match') === '"v1"' ? notModified('"v1"') : json(served, '"v1"');
    const { client, errors } = leanClient({ pollIntervalMs: 1000 });
    await client.ready();
    const changes: RulesetChange[] = [];
    client.subscribe((change) => changes.push(change));
    await advance(1000);
    await advance(1000);
    expect(requests.map((r) => r.headers.get('if-none-match'))).toEqual([null, '"v1"', '"v1"']);
    expect(client.getRuleset()).toEqual(served);
    expect(client.checkGate('g', user)).toBe(true);
    expect(client.status()).toEqual({ origin: 'network', stale: false, ready: true });
    expect(changes).toEqual([]);
    expect(errors).toEqual([]);
    client.shutdown();
  });

  it('a polled change tells subscribers exactly the names whose definition changed', async () => {
    fakeTime();
    const first: RulesetInput = {
      updatedAt: '2026-01-01T00:00:00Z',
      gates: { g: { rules: [{ id: 'all' }] }, kept: { rules: [{ id: 'all' }] } },
      experiments: {
        e: { variants: [{ key: 'a', weight: 100 }] },
        same: { variants: [{ key: 'x', weight: 100 }] },
      },
      params: { p: { default: 1 }, q: { default: 'q' } },
    };
    // g now serves nobody, e has a new variant, p a new default; kept, same and q are as they were.
    const second: RulesetInput = {
      ...first,
      updatedAt: '2026-01-02T00:00:00Z',
      gates: { ...first.gates, g: { rules: [{ id: 'all', rollout: 0 }] } },
      experiments: { ...first.experiments, e: { variants: [{ key: 'b', weight: 100 }] } },
      params: { ...first.params, p: { default: 2 } },
    };
    let version = first;
    server.reply = () => json(version, `"${version.updatedAt}"`);
    const { client, errors } = leanClient({ pollIntervalMs: 1000 });
    await client.ready();
    const changes: RulesetChange[] = [];
    client.subscribe((change) => changes.push(change));
    version = second;
    await advance(1000);
    expect(changes).toEqual([{ gates: ['g'], experiments: ['e'], params: ['p'] }]);
    // What a listener hears is already in use.
    expect(client.checkGate('g', user)).toBe(false);
    expect(client.getExperiment('e', user).variant).toBe('b');
    expect(client.getParam('p', 0)).toBe(2);
    expect(client.getRuleset()).toEqual(second);
    expect(errors).toEqual([]);
    client.shutdown();
  });

  it('an unsubscribed listener hears nothing more', async () => {
    fakeTime();
    let on = true;
    server.reply = () => json(rulesetWith(on, on ? '2026-01-01T00:00:00Z' : '2026-01-02T00:00:00Z'), `"${on}"`);
    const { client } = leanClient({ pollIntervalMs: 1000 });
    await client.ready();
    const changes: RulesetChange[] = [];
    client.subscribe((change) => changes.push(change))();
    on = false;
    await advance(1000);
    expect(client.checkGate('g', user)).toBe(false);
    expect(changes).toEqual([]);
    client.shutdown();
  });

  it("the app's own ruleset (setRuleset) is 'static', and stays in use while the server answers 304, as in the full client", async () => {
    fakeTime();
    server.reply = (request) =>
      request.headers.get('if-none-match') === '"v1"' ? notModified('"v1"') : json(rulesetWith(true), '"v1"');
    const { client, errors } = leanClient({ pollIntervalMs: 1000 });
    await client.ready();
    const heard: string[] = [];
    client.subscribe(() => heard.push(client.status().origin));
    // As recent as the server's (the same updatedAt), as a QA tool's ruleset may be.
    expect(client.setRuleset(rulesetWith(false))).toBe(true);
    expect(heard).toEqual(['static']);
    await advance(1000);
    await advance(1000);
    // Asked with the server's ETag: unchanged (304), so the app's ruleset stays, still the app's.
    expect(requests.map((r) => r.headers.get('if-none-match'))).toEqual([null, '"v1"', '"v1"']);
    expect(client.status()).toEqual({ origin: 'static', stale: false, ready: true });
    expect(client.checkGate('g', user)).toBe(false);
    expect(heard).toEqual(['static']);
    expect(errors).toEqual([]);
    client.shutdown();
  });

  it('shutdown() stops polling: no request goes out after it', async () => {
    fakeTime();
    server.reply = (request) =>
      request.headers.get('if-none-match') === '"v1"' ? notModified('"v1"') : json(rulesetWith(true), '"v1"');
    const { client, errors } = leanClient({ pollIntervalMs: 1000 });
    await client.ready();
    await advance(1000);
    expect(requests).toHaveLength(2);
    client.shutdown();
    await advance(10_000);
    await settleUntil(() => requests.length > 2, 200);
    expect(requests).toHaveLength(2);
    // The ruleset it had stays in use.
    expect(client.checkGate('g', user)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('shutdown() right after createClient, before the chunk loads: nothing the source begins is put in use', async () => {
    server.reply = () => json(rulesetWith(true), '"v1"');
    const { client, errors } = leanClient({ pollIntervalMs: 10 });
    client.shutdown();
    await expect(client.ready()).resolves.toBe('none');
    // The chunk stops itself as it starts: no request goes out.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(requests).toEqual([]);
    expect(client.status().origin).toBe('none');
    expect(client.checkGate('g', user)).toBe(false);
    // Stopping is no failure to report (only the read above, of a gate no ruleset has).
    expect(errors.map((e) => e.code)).toEqual(['FLAG_NOT_FOUND']);
  });
});

describe('refusals: the last good ruleset stays in use, and onError hears why', () => {
  /** The client after a first good ruleset and a second answer `second`; what it reported. */
  async function afterSecond(
    second: () => Response,
    first: RulesetInput = rulesetWith(true, '2026-02-01T00:00:00Z', { revision: 7 }),
    options: Parameters<typeof leanClient>[1] = {},
  ) {
    fakeTime();
    let n = 0;
    server.reply = () => (n++ === 0 ? json(first, '"v1"') : second());
    const { client, errors } = leanClient({ pollIntervalMs: 1000 }, options);
    await client.ready();
    const changes: RulesetChange[] = [];
    client.subscribe((change) => changes.push(change));
    await advance(1000);
    await settleUntil(() => errors.length > 0);
    expect(n).toBe(2);
    const result = {
      errors,
      changes,
      gate: client.checkGate('g', user),
      ruleset: client.getRuleset(),
      origin: client.status().origin,
    };
    client.shutdown();
    return result;
  }

  it('a body that is no JSON', async () => {
    const { errors, gate, ruleset, changes, origin } = await afterSecond(() => json('<html>oops</html>', '"v2"'));
    expect(gate).toBe(true);
    expect(ruleset).toEqual(rulesetWith(true, '2026-02-01T00:00:00Z', { revision: 7 }));
    expect(origin).toBe('network');
    expect(changes).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ConfigError);
    expect(errors[0]!.message).toMatch(/not valid JSON/);
    expect(errors[0]!.message).toContain(URL_);
  });

  it('truncated JSON', async () => {
    const { errors, gate, changes } = await afterSecond(() => json('{"gates": {"g": {"enabled": fal', '"v2"'));
    expect(gate).toBe(true);
    expect(changes).toEqual([]);
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/not valid JSON, truncated/)]);
  });

  it('JSON that is no object', async () => {
    const { errors, gate } = await afterSecond(() => json('[1, 2]', '"v2"'));
    expect(gate).toBe(true);
    expect(errors).toHaveLength(1);
  });

  it('a lower revision number, even with a newer updatedAt', async () => {
    const { errors, gate, changes } = await afterSecond(() =>
      json(rulesetWith(false, '2026-03-01T00:00:00Z', { revision: 6 }), '"v2"'),
    );
    expect(gate).toBe(true);
    expect(changes).toEqual([]);
    expect((errors[0] as ConfigError).issues).toEqual([
      { path: 'revision', message: expect.stringContaining("6 is lower than the ruleset in use's (7)") },
    ]);
  });

  it('an older updatedAt', async () => {
    const { errors, gate } = await afterSecond(
      () => json(rulesetWith(false, '2026-01-15T00:00:00Z'), '"v0"'),
      rulesetWith(true, '2026-02-01T00:00:00Z'),
    );
    expect(gate).toBe(true);
    expect((errors[0] as ConfigError).issues).toEqual([
      {
        path: 'updatedAt',
        message: expect.stringContaining(
          '2026-01-15T00:00:00Z is older than the ruleset in use (2026-02-01T00:00:00Z)',
        ),
      },
    ]);
  });

  it('a ruleset the `validate` option rejects, with the path of the problem', async () => {
    const { errors, gate } = await afterSecond(
      () => json({ updatedAt: '2026-03-01T00:00:00Z', gates: { g: { rules: [{ id: 'x', rollout: 250 }] } } }, '"v2"'),
      rulesetWith(true, '2026-02-01T00:00:00Z'),
      { validate: parseRuleset },
    );
    expect(gate).toBe(true);
    expect((errors[0] as ConfigError).issues.map((i) => i.path)).toEqual(['gates.g.rules[0].rollout']);
  });

  it('a newer ruleset after a refused one is taken', async () => {
    fakeTime();
    const answers = [json(rulesetWith(true), '"v1"'), json('{"gates": ', '"broken"')];
    server.reply = () => answers.shift() ?? json(rulesetWith(false, '2026-02-01T00:00:00Z'), '"v3"');
    const { client, errors } = leanClient({ pollIntervalMs: 1000 });
    await client.ready();
    await advance(1000);
    await settleUntil(() => errors.length > 0);
    expect(client.checkGate('g', user)).toBe(true);
    await advance(1000);
    expect(client.checkGate('g', user)).toBe(false);
    expect(errors).toHaveLength(1);
    client.shutdown();
  });
});
