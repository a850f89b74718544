/**
 * Provider events from a client with a ruleset source (msw, fake timers),
 * through the real OpenFeature SDKs: STALE when the source has failed to
 * refresh the ruleset for `staleAfterMs`, READY again when it does, ERROR
 * when `initialize` found no ruleset and READY when one arrives.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { OpenFeature as ServerOpenFeature, ProviderStatus as ServerStatus } from '@openfeature/server-sdk';
import { OpenFeature as WebOpenFeature, ProviderStatus as WebStatus } from '@openfeature/web-sdk';
import { createClient, type SourceOptions, type SplitkitError } from '../../src/index.js';
import { SplitkitServerProvider, SplitkitWebProvider } from '../../src/openfeature/index.js';
import { providerRuleset } from './fixture.js';

const URL_ = 'http://flags.test/openfeature-ruleset.json';
type Reply = (request: Request) => Response | Promise<Response>;
const ok: Reply = (request) =>
  request.headers.get('if-none-match') === '"v1"'
    ? new HttpResponse(null, { status: 304, headers: { ETag: '"v1"' } })
    : HttpResponse.json(providerRuleset, { headers: { ETag: '"v1"' } });
const down: Reply = () => new HttpResponse('down', { status: 503 });
let reply = ok;
const server = setupServer(http.get(URL_, ({ request }) => reply(request)));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  // Backoff delays are half their cap (500 ms, 1 s, 2 s, …); polls come after exactly the interval.
  vi.spyOn(Math, 'random').mockReturnValue(0.5);
  reply = ok;
});
afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  await ServerOpenFeature.clearProviders();
  ServerOpenFeature.clearHandlers();
  await WebOpenFeature.clearProviders();
  WebOpenFeature.clearHandlers();
});
afterAll(() => server.close());

/** Advances fake time by `ms`, letting msw's answers and the SDKs' promises run. */
async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
}

function sourceClient(source: Partial<SourceOptions>, environment: 'server' | 'browser' = 'server') {
  const errors: SplitkitError[] = [];
  const client = createClient({
    environment,
    onError: (error) => errors.push(error),
    source: { url: URL_, cache: false, pollIntervalMs: 5000, staleAfterMs: 10_000, ...source },
    ...(environment === 'browser' ? { identityStores: [], events: { persist: false } } : {}),
  });
  return { client, errors };
}

const EVENTS = ['PROVIDER_READY', 'PROVIDER_STALE', 'PROVIDER_ERROR', 'PROVIDER_CONFIGURATION_CHANGED'] as const;

/** Records every provider event the API emits, in order. */
function recordEvents(api: typeof ServerOpenFeature | typeof WebOpenFeature): string[] {
  const seen: string[] = [];
  for (const type of EVENTS) api.addHandler(type as never, () => void seen.push(type));
  return seen;
}

describe('provider events from the ruleset source', () => {
  it('server SDK: STALE after staleAfterMs of failed polls, READY again at the next 304; reads go on', async () => {
    const { client } = sourceClient({});
    const seen = recordEvents(ServerOpenFeature);
    await ServerOpenFeature.setProviderAndWait(new SplitkitServerProvider(client));
    const of = ServerOpenFeature.getClient();
    expect(of.providerStatus).toBe(ServerStatus.READY);
    const context = { targetingKey: 'u1', country: 'CA' };
    const before = await of.getNumberDetails('free_shipping_threshold', 0, context);

    reply = down;
    // The poll at 5 s fails, then its retries; stale at 5 s + 10 s.
    await advance(14_900);
    expect(of.providerStatus).toBe(ServerStatus.READY);
    await advance(200);
    expect(seen).toStrictEqual(['PROVIDER_READY', 'PROVIDER_STALE']);
    expect(of.providerStatus).toBe(ServerStatus.STALE);
    // A stale provider still resolves from the last good ruleset, with the same details.
    const stale = await of.getNumberDetails('free_shipping_threshold', 0, context);
    expect(stale).toMatchObject({ value: 75, reason: before.reason });
    expect(stale.errorCode).toBeUndefined();

    reply = ok;
    // The retry at 20.5 s gets a 304.
    await advance(6000);
    expect(seen).toStrictEqual(['PROVIDER_READY', 'PROVIDER_STALE', 'PROVIDER_READY']);
    expect(of.providerStatus).toBe(ServerStatus.READY);
    await client.shutdown();
  });

  it('server SDK: ERROR when initialize finds no ruleset, staleness does not hide it, READY when one arrives', async () => {
    reply = down;
    const { client } = sourceClient({});
    const seen = recordEvents(ServerOpenFeature);
    const provider = new SplitkitServerProvider(client, { readyTimeoutMs: 1000 });
    const settled = ServerOpenFeature.setProviderAndWait(provider).then(
      () => 'resolved',
      (error: Error) => error.message,
    );
    await advance(1000);
    expect(await settled).toMatch(/no ruleset yet/);
    const of = ServerOpenFeature.getClient();
    expect(of.providerStatus).toBe(ServerStatus.ERROR);
    await advance(20_000);
    expect(client.status()).toStrictEqual({ origin: 'none', stale: true, ready: true });
    expect(of.providerStatus).toBe(ServerStatus.ERROR);

    reply = ok;
    await advance(20_000);
    expect(seen).toStrictEqual(['PROVIDER_ERROR', 'PROVIDER_READY', 'PROVIDER_CONFIGURATION_CHANGED']);
    expect(of.providerStatus).toBe(ServerStatus.READY);
    expect(await of.getBooleanValue('kill_switch', true, { targetingKey: 'u1' })).toBe(false);
    await client.shutdown();
  });

  it('web SDK: a client already stale when the provider starts is STALE right after READY, then READY again', async () => {
    const { client } = sourceClient({}, 'browser');
    await client.ready();
    reply = down;
    await advance(15_100);
    expect(client.status().stale).toBe(true);

    const seen = recordEvents(WebOpenFeature);
    await WebOpenFeature.setProviderAndWait(new SplitkitWebProvider(client), { targetingKey: 'u9', country: 'CA' });
    const of = WebOpenFeature.getClient();
    expect(of.providerStatus).toBe(WebStatus.READY);
    await advance(1);
    expect(seen).toStrictEqual(['PROVIDER_READY', 'PROVIDER_STALE']);
    expect(of.providerStatus).toBe(WebStatus.STALE);
    expect(of.getNumberValue('free_shipping_threshold', 0)).toBe(75);

    // The SDK marks the provider READY after a login; the provider says STALE again at once.
    await WebOpenFeature.setContext({ targetingKey: 'u10', country: 'US' });
    await advance(1);
    expect(of.providerStatus).toBe(WebStatus.STALE);
    expect(seen).toStrictEqual(['PROVIDER_READY', 'PROVIDER_STALE', 'PROVIDER_STALE']);

    reply = ok;
    await advance(20_000);
    expect(seen).toStrictEqual(['PROVIDER_READY', 'PROVIDER_STALE', 'PROVIDER_STALE', 'PROVIDER_READY']);
    expect(of.providerStatus).toBe(WebStatus.READY);
    await client.shutdown();
  });
});

describe('web SDK: a login before the provider has a ruleset', () => {
  // The web SDK marks a provider READY after any context change that settles at once: a provider still
  // waiting for its first ruleset, or in ERROR without one, was READY after a login while every read failed.
  const WEB_EVENTS = [...EVENTS, 'PROVIDER_CONTEXT_CHANGED', 'PROVIDER_RECONCILING'] as const;
  function recordWebEvents(): string[] {
    const seen: string[] = [];
    for (const type of WEB_EVENTS) WebOpenFeature.addHandler(type as never, () => void seen.push(type));
    // The SDK runs a handler added while the (default, no-op) provider is READY at once: not ours.
    seen.length = 0;
    return seen;
  }

  it('while initialize waits for the source: RECONCILING, then READY with the ruleset', async () => {
    let release = (): void => {};
    reply = (request) => new Promise((resolve) => (release = () => resolve(ok(request))));
    const { client } = sourceClient({}, 'browser');
    const seen = recordWebEvents();
    const initialized = WebOpenFeature.setProviderAndWait(new SplitkitWebProvider(client), { targetingKey: 'u1' });
    await advance(10);
    const login = WebOpenFeature.setContext({ targetingKey: 'u9', country: 'CA' });
    await advance(10);
    const of = WebOpenFeature.getClient();
    expect(of.providerStatus).toBe(WebStatus.RECONCILING);
    expect(seen).toStrictEqual(['PROVIDER_RECONCILING']);
    expect(client.getUser()).toMatchObject({ userID: 'u9', country: 'CA' });
    expect(of.getNumberDetails('free_shipping_threshold', 0)).toMatchObject({ errorCode: 'PROVIDER_NOT_READY' });

    release();
    await advance(10);
    await initialized;
    await login;
    expect(of.providerStatus).toBe(WebStatus.READY);
    // initialize and the login settle on the same ruleset, in either order.
    expect(seen[0]).toBe('PROVIDER_RECONCILING');
    expect(seen.slice(1).sort()).toStrictEqual(['PROVIDER_CONTEXT_CHANGED', 'PROVIDER_READY']);
    expect(of.getNumberValue('free_shipping_threshold', 0)).toBe(75);
    await client.shutdown();
  });

  it('in ERROR (no ruleset): stays ERROR after a login, READY once the source delivers', async () => {
    reply = down;
    const { client } = sourceClient({}, 'browser');
    const initialized = WebOpenFeature.setProviderAndWait(new SplitkitWebProvider(client, { readyTimeoutMs: 1000 }));
    const failed = initialized.then(
      () => 'resolved',
      () => 'rejected',
    );
    await advance(1000);
    expect(await failed).toBe('rejected');
    const of = WebOpenFeature.getClient();
    expect(of.providerStatus).toBe(WebStatus.ERROR);

    const seen = recordWebEvents();
    const logged: unknown[] = [];
    const log = (...args: unknown[]) => void logged.push(args[0]);
    WebOpenFeature.setLogger({ error: log, warn: log, info: log, debug: log });
    await WebOpenFeature.setContext({ targetingKey: 'u9', country: 'CA' });
    WebOpenFeature.setLogger(console);
    expect(logged).toContainEqual(expect.stringMatching(/no ruleset yet/));
    await advance(1);
    expect(of.providerStatus).toBe(WebStatus.ERROR);
    expect(seen).not.toContain('PROVIDER_CONTEXT_CHANGED');
    expect(seen).not.toContain('PROVIDER_READY');
    expect(client.getUser()).toMatchObject({ userID: 'u9', country: 'CA' });
    expect(of.getNumberDetails('free_shipping_threshold', 0)).toMatchObject({ errorCode: 'PROVIDER_NOT_READY' });

    reply = ok;
    await advance(20_000);
    expect(of.providerStatus).toBe(WebStatus.READY);
    expect(seen.slice(-2)).toStrictEqual(['PROVIDER_READY', 'PROVIDER_CONFIGURATION_CHANGED']);
    expect(of.getNumberValue('free_shipping_threshold', 0)).toBe(75);
    await client.shutdown();
  });
});

describe('a provider listens to its client from initialize on', () => {
  it('holds no listener until OpenFeature sets it, one while set, none once closed', async () => {
    vi.useRealTimers();
    const client = createClient({ ruleset: providerRuleset, environment: 'server' });
    const subscribeToClient = client.subscribe.bind(client);
    const unsubscribed = vi.fn();
    const subscribe = vi.spyOn(client, 'subscribe').mockImplementation((listener) => {
      const stop = subscribeToClient(listener);
      return () => {
        unsubscribed();
        stop();
      };
    });
    const provider = new SplitkitServerProvider(client);
    expect(subscribe).not.toHaveBeenCalled();
    await ServerOpenFeature.setProviderAndWait(provider);
    expect(subscribe).toHaveBeenCalledTimes(1);
    await ServerOpenFeature.clearProviders();
    expect(unsubscribed).toHaveBeenCalledTimes(1);
    await client.shutdown();
  });
});
