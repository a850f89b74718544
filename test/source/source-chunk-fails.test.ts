/**
 * The source's chunk fails to load (a page gone offline without it in its HTTP cache): the failure is
 * reported, reads go on from what is in use, and `status().ready` says the wait is over without anyone
 * calling `ready()`, as a `ready()` call would find (a loading state must not wait for a source that
 * will never start).
 */
import { afterEach, expect, it, vi } from 'vitest';
import { createClient } from '../../src/index.js';
import type { SplitkitError } from '../../src/errors/index.js';

afterEach(() => vi.doUnmock('../../src/source/start-source.js'));

it('a source whose chunk cannot load: reported, and status().ready is true with no ready() call', async () => {
  vi.doMock('../../src/source/start-source.js', () => {
    throw new Error('chunk failed to load');
  });
  const errors: SplitkitError[] = [];
  const client = createClient({
    environment: 'server',
    ruleset: { gates: { g: { rules: [{ id: 'all', rollout: 100 }] } } },
    source: { url: 'https://flags.example/ruleset.json', pollIntervalMs: 0 },
    onError: (error) => errors.push(error),
  });
  expect(client.status().ready).toBe(false);
  await vi.waitFor(() => expect(errors.map((e) => e.code)).toEqual(['TRANSPORT_FAILED']));
  expect(errors[0]!.message).toContain('the ruleset source could not start');
  expect(client.status()).toEqual({ origin: 'static', stale: false, ready: true });
  expect(client.checkGate('g', { userID: 'u' })).toBe(true);
  expect(await client.ready()).toBe('static');
  await client.shutdown();
});
