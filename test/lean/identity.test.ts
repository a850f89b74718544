/**
 * The device id belongs to the browser (a window and a document): in Node the
 * lean client makes none, and binds the user exactly as given. setUser tells
 * subscribers (`user: true`); setIdentityConsent does nothing on a server.
 * The browser's device id is tested in Chromium (test/browser).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient as createServerClient, type RulesetChange } from '../../src/index.js';
import { createClient } from '../../src/lean.js';
import { createMemoryStorage } from './helpers.js';

afterEach(() => vi.unstubAllGlobals());

const ruleset = { gates: { by_device: { unit: 'deviceID', rules: [{ id: 'half', rollout: 50 }] } } };

describe('in Node', () => {
  it('getUser() is the given user: no device id is added', () => {
    const user = { userID: 'alice', plan: 'pro' };
    const client = createClient({ ruleset, user, identity: { persist: true } });
    expect(client.getUser()).toStrictEqual({ userID: 'alice', plan: 'pro' });
    expect(createClient({ ruleset }).getUser()).toStrictEqual({});
  });

  it("binds a bootstrap's user as the server wrote it, device id included", () => {
    const visitor = { deviceID: 'd-from-cookie', country: 'DE' };
    const bootstrap = createServerClient({ ruleset, environment: 'server' }).snapshot(visitor);
    const client = createClient({ bootstrap });
    expect(client.getUser()).toStrictEqual(visitor);
  });

  it('setUser binds the user as given and tells subscribers with user: true', () => {
    const client = createClient({ ruleset, user: { userID: 'alice' } });
    const changes: RulesetChange[] = [];
    client.subscribe((change) => changes.push(change));
    client.setUser({ userID: 'bob' });
    expect(client.getUser()).toStrictEqual({ userID: 'bob' });
    expect(changes).toEqual([{ gates: [], experiments: [], params: [], user: true }]);
  });

  it('setIdentityConsent does nothing on a server: no id appears, no store is written', () => {
    const client = createClient({ ruleset, user: { userID: 'alice' } });
    client.setIdentityConsent(true);
    client.setIdentityConsent(false);
    expect(client.getUser()).toStrictEqual({ userID: 'alice' });
  });

  it('a window without a document (a worker polyfill, a test setup) is no browser either', () => {
    const storage = createMemoryStorage();
    vi.stubGlobal('window', { localStorage: storage });
    const client = createClient({ ruleset, user: { userID: 'alice' } });
    expect(client.getUser()).toStrictEqual({ userID: 'alice' });
    expect(storage.keys!()).toEqual([]);
  });

  it('in a page, a user whose deviceID getter throws is bound as given: createClient does not throw', () => {
    // A page with no cookie or localStorage of its own: the identity keeps its id in memory.
    vi.stubGlobal('window', {});
    vi.stubGlobal('document', {});
    const user = {
      userID: 'alice',
      get deviceID(): string {
        throw new Error('hostile getter');
      },
    };
    const errors: string[] = [];
    const client = createClient({ ruleset, user, onError: (error) => errors.push(`${error.code}: ${error.message}`) });
    expect(client.getUser()).toBe(user);
    expect(errors).toEqual(['INVALID_OPTIONS: user: Error: hostile getter']);
  });

  it('setUser(null) binds it as given, reports it as the full client does, and tells no subscriber', () => {
    const errors: string[] = [];
    const client = createClient({
      ruleset,
      user: { userID: 'alice' },
      onError: (e) => errors.push(`${e.code}: ${e.message}`),
    });
    const heard: unknown[] = [];
    client.subscribe((change) => heard.push(change));
    client.setUser(null as never);
    expect(client.getUser()).toBe(null);
    expect(errors).toEqual(['INVALID_OPTIONS: setUser: the user must be an object, not null']);
    expect(heard).toEqual([]);
    client.setUser({ userID: 'bob' });
    expect(heard).toEqual([{ gates: [], experiments: [], params: [], user: true }]);
  });
});
