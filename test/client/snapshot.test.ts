/**
 * Server rendering: `snapshot(user)` on the server, `createClient({ bootstrap, user })`
 * in the browser. Both modes give the browser the server's values synchronously,
 * for many visitors; the exposure is logged once, by the browser.
 */
import { describe, expect, it } from 'vitest';
import {
  createClient as createServerClient,
  type Bootstrap,
  type EventBatch,
  type RulesetInput,
  type Transport,
  type User,
} from '../../src/index.js';
import { createClient as createBrowserClient } from '../../src/browser.js';
import { createMemoryStorage } from '../../src/adapters/storage.js';

const ruleset: RulesetInput = {
  updatedAt: '2026-01-01T00:00:00Z',
  gates: {
    new_checkout: {
      rules: [
        { id: 'staff', when: { email: { $regex: '@acme\\.com$' } }, rollout: 100 },
        { id: 'na', when: { country: { $in: ['US', 'CA'] } }, rollout: 30 },
      ],
    },
    dark_mode: { unit: 'deviceID', rules: [{ id: 'half', rollout: 50 }] },
  },
  experiments: {
    button_color: {
      unit: 'deviceID',
      allocation: 80,
      variants: [
        { key: 'red', weight: 50, params: { color: '#d22' } },
        { key: 'blue', weight: 50, params: { color: '#22d' } },
      ],
    },
  },
  params: {
    limit: {
      default: 10,
      rules: [
        { id: 'big', when: { country: 'DE' }, value: 50 },
        { id: 'some', rollout: 25, value: 20 },
      ],
    },
  },
};

const COUNTRIES = ['US', 'CA', 'DE', 'FR'];
const visitors = Array.from({ length: 300 }, (_, i) => ({
  ...(i % 3 === 0 ? {} : { userID: `u${i}` }),
  deviceID: `d${i}`,
  country: COUNTRIES[i % 4],
  email: i % 17 === 0 ? `p${i}@acme.com` : `p${i}@mail.test`,
}));

/** Every value a page could read, for comparison. */
function reads(client: {
  checkGate(n: string): boolean;
  getExperiment(n: string): { variant: string | null; get(p: string, f: string): string };
  getParam(n: string, f: number): number;
}) {
  return {
    new_checkout: client.checkGate('new_checkout'),
    dark_mode: client.checkGate('dark_mode'),
    button_color: client.getExperiment('button_color').variant,
    // The variant's parameter: served from the bootstrap on first paint, not the fallback.
    color: client.getExperiment('button_color').get('color', 'fallback'),
    limit: client.getParam('limit', 0),
  };
}

function recorder(): { transport: Transport; batches: EventBatch[] } {
  const batches: EventBatch[] = [];
  return { batches, transport: async (batch) => (batches.push(batch), { status: 200 }) };
}

describe.each(['ruleset', 'values'] as const)('snapshot mode %s', (mode) => {
  it("the browser reads the server's values synchronously, for 300 visitors", () => {
    const server = createServerClient({ ruleset, environment: 'server' });
    for (const visitor of visitors) {
      const expected = reads({
        checkGate: (n) => server.checkGate(n, visitor),
        getExperiment: (n) => server.getExperiment(n, visitor),
        getParam: (n, f) => server.getParam(n, f, visitor),
      });
      // Through JSON, as a page embeds it.
      const bootstrap = JSON.parse(JSON.stringify(server.snapshot(visitor, { mode }))) as Bootstrap;
      const browser = createBrowserClient({
        bootstrap,
        environment: 'browser',
        identityStores: [createMemoryStorage()],
        logger: { debug() {}, info() {}, warn() {}, error() {} },
      });
      expect(reads(browser)).toEqual(expected);
      expect(browser.getUser()).toMatchObject(visitor);
    }
  });

  it('logs no exposure for the snapshot on the server, and one in the browser when the value is read', async () => {
    const onServer = recorder();
    const server = createServerClient({ ruleset, environment: 'server', transport: onServer.transport });
    const visitor = { userID: 'u1', deviceID: 'd1', country: 'US', email: 'a@acme.com' };
    const bootstrap = JSON.parse(JSON.stringify(server.snapshot(visitor, { mode }))) as Bootstrap;
    await server.flush();
    expect(onServer.batches.flatMap((b) => b.events)).toEqual([]);

    const inBrowser = recorder();
    const browser = createBrowserClient({
      bootstrap,
      user: visitor,
      environment: 'browser',
      identityStores: [createMemoryStorage()],
      transport: inBrowser.transport,
    });
    await browser.flush();
    expect(inBrowser.batches.flatMap((b) => b.events)).toEqual([]);
    browser.checkGate('new_checkout');
    browser.checkGate('new_checkout');
    browser.getExperiment('button_color');
    await browser.flush();
    const exposures = inBrowser.batches.flatMap((b) => b.events).filter((e) => e.type === 'exposure');
    expect(
      exposures.map((e) => [e.name, 'ruleId' in e ? e.ruleId : undefined, 'variant' in e ? e.variant : undefined]),
    ).toEqual([
      ['new_checkout', 'staff', undefined],
      ['button_color', undefined, server.getExperiment('button_color', visitor).variant],
    ]);
    await server.shutdown();
    await browser.shutdown();
  });
});

describe('snapshot contents', () => {
  it("values mode carries no rules, conditions or other visitors' targeting", () => {
    const server = createServerClient({ ruleset, environment: 'server' });
    const text = JSON.stringify(server.snapshot(visitors[1]!));
    expect(text).not.toContain('acme');
    expect(text).not.toContain('$in');
    expect(text).not.toContain('rollout');
    expect(JSON.parse(text)).toMatchObject({ splitkit: 1, mode: 'values' });
  });

  it("values mode carries the assigned variant's params only, and the browser serves them before any ruleset", () => {
    const server = createServerClient({ ruleset, environment: 'server' });
    const visitor = visitors.find((v) => server.getExperiment('button_color', v).variant === 'blue')!;
    const bootstrap = JSON.parse(JSON.stringify(server.snapshot(visitor))) as Bootstrap;
    expect(bootstrap.values?.experiment?.button_color).toMatchObject({ value: 'blue', params: { color: '#22d' } });
    // Nothing of the other variant, and no params on gates or parameters.
    expect(JSON.stringify(bootstrap)).not.toContain('#d22');
    expect(bootstrap.values?.gate?.new_checkout).not.toHaveProperty('params');
    const browser = createBrowserClient({ bootstrap, environment: 'browser', identityStores: [createMemoryStorage()] });
    const result = browser.getExperiment('button_color');
    expect(result.params).toEqual({ color: '#22d' });
    expect(result.get('color', 'fallback')).toBe('#22d');
    // Another visitor (not the snapshot's) gets no params of the snapshot's variant.
    expect(browser.getExperiment('button_color', { userID: 'other', deviceID: 'other' }).get('color', 'x')).toBe('x');
  });

  it('ruleset mode lets the browser re-evaluate after a login', () => {
    const server = createServerClient({ ruleset, environment: 'server' });
    const bootstrap = server.snapshot({ deviceID: 'd9', country: 'FR' }, { mode: 'ruleset' });
    const browser = createBrowserClient({ bootstrap, environment: 'browser', identityStores: [createMemoryStorage()] });
    const staff = { userID: 'u9', deviceID: 'd9', country: 'FR', email: 'x@acme.com' };
    browser.setUser(staff);
    expect(browser.checkGate('new_checkout')).toBe(true);
    expect(browser.getExperiment('button_color').params).toEqual(server.getExperiment('button_color', staff).params);
  });

  it("ruleset mode wins over a bundled ruleset option, and a 304 to its ETag keeps the server's ruleset", async () => {
    const server = createServerClient({ ruleset, environment: 'server' });
    const visitor = { userID: 'u1', deviceID: 'd1', country: 'US', email: 'p@acme.com' };
    const bootstrap = JSON.parse(
      JSON.stringify({ ...server.snapshot(visitor, { mode: 'ruleset' }), etag: '"server-1"' }),
    ) as Bootstrap;
    // The app's bundle carries an older fallback in which the gate is off for everyone.
    const bundled: RulesetInput = { updatedAt: '2025-01-01T00:00:00Z', gates: { new_checkout: { rules: [] } } };
    const sent: (string | null)[] = [];
    const browser = createBrowserClient({
      bootstrap,
      ruleset: bundled,
      environment: 'browser',
      identityStores: [createMemoryStorage()],
      source: {
        url: 'https://flags.test/ruleset.json',
        cache: false,
        pollIntervalMs: 0,
        fetch: async (_url, init) => {
          sent.push(new Headers(init?.headers).get('if-none-match'));
          return new Response(null, { status: 304, headers: { ETag: '"server-1"' } });
        },
      },
    });
    // First paint: what the server rendered.
    expect(browser.checkGate('new_checkout')).toBe(server.checkGate('new_checkout', visitor));
    expect(browser.checkGate('new_checkout')).toBe(true);
    await expect(browser.ready()).resolves.toBe('network');
    expect(sent).toEqual(['"server-1"']);
    expect(browser.checkGate('new_checkout')).toBe(true);
    expect(browser.getRuleset()).toEqual(server.getRuleset());
    await browser.shutdown();
  });

  it('ready() resolves with "bootstrap" at once; subscribe hears setRuleset changes', async () => {
    const server = createServerClient({ ruleset, environment: 'server' });
    const browser = createBrowserClient({
      bootstrap: server.snapshot(visitors[0]!, { mode: 'ruleset' }),
      environment: 'browser',
      identityStores: [createMemoryStorage()],
    });
    await expect(browser.ready()).resolves.toBe('bootstrap');
    const changes: unknown[] = [];
    browser.subscribe((change) => changes.push(change));
    browser.setRuleset({ ...browser.getRuleset(), params: { limit: { default: 11 } } });
    expect(changes).toEqual([{ gates: [], experiments: [], params: ['limit'] }]);
    await expect(createServerClient({ ruleset }).ready()).resolves.toBe('static');
  });
});

describe('subscribe when a ruleset replaces a values bootstrap', () => {
  it("lists the bootstrap's names too, so one the ruleset dropped is re-read, and only the first time", () => {
    const server = createServerClient({ ruleset, environment: 'server' });
    const browser = createBrowserClient({
      bootstrap: server.snapshot({ userID: 'u1', deviceID: 'd1', country: 'US' }),
      environment: 'browser',
      identityStores: [createMemoryStorage()],
    });
    const changes: unknown[] = [];
    browser.subscribe((change) => changes.push(change));
    // The new ruleset dropped dark_mode: it went from the bootstrap's value to the default.
    const { dark_mode: _dropped, ...gates } = ruleset.gates!;
    const next = { ...ruleset, gates, params: { limit: { default: 3 } } };
    // The app's own ruleset (origin 'static' now) ends the values bootstrap, as a source's would.
    expect(browser.setRuleset(next)).toBe(true);
    expect(browser.status().origin).toBe('static');
    expect(changes).toEqual([
      {
        gates: ['new_checkout', 'dark_mode'],
        experiments: ['button_color'],
        params: ['limit'],
      },
    ]);
    // The bootstrap is over: the next ruleset lists its own changes only.
    expect(browser.setRuleset({ ...next, params: { limit: { default: 4 } } })).toBe(true);
    expect(changes[1]).toEqual({ gates: [], experiments: [], params: ['limit'] });
  });
});

describe('a values bootstrap with overrides and a source', () => {
  it("overrides still win over the bootstrap's values", () => {
    const server = createServerClient({ ruleset, environment: 'server' });
    const visitor = { userID: 'u1', deviceID: 'd1', country: 'US', email: 'a@acme.com' };
    const browser = createBrowserClient({
      bootstrap: server.snapshot(visitor),
      environment: 'browser',
      identityStores: [createMemoryStorage()],
    });
    expect(browser.checkGate('new_checkout')).toBe(true);
    browser.override({ gates: { new_checkout: false } });
    expect(browser.getGateDetails('new_checkout')).toMatchObject({ value: false, reason: 'OVERRIDE' });
    browser.clearOverrides();
    expect(browser.getGateDetails('new_checkout')).toMatchObject({
      value: true,
      reason: 'TARGETING_MATCH',
      ruleId: 'staff',
    });
  });

  it('serves the values until the source brings a ruleset, then evaluates it', async () => {
    const server = createServerClient({ ruleset, environment: 'server' });
    const visitor = { userID: 'u1', deviceID: 'd1', country: 'US', email: 'a@acme.com' };
    let answer!: (response: Response) => void;
    const fetched = new Promise<Response>((resolve) => (answer = resolve));
    const browser = createBrowserClient({
      bootstrap: JSON.parse(JSON.stringify(server.snapshot(visitor))) as Bootstrap,
      environment: 'browser',
      identityStores: [createMemoryStorage()],
      source: { url: 'http://flags.test/ruleset.json', cache: false, pollIntervalMs: 0, fetch: () => fetched },
    });
    expect(browser.checkGate('new_checkout')).toBe(true);
    await expect(browser.ready({ timeoutMs: 10 })).resolves.toBe('bootstrap');
    answer(
      new Response(JSON.stringify({ gates: { new_checkout: { enabled: false } } }), { headers: { ETag: '"v2"' } }),
    );
    await expect(browser.ready()).resolves.toBe('network');
    expect(browser.checkGate('new_checkout')).toBe(false);
    await browser.shutdown();
  });
});

describe('a bootstrap this client cannot use', () => {
  // A page rendered by a newer server (another format), or one that embedded `null` when its snapshot failed,
  // must still start: the bootstrap is reported and left out, as a refused ruleset is.
  const unusable: [string, unknown, string][] = [
    ['another format', { splitkit: 2, mode: 'values', user: { userID: 'u1' }, values: {} }, 'splitkit: expected 1'],
    ['null', null, 'expected an object'],
    ['no user', { splitkit: 1, mode: 'values', values: { gate: { new_checkout: { value: true } } } }, 'user: expected'],
    ['an unknown mode', { splitkit: 1, mode: 'all', user: { userID: 'u1' } }, 'mode: expected "ruleset" or "values"'],
    [
      'a getter that throws',
      {
        splitkit: 1,
        get mode(): string {
          throw new Error('not rendered');
        },
      },
      'not rendered',
    ],
  ];
  for (const [label, bootstrap, problem] of unusable)
    it(`${label}: reported, left out, and the ruleset option serves`, async () => {
      const errors: Error[] = [];
      for (const createClient of [createBrowserClient, createServerClient]) {
        const client = createClient({
          bootstrap: bootstrap as Bootstrap,
          ruleset: { gates: { new_checkout: { enabled: false } } },
          user: { userID: 'u1' },
          environment: 'server',
          onError: (error) => errors.push(error),
        });
        expect(client.getGateDetails('new_checkout')).toMatchObject({ value: false, reason: 'DISABLED' });
        await expect(client.ready()).resolves.toBe('static');
      }
      expect(errors).toHaveLength(2);
      for (const error of errors) {
        expect(error).toMatchObject({ code: 'INVALID_OPTIONS' });
        // A getter that throws is reported with its own message; the checks list each problem with its path.
        if (label !== 'a getter that throws') expect(error.message).toContain('Invalid bootstrap');
        expect(error.message).toContain(problem);
      }
    });

  it('a values entry that is no object is as good as none: the ruleset answers, nothing fails', () => {
    const errors: Error[] = [];
    const client = createBrowserClient({
      bootstrap: {
        splitkit: 1,
        mode: 'values',
        user: { userID: 'u1' },
        values: { gate: { new_checkout: null, dark_mode: 'on' } },
      } as unknown as Bootstrap,
      ruleset,
      environment: 'browser',
      identityStores: [createMemoryStorage()],
      onError: (error) => errors.push(error),
    });
    expect(client.getGateDetails('new_checkout', { userID: 'u1', email: 'a@acme.com' })).toMatchObject({
      value: true,
      reason: 'TARGETING_MATCH',
    });
    expect(client.getGateDetails('dark_mode').reason).not.toBe('ERROR');
    expect(errors).toEqual([]);
  });
});

describe('a values bootstrap and the names of Object.prototype', () => {
  it('has no entry for __proto__ (nor constructor, toString): unknown names, reported as FLAG_NOT_FOUND', () => {
    const server = createServerClient({ ruleset, environment: 'server' });
    const bootstrap = JSON.parse(JSON.stringify(server.snapshot({ userID: 'u1' }))) as Bootstrap;
    const codes: string[] = [];
    const client = createBrowserClient({
      bootstrap,
      environment: 'browser',
      identityStores: [createMemoryStorage()],
      onError: (error) => codes.push(error.code),
    });
    for (const name of ['__proto__', 'constructor', 'toString']) {
      const unknown = { reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' };
      expect(client.getGateDetails(name as never)).toMatchObject({ value: false, ...unknown });
      expect(client.getExperimentDetails(name as never)).toMatchObject({ value: null, ...unknown });
      expect(client.getExperiment(name as never)).toMatchObject({ variant: null, reason: 'ERROR' });
      expect(client.getParam(name as never, 'fb')).toBe('fb');
    }
    expect(new Set(codes)).toStrictEqual(new Set(['FLAG_NOT_FOUND']));
    // The visitor's own entries still serve.
    expect(client.getGateDetails('new_checkout').reason).not.toBe('ERROR');
  });
});

describe('snapshot(user) with a user JSON cannot write whole', () => {
  it('leaves out what JSON cannot hold, reports it, and the bootstrap serializes', () => {
    const errors: Error[] = [];
    const server = createServerClient({ ruleset, environment: 'server', onError: (error) => errors.push(error) });
    // An ORM record: its organization lists its members, the user among them.
    const org: { name: string; members: unknown[] } = { name: 'acme', members: [] };
    const visitor = {
      userID: 'u1',
      country: 'US',
      org,
      seats: 10n,
      signedUp: new Date('2026-01-02T03:04:05Z'),
      greet: () => 'hi',
      get broken(): string {
        throw new Error('lazy field not loaded');
      },
    };
    org.members.push(visitor);
    for (const mode of ['values', 'ruleset'] as const) {
      const bootstrap = server.snapshot(visitor, { mode });
      // The Date too: JSON would write it as text, where the server read an object (see snapshot-unit-ids.test.ts).
      expect(JSON.parse(JSON.stringify(bootstrap)).user).toEqual({ userID: 'u1', country: 'US' });
    }
    // The server evaluated the user it was given: its values are those of a direct read.
    expect(server.snapshot(visitor).values?.gate?.new_checkout?.value).toBe(server.checkGate('new_checkout', visitor));
    // Reported at each snapshot (three here), so a page server's logs show it.
    expect(errors.map((error) => error.message)).toEqual(
      Array(3).fill('snapshot: attributes left out of the user (not JSON, or too big): org, seats, signedUp, broken'),
    );
  });

  it('an attribute named __proto__ (a user parsed from JSON can hold one) is copied as an attribute', () => {
    const server = createServerClient({ ruleset, environment: 'server' });
    const visitor = JSON.parse('{"userID":"u1","__proto__":{"plan":"pro"}}') as User;
    const { user } = server.snapshot(visitor);
    expect(Object.getPrototypeOf(user)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(user))).toEqual(JSON.parse('{"userID":"u1","__proto__":{"plan":"pro"}}'));
    expect(Object.hasOwn(JSON.parse(JSON.stringify(user)), '__proto__')).toBe(true);
  });

  it('an attribute too big to copy is left out in bounded time; the others are kept', () => {
    const errors: Error[] = [];
    const server = createServerClient({ ruleset, environment: 'server', onError: (error) => errors.push(error) });
    // Each level holds the one below twice: 2^60 paths for JSON to write.
    let graph: object = { leaf: true };
    for (let level = 0; level < 60; level++) graph = { left: graph, right: graph };
    const started = performance.now();
    const bootstrap = server.snapshot({ graph, userID: 'u1', tags: Array.from({ length: 9_000 }, String) });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(Object.keys(bootstrap.user)).toEqual(['userID', 'tags']);
    expect(errors.map((error) => error.message)).toEqual([
      'snapshot: attributes left out of the user (not JSON, or too big): graph',
    ]);
  });

  it('a user that is no object (a cookie id passed by mistake) has no attributes: not its characters, nor the bound user', () => {
    const errors: Error[] = [];
    const server = createServerClient({
      ruleset,
      environment: 'server',
      user: { userID: 'bound', email: 'ann@acme.com' },
      onError: (error) => errors.push(error),
    });
    expect(server.checkGate('new_checkout')).toBe(true);
    const started = performance.now();
    for (const user of ['abc', 'x'.repeat(10_000_000), 42, true]) {
      const bootstrap = server.snapshot(user as never);
      expect(bootstrap.user).toStrictEqual({});
      // Evaluated for no attributes, as the browser binds the bootstrap's empty user.
      expect(bootstrap.values?.gate?.new_checkout?.value).toBe(false);
    }
    // A 10 MB string is not listed character by character.
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(errors.map((error) => error.message)).toStrictEqual([
      'snapshot: the user must be an object, not string',
      'snapshot: the user must be an object, not string',
      'snapshot: the user must be an object, not number',
      'snapshot: the user must be an object, not boolean',
    ]);
  });

  it('a user that is no object is reported; the bootstrap has an empty user and still serializes', () => {
    const errors: Error[] = [];
    const server = createServerClient({ ruleset, environment: 'server', onError: (error) => errors.push(error) });
    const bootstrap = server.snapshot(null as never);
    expect(JSON.parse(JSON.stringify(bootstrap))).toMatchObject({ splitkit: 1, mode: 'values', user: {} });
    expect(errors.map((error) => error.message)).toEqual([expect.stringMatching(/^snapshot: /)]);
  });
});

describe('snapshot(user) of a trusted ruleset whose params throw when read', () => {
  it('never throws: that experiment is left out (its read gives ERROR), the other values are handed on', () => {
    const errors: string[] = [];
    const client = createServerClient({
      environment: 'server',
      validate: false,
      onError: (error) => errors.push(error.code),
      ruleset: {
        gates: { g: { rules: [{ id: 'all', rollout: 100 }] } },
        experiments: {
          e: {
            variants: [
              {
                key: 'a',
                weight: 100,
                get params(): never {
                  throw new Error('params getter');
                },
              },
            ],
          },
        },
      },
    });
    const snapshot = client.snapshot({ userID: 'u' });
    expect(Object.keys(snapshot.values!.experiment!)).toEqual([]);
    expect(snapshot.values!.gate!.g).toMatchObject({ value: true });
    expect(client.getExperiment('e', { userID: 'u' })).toMatchObject({ variant: null, reason: 'ERROR' });
  });
});
