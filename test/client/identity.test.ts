import { describe, expect, it } from 'vitest';
import { createClient, hashIdentifier, type KeyValueStorage } from '../../src/index.js';
import { issueRuleset } from '../fixtures/issue-ruleset.js';

/** A page that learns of consent after creating its client, for a returning visitor whose id is stored. */
function beforeConsent(user?: { country: string }, onError?: (error: { code: string }) => void) {
  const store = memoryStore({ 'splitkit.deviceID': 'returning' });
  const client = createClient({
    ruleset: issueRuleset,
    environment: 'browser',
    identityStores: [store],
    identity: { persist: false },
    user,
    onError,
  });
  return { store, client };
}

function memoryStore(initial: Record<string, string> = {}): KeyValueStorage & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    get: (key) => data[key] ?? null,
    set: (key, value) => ((data[key] = value), true),
    remove: (key) => void delete data[key],
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('browser device id', () => {
  it('generates a UUID device id, persists it to every store and uses it for deviceID experiments', () => {
    const cookie = memoryStore();
    const local = memoryStore();
    const client = createClient({ ruleset: issueRuleset, environment: 'browser', identityStores: [cookie, local] });
    const id = client.getUser().deviceID as string;
    expect(id).toMatch(UUID);
    expect(cookie.data['splitkit.deviceID']).toBe(id);
    expect(local.data['splitkit.deviceID']).toBe(id);
    expect(client.getExperimentDetails('button_color')).toMatchObject({ unitId: id, reason: 'SPLIT' });
  });

  it('reuses the stored id (first store wins) and heals the others', () => {
    const cookie = memoryStore({ 'splitkit.deviceID': 'from-cookie' });
    const local = memoryStore({ 'splitkit.deviceID': 'from-local' });
    const client = createClient({ ruleset: issueRuleset, environment: 'browser', identityStores: [cookie, local] });
    expect(client.getUser().deviceID).toBe('from-cookie');
    expect(local.data['splitkit.deviceID']).toBe('from-cookie');
  });

  it('replaces a stored id the server would refuse with a new one, written back to every store', () => {
    for (const bad of ['x'.repeat(129), 'abc\u0000def', 'line\nbreak', 'a b', 'caf\u00e9', '<script>', '"quoted"']) {
      const cookie = memoryStore({ 'splitkit.deviceID': bad });
      const local = memoryStore({ 'splitkit.deviceID': bad });
      const client = createClient({ ruleset: issueRuleset, environment: 'browser', identityStores: [cookie, local] });
      const id = client.getUser().deviceID as string;
      expect(id).toMatch(UUID);
      expect(cookie.data['splitkit.deviceID']).toBe(id);
      expect(local.data['splitkit.deviceID']).toBe(id);
      expect(client.getExperimentDetails('button_color').unitId).toBe(id);
    }
    // A valid id in a later store wins over an invalid one in the first, and heals it.
    const cookie = memoryStore({ 'splitkit.deviceID': 'x'.repeat(129) });
    const local = memoryStore({ 'splitkit.deviceID': 'from-local' });
    const client = createClient({ ruleset: issueRuleset, environment: 'browser', identityStores: [cookie, local] });
    expect(client.getUser().deviceID).toBe('from-local');
    expect(cookie.data['splitkit.deviceID']).toBe('from-local');
  });

  it('keeps the device id across login, so deviceID experiments do not jump', () => {
    const store = memoryStore();
    const client = createClient({ ruleset: issueRuleset, environment: 'browser', identityStores: [store] });
    const before = client.getExperiment('button_color').variant;
    const id = client.getUser().deviceID;
    client.setUser({ userID: 'u1' });
    expect(client.getUser()).toEqual({ userID: 'u1', deviceID: id });
    expect(client.getExperiment('button_color').variant).toBe(before);
  });

  it('keeps a deviceID the app bound itself across login and logout, instead of the stored id', async () => {
    // A visitor keyed by a hashed IP (or a bootstrap's id the stores do not hold), with another id stored.
    const own = await hashIdentifier('203.0.113.7', 'secret');
    const store = memoryStore({ 'splitkit.deviceID': 'stored' });
    const sent: { type: string; units?: unknown }[] = [];
    const client = createClient({
      ruleset: issueRuleset,
      environment: 'browser',
      identityStores: [store],
      user: { deviceID: own },
      transport: async (batch) => {
        sent.push(...(batch.events as typeof sent));
        return { status: 200 };
      },
    });
    const before = client.getExperimentDetails('button_color');
    client.setUser({ userID: 'u1' });
    expect(client.getUser()).toEqual({ userID: 'u1', deviceID: own });
    expect(client.getExperimentDetails('button_color')).toMatchObject({ unitId: own, variant: before.variant });
    client.setUser({});
    expect(client.getUser()).toEqual({ deviceID: own });
    await client.flush();
    // The login links the user to the id the visitor was bucketed under.
    expect(sent.filter((event) => event.type === 'identify').map((event) => event.units)).toEqual([
      { userID: 'u1', deviceID: own },
    ]);
    expect(store.data['splitkit.deviceID']).toBe('stored');
  });

  it('keeps the id in memory only without consent, and persists or erases it when consent changes', () => {
    const store = memoryStore();
    const client = createClient({
      ruleset: issueRuleset,
      environment: 'browser',
      identityStores: [store],
      identity: { persist: false },
    });
    const id = client.getUser().deviceID;
    expect(store.data).toEqual({});
    client.setIdentityConsent(true);
    expect(store.data['splitkit.deviceID']).toBe(id);
    client.setIdentityConsent(false);
    expect(store.data).toEqual({});
  });

  it('reads no store without consent, even one that holds an id', () => {
    const store = memoryStore({ 'splitkit.deviceID': 'stored' });
    const read: string[] = [];
    const client = createClient({
      ruleset: issueRuleset,
      environment: 'browser',
      identityStores: [{ ...store, get: (key) => (read.push(key), store.get(key)) }],
      identity: { persist: false },
    });
    expect(client.getUser().deviceID).toMatch(UUID);
    expect(read).toEqual([]);
  });

  it('adopts the id a store already holds when consent comes after the first reads, instead of overwriting it', () => {
    // A returning visitor: consented on an earlier visit, and this page only learns it after creating the client.
    const { store, client } = beforeConsent({ country: 'US' });
    const changes: unknown[] = [];
    client.subscribe((change) => changes.push(change));
    expect(client.getUser().deviceID).not.toBe('returning');
    client.setIdentityConsent(true);
    expect(store.data['splitkit.deviceID']).toBe('returning');
    expect(client.getUser()).toEqual({ country: 'US', deviceID: 'returning' });
    expect(client.getExperimentDetails('button_color').unitId).toBe('returning');
    // Bound-user readers hear that the user changed.
    expect(changes).toEqual([expect.objectContaining({ user: true })]);
    // Granting again changes nothing.
    client.setIdentityConsent(true);
    expect(client.getUser().deviceID).toBe('returning');
    expect(changes).toHaveLength(1);
  });

  it('links a logged-in user to the stored id consent adopts (an identify event), so analysis stitches their later events', async () => {
    const store = memoryStore({ 'splitkit.deviceID': 'returning' });
    const sent: { type: string; units: Record<string, string> }[] = [];
    const client = createClient({
      ruleset: issueRuleset,
      environment: 'browser',
      identityStores: [store],
      identity: { persist: false },
      events: { persist: false },
      transport: async (batch) => {
        sent.push(...(batch.events as unknown as (typeof sent)[number][]));
        return { status: 200 };
      },
    });
    const memoryId = client.getUser().deviceID;
    client.setUser({ userID: 'u2' });
    client.setIdentityConsent(true);
    // Setting the same user again links nothing new.
    client.setUser({ userID: 'u2' });
    await client.flush();
    expect(sent.filter((event) => event.type === 'identify').map((event) => event.units)).toEqual([
      { userID: 'u2', deviceID: memoryId },
      { userID: 'u2', deviceID: 'returning' },
    ]);
    await client.shutdown();
  });

  it('keeps its own id when consent comes late and the store holds an invalid one, and writes it back', () => {
    const { store, client } = beforeConsent();
    store.data['splitkit.deviceID'] = 'tampered id\u0007';
    const id = client.getUser().deviceID as string;
    expect(id).toMatch(UUID);
    client.setIdentityConsent(true);
    expect(client.getUser().deviceID).toBe(id);
    expect(store.data['splitkit.deviceID']).toBe(id);
  });

  it('keeps a deviceID the app bound itself when consent brings a stored one', () => {
    const { store, client } = beforeConsent();
    const changes: unknown[] = [];
    client.setUser({ deviceID: 'mine' });
    client.subscribe((change) => changes.push(change));
    client.setIdentityConsent(true);
    expect(client.getUser()).toEqual({ deviceID: 'mine' });
    expect(store.data['splitkit.deviceID']).toBe('returning');
    // Nothing was replaced, so bound-user readers are not told the user changed.
    expect(changes).toEqual([]);
  });

  it('never throws from setIdentityConsent when the bound user throws when read', () => {
    const codes: string[] = [];
    const { store, client } = beforeConsent({ country: 'US' }, (error) => codes.push(error.code));
    const hostile = new Proxy({} as { country: string }, {
      get: () => {
        throw new Error('hostile');
      },
    });
    client.setUser(hostile);
    codes.length = 0;
    // Consent brings the stored id, so the client tries to rebind the user: reported, not thrown.
    expect(() => client.setIdentityConsent(true)).not.toThrow();
    expect(store.data['splitkit.deviceID']).toBe('returning');
    expect(codes).toEqual(['INVALID_OPTIONS']);
  });

  it('keeps its id when consent is granted again and another tab has stored a different one', () => {
    // Consent managers call their "granted" callback on every page load, also when consent was given already.
    const store = memoryStore({});
    const client = createClient({ ruleset: issueRuleset, environment: 'browser', identityStores: [store] });
    const mine = client.getUser().deviceID;
    expect(store.data['splitkit.deviceID']).toBe(mine);
    store.data['splitkit.deviceID'] = 'other-tab';
    const changes: unknown[] = [];
    client.subscribe((change) => changes.push(change));
    client.setIdentityConsent(true);
    expect(client.getUser().deviceID).toBe(mine);
    expect(changes).toEqual([]);
  });

  it('does not touch a deviceID the app passes', () => {
    const store = memoryStore();
    const client = createClient({
      ruleset: issueRuleset,
      environment: 'browser',
      identityStores: [store],
      user: { deviceID: 'mine' },
    });
    expect(client.getUser().deviceID).toBe('mine');
    expect(store.data).toEqual({});
  });

  it('survives an identity store that throws: createClient, reads and consent changes go on, the other stores hold the id', () => {
    const broken: KeyValueStorage = {
      get: () => {
        throw new Error('get');
      },
      set: () => {
        throw new Error('set');
      },
      remove: () => {
        throw new Error('remove');
      },
    };
    const local = memoryStore();
    const client = createClient({ ruleset: issueRuleset, environment: 'browser', identityStores: [broken, local] });
    const id = client.getUser().deviceID as string;
    expect(id).toMatch(UUID);
    expect(local.data['splitkit.deviceID']).toBe(id);
    expect(client.getExperimentDetails('button_color')).toMatchObject({ unitId: id, reason: 'SPLIT' });
    client.setIdentityConsent(false);
    expect(local.data['splitkit.deviceID']).toBeUndefined();
    client.setIdentityConsent(true);
    expect(local.data['splitkit.deviceID']).toBe(id);
    // A store that only reads badly counts as empty: the next store's id is used.
    const reused = createClient({
      ruleset: issueRuleset,
      environment: 'browser',
      identityStores: [broken, memoryStore({ 'splitkit.deviceID': 'from-local' })],
    });
    expect(reused.getUser().deviceID).toBe('from-local');
  });

  it('persists and generates nothing on a server', () => {
    const store = memoryStore();
    const client = createClient({ ruleset: issueRuleset, environment: 'server', identityStores: [store] });
    expect(client.getUser()).toEqual({});
    expect(client.getExperimentDetails('button_color').reason).toBe('UNIT_MISSING');
    expect(store.data).toEqual({});
  });
});

describe('hashIdentifier', () => {
  it('is HMAC-SHA-256 (RFC 4231 test case 2)', async () => {
    expect(await hashIdentifier('what do ya want for nothing?', 'Jefe')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('is stable per secret, differs across secrets and never contains the input', async () => {
    const a = await hashIdentifier('203.0.113.7', 's1');
    expect(await hashIdentifier('203.0.113.7', 's1')).toBe(a);
    expect(await hashIdentifier('203.0.113.7', 's2')).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects an empty secret', async () => {
    await expect(hashIdentifier('x', '')).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
  });

  it('rejects a value that is not a non-empty string (a missing IP is no shared key), as a promise', async () => {
    for (const value of [undefined, null, 42, '', {}]) {
      const hashed = hashIdentifier(value as string, 'secret');
      await expect(hashed).rejects.toMatchObject({
        code: 'INVALID_OPTIONS',
        message: expect.stringContaining('value must be a non-empty string'),
      });
    }
  });
});
