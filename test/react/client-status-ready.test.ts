/**
 * `client.status().ready`, what `useSplitkitStatus()` reads synchronously so that a page rendered after
 * `await client.ready()` is ready on its first render: true at once without a source; with one, once its first
 * attempt settled (whether or not a `ready()` call waits), or once a `ready()` call's timeout passed first;
 * and always by the time a `ready()` caller hears of it.
 */
import { describe, expect, it, vi } from 'vitest';
import { type ClientOptions, createClient, type SplitkitClient } from '../../src/index.js';

const RULESET = { gates: { g: { rules: [{ id: 'all', rollout: 100 }] } } };

/** A browser client whose source answers `RULESET` once `release()` is called (fails instead when `down`). */
function heldClient(down = false, options: ClientOptions = {}): { client: SplitkitClient; release: () => void } {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const client = createClient({
    environment: 'browser',
    identityStores: [],
    events: { persist: false },
    transport: async () => ({ status: 200 }),
    onError() {},
    source: {
      url: 'https://flags.example/ruleset.json',
      cache: false,
      pollIntervalMs: 0,
      fetch: async () => {
        await released;
        if (down) throw new TypeError('Failed to fetch');
        return new Response(JSON.stringify(RULESET), { headers: { 'content-type': 'application/json' } });
      },
    },
    ...options,
  });
  return { client, release };
}

describe('client.status().ready', () => {
  it('is true at once for a client without a source, before any ready() call', () => {
    const client = createClient({ ruleset: RULESET, environment: 'server' });
    expect(client.status()).toStrictEqual({ origin: 'static', stale: false, ready: true });
  });

  it.each([
    ['answers', false, 'network'],
    ['fails', true, 'none'],
  ] as const)('turns true when the source first %s, and a ready() caller already sees it', async (_, down, origin) => {
    const { client, release } = heldClient(down);
    expect(client.status().ready).toBe(false);
    const seen = client.ready().then((answer) => [answer, client.status().ready]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Held: the first attempt has not settled, so neither has ready().
    expect(client.status()).toStrictEqual({ origin: 'none', stale: false, ready: false });
    release();
    expect(await seen).toStrictEqual([origin, true]);
    await client.shutdown();
  });

  it('turns true when the first attempt settles with no ready() call waiting', async () => {
    const { client, release } = heldClient();
    release();
    await vi.waitFor(() => expect(client.status()).toStrictEqual({ origin: 'network', stale: false, ready: true }), {
      timeout: 5_000,
    });
    await client.shutdown();
  });

  it("turns true when a ready() call's timeout passes first, its own or the default, and stays true", async () => {
    vi.useFakeTimers();
    try {
      for (const timeoutMs of [200, undefined]) {
        const { client } = heldClient();
        let answer: string | undefined;
        void client.ready(timeoutMs === undefined ? undefined : { timeoutMs }).then((origin) => {
          answer = `${origin} ${client.status().ready}`;
        });
        await vi.advanceTimersByTimeAsync((timeoutMs ?? 1_500) - 1);
        expect([answer, client.status().ready]).toStrictEqual([undefined, false]);
        await vi.advanceTimersByTimeAsync(1);
        expect(answer).toBe('none true');
        expect(client.status()).toStrictEqual({ origin: 'none', stale: false, ready: true });
        await client.shutdown();
      }
    } finally {
      vi.useRealTimers();
    }
  });
});
