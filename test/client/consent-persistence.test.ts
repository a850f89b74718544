/**
 * Stored events carry the visitor's device id, so a page without identity consent (`identity: { persist:
 * false }`) stores none of them either, unless it opts in with `events.persist: true`.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createClient, type ClientOptions } from '../../src/index.js';
import { memoryLocalStorage } from '../support/memory-local-storage.js';

const { values, install, uninstall } = memoryLocalStorage();
beforeAll(install);
afterAll(uninstall);
afterEach(() => values.clear());

/** The keys a page leaves in localStorage after tracking one event while its collector is down. */
async function storedKeys(options: Partial<ClientOptions>): Promise<string[]> {
  const client = createClient({
    ruleset: {},
    environment: 'browser',
    user: { userID: 'u' },
    // Down, with a retry far beyond the shutdown's deadline: what is queued stays queued.
    transport: async () => ({ status: 503 }),
    ...options,
    events: { retry: { baseDelayMs: 600_000, maxDelayMs: 600_000 }, ...options.events },
  });
  client.track('clicked');
  await client.shutdown({ timeoutMs: 50 });
  return [...values.keys()].filter((key) => key.startsWith('splitkit.events'));
}

it('stores unsent events with consent (the default) and none without it, unless events.persist opts in', async () => {
  expect(await storedKeys({})).toEqual(['splitkit.events']);
  values.clear();
  expect(await storedKeys({ identity: { persist: false } })).toEqual([]);
  values.clear();
  expect(await storedKeys({ identity: { persist: false }, events: { persist: true } })).toEqual(['splitkit.events']);
});
