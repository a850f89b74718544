import { afterEach, describe, expect, it, vi } from 'vitest';
import { OpenFeature } from '@openfeature/web-sdk';
import { createClient } from '../../src/index.js';
import { SplitkitWebProvider } from '../../src/openfeature/index.js';
import { providerRuleset, recordingClient, userAt } from './fixture.js';

afterEach(async () => {
  await OpenFeature.clearProviders();
  await OpenFeature.clearContext();
});

describe('SplitkitWebProvider with @openfeature/web-sdk', () => {
  it('binds the context to the client and follows every context change (login) with the direct read', async () => {
    const { client } = recordingClient(undefined, 'browser');
    const first = userAt(1);
    await OpenFeature.setProviderAndWait(new SplitkitWebProvider(client), { targetingKey: first.userID, ...first });
    const of = OpenFeature.getClient();
    expect(client.getUser()).toMatchObject(first);

    let differences = 0;
    for (let i = 0; i < 1000; i++) {
      const user = userAt(i);
      await OpenFeature.setContext({ targetingKey: user.userID, ...user });
      expect(client.getUser()).toMatchObject(user);
      const gate = of.getBooleanDetails('new_checkout', false);
      expect(gate.value).toBe(client.checkGate('new_checkout', user));
      expect(gate.flagMetadata['reason']).toBe(client.getGateDetails('new_checkout', user).reason);
      const variant = of.getStringValue('button_color', 'control');
      expect(variant).toBe(client.getExperiment('button_color', user).variant ?? 'control');
      expect(of.getNumberValue('free_shipping_threshold', 0)).toBe(client.getParam('free_shipping_threshold', 0, user));
      if (variant !== of.getStringValue('button_color', 'control')) differences++;
    }
    expect(differences).toBe(0);
  });

  it('keeps the user the client was created with when the app set no context; a later empty context logs out', async () => {
    const client = createClient({
      ruleset: providerRuleset,
      environment: 'browser',
      user: { userID: 'u1', country: 'CA' },
      identityStores: [],
    });
    // No context: the web SDK initializes the provider with its default, an empty one.
    await OpenFeature.setProviderAndWait(new SplitkitWebProvider(client));
    const of = OpenFeature.getClient();
    expect(client.getUser()).toMatchObject({ userID: 'u1', country: 'CA' });
    expect(of.getNumberDetails('free_shipping_threshold', 0)).toMatchObject({ value: 75, reason: 'TARGETING_MATCH' });
    expect(of.getNumberDetails('button_color', 0)).toMatchObject({
      errorCode: 'TYPE_MISMATCH',
      errorMessage: '"button_color" (experiment) does not resolve as number',
    });
    // A context set after that is the app's word, an empty one included (a logout).
    await OpenFeature.setContext({ targetingKey: 'u2', country: 'CA' });
    expect(client.getUser()).toMatchObject({ userID: 'u2', country: 'CA' });
    await OpenFeature.setContext({});
    expect(client.getUser()).not.toHaveProperty('userID');
    expect(of.getNumberValue('free_shipping_threshold', 0)).toBe(50);
  });

  it('maps errors and never throws, and tracks for the bound user', async () => {
    const { client, events } = recordingClient(undefined, 'browser');
    await OpenFeature.setProviderAndWait(new SplitkitWebProvider(client), { targetingKey: 'u9', country: 'CA' });
    const of = OpenFeature.getClient();
    expect(of.getBooleanDetails('missing', true)).toMatchObject({
      value: true,
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
    });
    expect(of.getObjectDetails('new_checkout', { a: 1 })).toMatchObject({
      value: { a: 1 },
      errorCode: 'TYPE_MISMATCH',
    });
    expect(of.getNumberValue('free_shipping_threshold', 0)).toBe(75);
    of.track('signup', { plan: 'pro' });
    const custom = (await events()).find((event) => event.type === 'event');
    expect(custom).toMatchObject({ name: 'signup', units: { userID: 'u9' }, metadata: { plan: 'pro' } });
  });
});

describe('SplitkitWebProvider and OpenFeature domains', () => {
  it('binds to one domain only: its client has one bound user, which a second domain would overwrite', async () => {
    const { client } = recordingClient(undefined, 'browser');
    const provider = new SplitkitWebProvider(client);
    await OpenFeature.setProviderAndWait(provider, { targetingKey: 'u1', email: 'u1@acme.com' });
    // A second domain with its own context would rebind the one client: the default domain's reads would then be
    // for the other domain's user. OpenFeature refuses the binding instead.
    await expect(OpenFeature.setProviderAndWait('checkout', provider)).rejects.toThrow(/more than one domain/);
    await OpenFeature.setContext('checkout', { targetingKey: 'u2', country: 'FR' });
    expect(client.getUser()).toMatchObject({ userID: 'u1', email: 'u1@acme.com' });
    expect(OpenFeature.getClient().getBooleanValue('new_checkout', false)).toBe(true);
    // One provider (and client) per domain works.
    const other = recordingClient(undefined, 'browser').client;
    await OpenFeature.setProviderAndWait('checkout', new SplitkitWebProvider(other), { targetingKey: 'u2' });
    expect(other.getUser()).toMatchObject({ userID: 'u2' });
    expect(client.getUser()).toMatchObject({ userID: 'u1' });
  });
});

describe('SplitkitWebProvider over a server-rendered bootstrap', () => {
  // The page's client starts from the server's snapshot. In values mode the client has no ruleset yet, only
  // the visitor's results, and every OpenFeature read must still give what the ruleset mode gives.
  const KEYS = [
    'new_checkout',
    'kill_switch',
    'button_color',
    'free_shipping_threshold',
    'banner_text',
    'dark_mode',
    'layout',
    'nope',
  ];
  const FALLBACK = { boolean: false, string: 'x', number: -1, object: { none: true } } as const;

  function readsOf(mode: 'values' | 'ruleset', user: { userID: string; country: string; plan: string }) {
    const server = createClient({ ruleset: providerRuleset, environment: 'server' });
    const reports: string[] = [];
    const client = createClient({
      bootstrap: JSON.parse(JSON.stringify(server.snapshot(user, { mode }))),
      environment: 'browser',
      identityStores: [],
      onError: (error) => reports.push(`${error.code} ${error.message}`),
    });
    return { client, reports };
  }

  it('answers every key and type as a ruleset bootstrap does, with the same reports', async () => {
    for (const user of [
      { userID: 'u1', country: 'CA', plan: 'beta' },
      { userID: 'u2', country: 'FR', plan: 'free' },
    ]) {
      const answers: Record<string, unknown[]> = {};
      for (const mode of ['ruleset', 'values'] as const) {
        const { client, reports } = readsOf(mode, user);
        await OpenFeature.setProviderAndWait(new SplitkitWebProvider(client));
        const of = OpenFeature.getClient();
        const read = {
          boolean: (key: string) => of.getBooleanDetails(key, FALLBACK.boolean),
          string: (key: string) => of.getStringDetails(key, FALLBACK.string),
          number: (key: string) => of.getNumberDetails(key, FALLBACK.number),
          object: (key: string) => of.getObjectDetails(key, FALLBACK.object),
        };
        answers[mode] = KEYS.flatMap((key) =>
          Object.entries(read).map(([type, details]) => {
            const { value, reason, errorCode, variant } = details(key);
            return { key, type, value, reason, errorCode, variant };
          }),
        );
        answers[`${mode} reports`] = reports;
        await OpenFeature.clearProviders();
      }
      expect(answers['values']).toEqual(answers['ruleset']);
      expect(answers['values reports']).toEqual(answers['ruleset reports']);
      // The reads that matter on first paint, spelled out.
      expect(answers['values']).toContainEqual(
        expect.objectContaining({ key: 'dark_mode', type: 'boolean', value: user.plan === 'beta' }),
      );
      expect(answers['values']).toContainEqual(
        expect.objectContaining({
          key: 'banner_text',
          type: 'string',
          value: user.country === 'FR' ? 'bonjour' : 'hello',
        }),
      );
      expect(answers['values']).toContainEqual(
        expect.objectContaining({ key: 'banner_text', type: 'number', errorCode: 'TYPE_MISMATCH' }),
      );
    }
  });
});

describe('SplitkitWebProvider: a login as someone else while a values bootstrap serves', () => {
  // A values bootstrap answers only for the visitor it was made for. A login before the source delivers a
  // ruleset left nothing to evaluate with, yet the web SDK called the provider READY and every read said
  // FLAG_NOT_FOUND.
  const visitor = { userID: 'u1', country: 'CA' };
  const EVENTS = ['PROVIDER_READY', 'PROVIDER_ERROR', 'PROVIDER_CONTEXT_CHANGED', 'PROVIDER_RECONCILING'] as const;

  function valuesClient(fetch?: () => Promise<Response>) {
    const server = createClient({ ruleset: providerRuleset, environment: 'server' });
    return createClient({
      bootstrap: JSON.parse(JSON.stringify(server.snapshot(visitor))),
      environment: 'browser',
      identityStores: [],
      onError: () => {},
      ...(fetch ? { source: { url: 'https://flags.test/r.json', cache: false, pollIntervalMs: 0, fetch } } : {}),
    });
  }

  function recordEvents(): string[] {
    const seen: string[] = [];
    for (const type of EVENTS) OpenFeature.addHandler(type as never, () => void seen.push(type));
    seen.length = 0;
    return seen;
  }

  it("waits for the source's first answer (RECONCILING), reads PROVIDER_NOT_READY meanwhile, READY with the ruleset", async () => {
    let deliver: (() => void) | undefined;
    // The first request answers when the test says: initialize gives up waiting and is READY from the bootstrap.
    const client = valuesClient(
      () => new Promise((resolve) => (deliver = () => resolve(new Response(JSON.stringify(providerRuleset))))),
    );
    await OpenFeature.setProviderAndWait(new SplitkitWebProvider(client, { readyTimeoutMs: 500 }));
    // The source's code loads before its first request: the login below must find that request on its way.
    await vi.waitFor(() => expect(deliver).toBeDefined());
    const of = OpenFeature.getClient();
    expect(of.getNumberDetails('free_shipping_threshold', 0)).toMatchObject({ value: 75, reason: 'TARGETING_MATCH' });
    const seen = recordEvents();

    // The same visitor again: the bootstrap still answers, the change settles at once.
    await OpenFeature.setContext({ targetingKey: 'u1', country: 'CA' });
    expect(seen).toStrictEqual(['PROVIDER_CONTEXT_CHANGED']);
    expect(of.providerStatus).toBe('READY');

    const login = OpenFeature.setContext({ targetingKey: 'u2', country: 'CA' });
    expect(of.providerStatus).toBe('RECONCILING');
    expect(of.getNumberDetails('free_shipping_threshold', 0)).toMatchObject({
      value: 0,
      errorCode: 'PROVIDER_NOT_READY',
    });
    deliver!();
    await login;
    expect(of.providerStatus).toBe('READY');
    expect(seen).toStrictEqual(['PROVIDER_CONTEXT_CHANGED', 'PROVIDER_RECONCILING', 'PROVIDER_CONTEXT_CHANGED']);
    expect(of.getNumberDetails('free_shipping_threshold', 0)).toMatchObject({ value: 75, reason: 'TARGETING_MATCH' });
    await client.shutdown();
  });

  it('without a source: ERROR for someone else, READY again for the visitor the bootstrap was made for', async () => {
    const client = valuesClient();
    await OpenFeature.setProviderAndWait(new SplitkitWebProvider(client));
    const of = OpenFeature.getClient();
    const seen = recordEvents();
    OpenFeature.setLogger({ error: () => {}, warn: () => {}, info: () => {}, debug: () => {} });
    await OpenFeature.setContext({ targetingKey: 'u2', country: 'CA' });
    OpenFeature.setLogger(console);
    expect(of.providerStatus).toBe('ERROR');
    expect(seen).toStrictEqual(['PROVIDER_RECONCILING', 'PROVIDER_ERROR']);
    expect(of.getBooleanDetails('new_checkout', true)).toMatchObject({ errorCode: 'PROVIDER_NOT_READY' });

    await OpenFeature.setContext({ targetingKey: 'u1', country: 'CA' });
    expect(of.providerStatus).toBe('READY');
    expect(seen.at(-1)).toBe('PROVIDER_CONTEXT_CHANGED');
    expect(of.getNumberDetails('free_shipping_threshold', 0)).toMatchObject({ value: 75, reason: 'TARGETING_MATCH' });
  });
});

describe('SplitkitWebProvider: the ruleset that replaces a values bootstrap', () => {
  it("lists the bootstrap's flags the ruleset drops among the flags changed", async () => {
    // The page was rendered with a flag the ruleset fetched later no longer has: its answer changes (to
    // FLAG_NOT_FOUND), so CONFIGURATION_CHANGED must name it, or a UI keyed on flagsChanged keeps the old value.
    const rendered = {
      ...providerRuleset,
      gates: { ...providerRuleset.gates, old_flag: { rules: [{ id: 'a', rollout: 100 }] } },
    };
    const server = createClient({ ruleset: rendered, environment: 'server' });
    let deliver: (() => void) | undefined;
    const client = createClient({
      bootstrap: JSON.parse(JSON.stringify(server.snapshot({ userID: 'u1' }))),
      environment: 'browser',
      identityStores: [],
      onError: () => {},
      source: {
        url: 'https://flags.test/r.json',
        cache: false,
        pollIntervalMs: 0,
        fetch: () => new Promise((resolve) => (deliver = () => resolve(new Response(JSON.stringify(providerRuleset))))),
      },
    });
    await OpenFeature.setProviderAndWait(new SplitkitWebProvider(client, { readyTimeoutMs: 10 }));
    const of = OpenFeature.getClient();
    expect(of.getBooleanValue('old_flag', false)).toBe(true);
    const changed: string[][] = [];
    OpenFeature.addHandler('PROVIDER_CONFIGURATION_CHANGED' as never, (details) => {
      changed.push([...((details as { flagsChanged?: string[] }).flagsChanged ?? [])]);
    });
    await vi.waitFor(() => expect(deliver).toBeDefined());
    deliver!();
    await vi.waitFor(() => expect(changed).toHaveLength(1));
    expect(changed[0]).toContain('old_flag');
    expect(changed[0]).toContain('new_checkout');
    expect(of.getBooleanDetails('old_flag', false)).toMatchObject({ errorCode: 'FLAG_NOT_FOUND' });
    await client.shutdown();
  });
});
