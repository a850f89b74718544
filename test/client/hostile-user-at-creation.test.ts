/**
 * A user whose attributes throw when read (a hostile getter, a revoked Proxy) given to createClient in a
 * browser: the device identity reads its `deviceID`. createClient must not throw what the getter threw; the
 * user is bound as given and the problem reported (INVALID_OPTIONS), as `setUser` does with such a user.
 */
import { expect, it } from 'vitest';
import { createClient, type SplitkitError } from '../../src/index.js';
import { createMemoryStorage } from '../../src/adapters/storage.js';

it('the full client in a browser binds a user whose deviceID getter throws, and reports it', () => {
  const user = {
    userID: 'alice',
    get deviceID(): string {
      throw new Error('hostile getter');
    },
  };
  const errors: SplitkitError[] = [];
  const client = createClient({
    environment: 'browser',
    ruleset: { gates: { g: { rules: [{ id: 'all', rollout: 100 }] } } },
    user,
    identityStores: [createMemoryStorage()],
    onError: (error) => errors.push(error),
  });
  expect(client.getUser()).toBe(user);
  expect(errors.map((error) => `${error.code}: ${error.message}`)).toEqual([
    'INVALID_OPTIONS: user: Error: hostile getter',
  ]);
  expect(client.checkGate('g')).toBe(true);
});
