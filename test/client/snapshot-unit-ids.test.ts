/**
 * `snapshot(user)` of a server user whose ids are not plain strings (NaN, an object, a Date, null, ''): the page
 * gets a user it evaluates as the server did, and a values bootstrap serves the visitor it was made for, whether
 * the browser binds the bootstrap's user or is given the app's own.
 */
import { describe, expect, it } from 'vitest';
import { createClient as createServerClient, type Bootstrap, type RulesetInput, type User } from '../../src/index.js';
import { createClient as createBrowserClient } from '../../src/browser.js';
import { createMemoryStorage } from '../../src/adapters/storage.js';

const ruleset: RulesetInput = {
  gates: {
    by_user: { rules: [{ id: 'half', rollout: 50 }] },
    by_device: { unit: 'deviceID', rules: [{ id: 'half', rollout: 50 }] },
  },
  experiments: {
    by_user: {
      variants: [
        { key: 'a', weight: 50 },
        { key: 'b', weight: 50 },
      ],
    },
    by_device: {
      unit: 'deviceID',
      variants: [
        { key: 'a', weight: 50 },
        { key: 'b', weight: 50 },
      ],
    },
  },
};

/** An id type that JSON writes as text (a database driver's ObjectId, a Decimal): the server reads an object. */
class ObjectId {
  constructor(readonly hex: string) {}
  toJSON(): string {
    return this.hex;
  }
}

type Reader = {
  getGateDetails(name: string, user?: User): { value: boolean; reason: string };
  getExperimentDetails(name: string, user?: User): { value: string | null; reason: string };
};

function readsOf(client: Reader, user?: User) {
  return {
    gate_user: client.getGateDetails('by_user', user),
    gate_device: client.getGateDetails('by_device', user),
    experiment_user: client.getExperimentDetails('by_user', user),
    experiment_device: client.getExperimentDetails('by_device', user),
  };
}

const pick = (reads: ReturnType<typeof readsOf>) =>
  Object.fromEntries(Object.entries(reads).map(([name, { value, reason }]) => [name, { value, reason }]));

const visitors: [string, User][] = [
  ['a NaN userID', { userID: Number.NaN, deviceID: 'd1' }],
  ['an Infinity userID', { userID: Number.POSITIVE_INFINITY, deviceID: 'd2' }],
  ['an object userID', { userID: { tenant: 't', id: 7 } as never, deviceID: 'd3' }],
  ['a null deviceID', { userID: 'u4', deviceID: null as never }],
  ["an empty deviceID ('')", { userID: 'u5', deviceID: '' }],
  ['a numeric userID', { userID: 42 as never, deviceID: 'd6' }],
  ['a numeric deviceID', { userID: 'u7', deviceID: 7 as never }],
];

describe('a numeric deviceID is an id in the browser too, as evaluation reads it', () => {
  it('the page keeps it (no new id), so a ruleset bootstrap buckets the unit the server bucketed', () => {
    const server = createServerClient({ ruleset, environment: 'server' });
    for (let deviceID = 0; deviceID < 40; deviceID++) {
      const visitor = { userID: 'u1', deviceID } as unknown as User;
      const bootstrap = JSON.parse(JSON.stringify(server.snapshot(visitor, { mode: 'ruleset' }))) as Bootstrap;
      const store = createMemoryStorage();
      const browser = createBrowserClient({ bootstrap, environment: 'browser', identityStores: [store] });
      expect(browser.getUser().deviceID).toBe(deviceID);
      expect(pick(readsOf(browser))).toEqual(pick(readsOf(server, visitor)));
      // setUser at login keeps it too.
      browser.setUser({ userID: 'u2' });
      expect(browser.getUser().deviceID).toBe(deviceID);
    }
  });
});

describe('a values bootstrap serves its visitor whatever the ids are', () => {
  for (const [label, visitor] of visitors)
    it(`${label}: the browser given the server's user reads the server's values`, () => {
      const server = createServerClient({ ruleset, environment: 'server' });
      const expected = pick(readsOf(server, visitor));
      const bootstrap = JSON.parse(JSON.stringify(server.snapshot(visitor))) as Bootstrap;
      // No ruleset in the page: only the bootstrap can answer.
      for (const user of [visitor, undefined]) {
        const errors: string[] = [];
        const browser = createBrowserClient({
          bootstrap,
          ...(user ? { user } : {}),
          environment: 'browser',
          identityStores: [createMemoryStorage()],
          onError: (error) => errors.push(error.message),
        });
        expect(pick(readsOf(browser)), user ? 'user given' : 'bootstrap user').toEqual(expected);
        expect(errors).toEqual([]);
      }
    });
});

describe("the page's user buckets the units the server bucketed", () => {
  const idObjects: [string, unknown][] = [
    ['a Date', new Date('2026-01-02T03:04:05Z')],
    ['an ObjectId (toJSON)', new ObjectId('65a1f0c2e4b0a1b2c3d4e5f6')],
  ];
  for (const [label, id] of idObjects)
    it(`${label} as userID: not bucketed on the server, so not in the page either; reported`, () => {
      const errors: string[] = [];
      const server = createServerClient({
        ruleset,
        environment: 'server',
        onError: (error) => errors.push(error.message),
      });
      const visitor = { userID: id, deviceID: 'd1', country: 'US' } as User;
      // The server reads the object: no id for the unit.
      expect(server.getGateDetails('by_user', visitor).reason).toBe('UNIT_MISSING');
      const expected = pick(readsOf(server, visitor));
      for (const mode of ['values', 'ruleset'] as const) {
        const bootstrap = JSON.parse(JSON.stringify(server.snapshot(visitor, { mode }))) as Bootstrap;
        expect(bootstrap.user).toEqual({ deviceID: 'd1', country: 'US' });
        // With the ruleset the browser evaluates the page's user itself; a values bootstrap falls back to it too
        // once a source's ruleset arrives (here: the same ruleset).
        const browser = createBrowserClient({
          bootstrap,
          ...(mode === 'values' ? { ruleset } : {}),
          environment: 'browser',
          identityStores: [createMemoryStorage()],
        });
        expect(pick(readsOf(browser)), mode).toEqual(expected);
        if (mode === 'values') {
          browser.setRuleset(ruleset);
          expect(pick(readsOf(browser)), 'values, after a ruleset').toEqual(expected);
        }
      }
      expect(errors).toEqual(Array(2).fill('snapshot: attributes left out of the user (not JSON, or too big): userID'));
    });

  it('a nested Date is left out too; NaN and Infinity are null (no id, as on the server); plain JSON stays', () => {
    const errors: string[] = [];
    const server = createServerClient({
      ruleset,
      environment: 'server',
      onError: (error) => errors.push(error.message),
    });
    const bootstrap = server.snapshot({
      userID: 'u1',
      score: Number.NaN,
      plan: { name: 'pro', renews: new Date(0) },
      limits: [1, Number.NEGATIVE_INFINITY],
      tags: ['a', 'b'],
      org: { id: 7, name: null },
      gone: undefined,
    });
    expect(bootstrap.user).toStrictEqual({
      userID: 'u1',
      score: null,
      limits: [1, null],
      tags: ['a', 'b'],
      org: { id: 7, name: null },
    });
    expect(errors).toEqual(['snapshot: attributes left out of the user (not JSON, or too big): plan']);
  });

  it('runs each getter once: an attribute a getter makes afresh on every read is copied, not left out', () => {
    const errors: string[] = [];
    const server = createServerClient({
      ruleset,
      environment: 'server',
      onError: (error) => errors.push(error.message),
    });
    let reads = 0;
    const profile = {
      get prefs() {
        reads++;
        return { theme: 'dark' };
      },
    };
    const bootstrap = server.snapshot({ userID: 'u1', profile } as never);
    expect(bootstrap.user).toStrictEqual({ userID: 'u1', profile: { prefs: { theme: 'dark' } } });
    expect(reads).toBe(1);
    expect(errors).toEqual([]);
  });
});
