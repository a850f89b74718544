/**
 * An OpenFeature context is whatever the app passes in. A request object
 * put in by mistake refers to itself under several keys: copied to depth 16
 * that was k^16 values (a read that never returned). A getter or a Proxy
 * that throws made the read throw. Both now read in bounded work, never throwing.
 */
import { describe, expect, it } from 'vitest';
import type { EvaluationContext } from '@openfeature/server-sdk';
import { createClient } from '../../src/index.js';
import { contextToUser, SplitkitServerProvider, SplitkitWebProvider } from '../../src/openfeature/index.js';
import { trackEvent } from '../../src/openfeature/tracking.js';
import { providerRuleset, recordingClient } from './fixture.js';

/** An object whose `keys` properties all return the object itself, counting every read. */
function selfReferring(keys: number): { value: object; reads: () => number } {
  let reads = 0;
  const value: { [key: string]: unknown } = { plan: 'pro' };
  for (let i = 0; i < keys; i++)
    Object.defineProperty(value, `k${i}`, {
      enumerable: true,
      get: () => {
        reads++;
        return value;
      },
    });
  return { value, reads: () => reads };
}

const throwing = (): object =>
  new Proxy(
    {},
    {
      ownKeys() {
        throw new Error('trap');
      },
      getPrototypeOf() {
        throw new Error('trap');
      },
    },
  );

describe('contextToUser on hostile contexts', () => {
  it('leaves out cycles: an object holding itself is copied once', () => {
    const request: { [key: string]: unknown } = { method: 'GET' };
    request['self'] = request;
    request['list'] = [request, 1];
    // As text first: without the cycle check the copy was 2^16 objects, too large to print in a failure.
    const text = JSON.stringify(contextToUser({ targetingKey: 'u', request } as EvaluationContext, 'userID'));
    expect(text.length).toBeLessThan(100);
    expect(JSON.parse(text)).toStrictEqual({ request: { method: 'GET', list: [1] }, userID: 'u' });
  });

  it('reads a bounded number of values however the objects are shared (2^16 reads before)', () => {
    const shared = selfReferring(2);
    // No cycle to drop: a fresh wrapper per level, each holding the next level twice.
    let level: object = { leaf: 1 };
    let reads = 0;
    for (let depth = 0; depth < 20; depth++) {
      const next = level;
      level = {
        get a() {
          reads++;
          return next;
        },
        get b() {
          reads++;
          return next;
        },
      };
    }
    const user = contextToUser({ targetingKey: 'u', shared: shared.value, tree: level } as EvaluationContext, 'userID');
    expect(reads + shared.reads()).toBeLessThanOrEqual(10_001);
    expect(user).toMatchObject({ userID: 'u', shared: { plan: 'pro' } });
  });

  it('never throws: a getter or a Proxy that throws is left out, the rest is kept', () => {
    const context = {
      targetingKey: 'u',
      plan: 'pro',
      proxy: throwing(),
      nested: {
        ok: 1,
        get bad(): number {
          throw new Error('getter');
        },
      },
    };
    // The throwing getter leaves out itself only; the Proxy, which cannot even be listed, all of itself.
    expect(contextToUser(context as unknown as EvaluationContext, 'userID')).toStrictEqual({
      plan: 'pro',
      nested: { ok: 1 },
      userID: 'u',
    });
    expect(contextToUser(throwing() as EvaluationContext, 'userID')).toStrictEqual({});
  });

  it('tracking details get the same copy: a throwing getter or Proxy and a self-referring object do not throw', async () => {
    const { client, events } = recordingClient(providerRuleset);
    const request = selfReferring(6);
    const details = {
      value: 9.5,
      plan: 'pro',
      proxy: throwing(),
      request: request.value,
      get bad(): number {
        throw new Error('getter');
      },
    };
    expect(() => trackEvent(client, 'purchase', { userID: 'u' }, details as never)).not.toThrow();
    expect(request.reads()).toBeLessThanOrEqual(10_001);
    const [event] = (await events()).filter((e) => e.type === 'event');
    expect(event).toMatchObject({ name: 'purchase', value: 9.5, metadata: { plan: 'pro' } });
    expect(Object.keys((event as { metadata: object }).metadata).sort()).toEqual(['plan', 'request']);
  });

  it('a provider read with such a context answers, in bounded work', async () => {
    const provider = new SplitkitServerProvider(recordingClient(providerRuleset).client);
    const request = selfReferring(6);
    const context = { targetingKey: 'u1', email: 'a@acme.com', request: request.value };
    const details = await provider.resolveBooleanEvaluation('new_checkout', false, context as EvaluationContext);
    // 6^16 values before: it never returned. Counted in reads, not milliseconds, so a loaded machine cannot fail it.
    expect(request.reads()).toBeLessThanOrEqual(10_001);
    expect(details.value).toBe(true);
  });
});

describe('provider options and initial contexts from untyped code', () => {
  it('a null options object means the defaults; one that throws when read, the defaults too', async () => {
    const { client } = recordingClient(providerRuleset);
    const throwingOptions = {
      get targetingKeyAttribute(): string {
        throw new Error('getter');
      },
      get readyTimeoutMs(): number {
        throw new Error('getter');
      },
    };
    for (const options of [null, throwing(), throwingOptions]) {
      const provider = new SplitkitServerProvider(client, options as never);
      await expect(provider.initialize()).resolves.toBeUndefined();
      const context = { targetingKey: 'u1', email: 'a@acme.com' };
      expect((await provider.resolveBooleanEvaluation('new_checkout', false, context)).value).toBe(true);
      await provider.onClose();
    }
  });

  it('a readyTimeoutMs that is no number waits the client default, never rejects', async () => {
    const client = createClient({
      environment: 'server',
      ruleset: providerRuleset,
      source: {
        url: 'https://flags.invalid/r.json',
        pollIntervalMs: 0,
        cache: false,
        fetch: async () => new Response('{}'),
      },
      onError: () => {},
    });
    for (const readyTimeoutMs of [10n, Symbol('t'), Number.NaN]) {
      const provider = new SplitkitServerProvider(client, { readyTimeoutMs } as never);
      await expect(provider.initialize()).resolves.toBeUndefined();
      await provider.onClose();
    }
    await client.shutdown();
  });

  it('the web provider initializes with a null context, or one that cannot be listed, keeping the bound user', async () => {
    const { client } = recordingClient(providerRuleset, 'browser');
    client.setUser({ userID: 'u1', email: 'a@acme.com' });
    for (const context of [null, throwing()]) {
      const provider = new SplitkitWebProvider(client);
      await expect(provider.initialize(context as never)).resolves.toBeUndefined();
      expect(provider.resolveBooleanEvaluation('new_checkout', false).value).toBe(true);
      await provider.onClose();
    }
  });
});
