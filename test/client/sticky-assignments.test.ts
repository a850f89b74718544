/**
 * Sticky assignments (docs/bucketing.md#sticky-assignments): an experiment marked `sticky` keeps each unit's
 * variant in the client's assignment store through weight ramps, allocation cuts and account switches, while a
 * changed salt, a removed variant, a stopped experiment, forced ids, holdouts and targeting still decide. Real
 * clients and real stores throughout; the only stand-in is the page's localStorage (Node has none).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createAssignmentStore,
  createClient as createServerClient,
  createMemoryStorage,
  stickyAssignments,
  type AssignmentStore,
  type ClientOptions,
  type EventBatch,
  type ExposureEvent,
  type RulesetInput,
  type SplitkitError,
} from '../../src/index.js';
import { createClient as createBrowserClient } from '../../src/browser.js';
import { createClient as createLiteClient } from '../../src/lite.js';
/** A page's localStorage in memory (Node has none), listing its keys as Web Storage does: `values` shows it. */
const page = (() => {
  const values = new Map<string, string>();
  const localStorage = {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
    key: (index: number) => [...values.keys()][index] ?? null,
    get length() {
      return values.size;
    },
  };
  return { values, localStorage };
})();
beforeAll(() => {
  (globalThis as { localStorage?: unknown }).localStorage = page.localStorage;
});
afterAll(() => {
  delete (globalThis as { localStorage?: unknown }).localStorage;
});
afterEach(() => page.values.clear());

type ExperimentInput = NonNullable<RulesetInput['experiments']>[string];

/** A ruleset with experiment `test` (sticky unless `sticky: false` is given). */
function rulesetWith(experiment: Partial<ExperimentInput>, extra: Partial<RulesetInput> = {}): RulesetInput {
  return {
    experiments: {
      test: {
        sticky: true,
        variants: [
          { key: 'control', weight: 50 },
          { key: 'treatment', weight: 50 },
        ],
        ...experiment,
      },
    },
    ...extra,
  };
}

const RAMPED = [
  { key: 'control', weight: 90 },
  { key: 'treatment', weight: 10 },
];

const ids = Array.from({ length: 2000 }, (_, i) => `user-${i}`);

/** A fresh store in memory. */
const memoryStore = () => createAssignmentStore(createMemoryStorage());

/** A server client with sticky assignments in `store` (a fresh one in memory by default). */
function server(ruleset: RulesetInput, options: Partial<ClientOptions> = {}, store: AssignmentStore = memoryStore()) {
  return createServerClient({ ruleset, environment: 'server', assignments: stickyAssignments(store), ...options });
}

/** Each id's variant of `test`. */
const variants = (client: ReturnType<typeof server>) =>
  ids.map((userID) => client.getExperiment('test', { userID }).variant);

/** A store that counts its calls, over a real in-memory one. */
function countingStore(): AssignmentStore & { gets: number; sets: number } {
  const inner = memoryStore();
  const store = {
    gets: 0,
    sets: 0,
    get(experiment: string, unit: string, unitId: string, salt: string) {
      store.gets++;
      return inner.get(experiment, unit, unitId, salt);
    },
    set(experiment: string, unit: string, unitId: string, salt: string, variant: string) {
      store.sets++;
      inner.set(experiment, unit, unitId, salt, variant);
    },
  };
  return store;
}

describe('sticky experiments keep assigned units', () => {
  it('through a weight ramp 50/50 -> 90/10, where the hash alone moves about 40% of them', () => {
    const before = rulesetWith({});
    const after = rulesetWith({ variants: RAMPED });
    const client = server(before);
    const assigned = variants(client);
    client.setRuleset(after);
    expect(variants(client)).toEqual(assigned);

    // The same ramp without sticky moves the units whose bucket lies in [5000, 9000): the test means something.
    const plain = server(rulesetWith({ sticky: false }));
    const plainBefore = variants(plain);
    plain.setRuleset(rulesetWith({ sticky: false, variants: RAMPED }));
    const moved = variants(plain).filter((variant, i) => variant !== plainBefore[i]).length;
    expect(moved / ids.length).toBeGreaterThan(0.35);
    expect(moved / ids.length).toBeLessThan(0.45);
  });

  it('reports a kept variant the split would not give as SPLIT with rule "sticky" and no bucket', () => {
    const client = server(rulesetWith({}));
    const plain = server(rulesetWith({ sticky: false, variants: RAMPED }));
    const movedId = ids.find(
      (userID) => client.getExperiment('test', { userID }).variant !== plain.getExperiment('test', { userID }).variant,
    )!;
    const assigned = client.getExperiment('test', { userID: movedId }).variant;
    // A unit whose stored variant the ramped split still gives.
    const stayed = ids.find(
      (userID) => client.getExperiment('test', { userID }).variant === plain.getExperiment('test', { userID }).variant,
    )!;
    client.setRuleset(rulesetWith({ variants: RAMPED }));
    const details = client.getExperimentDetails('test', { userID: movedId });
    expect(details).toMatchObject({ value: assigned, reason: 'SPLIT', ruleId: 'sticky', unitId: movedId });
    expect(details.bucket).toBeUndefined();
    expect(client.getExperiment('test', { userID: movedId }).inExperiment).toBe(true);
    // It reads as a plain split, with its bucket.
    const plainRead = client.getExperimentDetails('test', { userID: stayed });
    expect(plainRead).toMatchObject({ reason: 'SPLIT', bucket: expect.any(Number) });
    expect(plainRead.ruleId).toBeUndefined();
  });

  it('gives units new after a ramp the new weights', () => {
    const client = server(rulesetWith({ variants: RAMPED }));
    const treated = variants(client).filter((variant) => variant === 'treatment').length;
    expect(treated / ids.length).toBeGreaterThan(0.07);
    expect(treated / ids.length).toBeLessThan(0.13);
  });

  it('through an allocation cut 100 -> 30, and admits no unit that was never assigned', () => {
    const client = server(rulesetWith({}));
    const first = ids.slice(0, 1000);
    const assigned = first.map((userID) => client.getExperiment('test', { userID }).variant);
    client.setRuleset(rulesetWith({ allocation: 30 }));
    expect(first.map((userID) => client.getExperiment('test', { userID }).variant)).toEqual(assigned);
    // Units first seen after the cut: about 30% enter.
    const later = ids.slice(1000).map((userID) => client.getExperimentDetails('test', { userID }));
    const entered = later.filter((details) => details.value !== null).length;
    expect(entered / later.length).toBeGreaterThan(0.25);
    expect(entered / later.length).toBeLessThan(0.35);
    expect(later.find((details) => details.value === null)?.reason).toBe('NOT_ALLOCATED');
  });

  it('through a layer slot that moves away from them', () => {
    const layered = (share: number): RulesetInput =>
      rulesetWith({}, { layers: { page: { experiments: [{ experiment: 'test', share }] } } });
    const client = server(layered(100));
    const assigned = variants(client);
    client.setRuleset(layered(20));
    expect(variants(client)).toEqual(assigned);
  });

  it('across account switches: u1 -> u2 -> u1 keeps what u1 was assigned (browser, default store)', () => {
    const plain = server(rulesetWith({ sticky: false }));
    const ramped = server(rulesetWith({ sticky: false, variants: RAMPED }));
    const u1 = ids.find(
      (userID) => plain.getExperiment('test', { userID }).variant !== ramped.getExperiment('test', { userID }).variant,
    )!;
    const browser = createBrowserClient({
      ruleset: rulesetWith({}),
      environment: 'browser',
      user: { userID: u1 },
      assignments: stickyAssignments(),
    });
    const assigned = browser.getExperiment('test').variant;
    browser.setRuleset(rulesetWith({ variants: RAMPED }));
    browser.setUser({ userID: 'someone-else' });
    browser.getExperiment('test');
    browser.setUser({ userID: u1 });
    expect(browser.getExperiment('test').variant).toBe(assigned);
    // And on the next page load, from localStorage.
    const next = createBrowserClient({
      ruleset: rulesetWith({ variants: RAMPED }),
      environment: 'browser',
      user: { userID: u1 },
      assignments: stickyAssignments(),
    });
    expect(next.getExperiment('test').variant).toBe(assigned);
  });
});

describe('what decides before the store', () => {
  /** A client whose store holds 'treatment' for every id in `ids`, written by reads under a treatment-only ruleset. */
  function allTreated(store?: AssignmentStore) {
    const client = server(
      rulesetWith({
        variants: [
          { key: 'control', weight: 0 },
          { key: 'treatment', weight: 100 },
        ],
      }),
      {},
      store,
    );
    expect(new Set(variants(client))).toEqual(new Set(['treatment']));
    return client;
  }

  it('a changed salt assigns afresh, and the store keeps the new assignment', () => {
    const store = memoryStore();
    const client = allTreated(store);
    client.setRuleset(rulesetWith({ salt: 'restarted' }));
    const fresh = variants(client);
    expect(new Set(fresh)).toEqual(new Set(['control', 'treatment']));
    expect(store.get('test', 'userID', 'user-0', 'restarted')).toBe(fresh[0]);
    client.setRuleset(rulesetWith({ salt: 'restarted', variants: RAMPED }));
    expect(variants(client)).toEqual(fresh);
  });

  it('a removed variant assigns afresh among those left', () => {
    const store = memoryStore();
    const client = allTreated(store);
    client.setRuleset(
      rulesetWith({
        variants: [
          { key: 'control', weight: 50 },
          { key: 'new', weight: 50 },
        ],
      }),
    );
    const fresh = variants(client);
    expect(new Set(fresh)).toEqual(new Set(['control', 'new']));
    expect(store.get('test', 'userID', 'user-0', 'test')).toBe(fresh[0]);
  });

  it('a stopped experiment serves its shipped variant (or none), and the store is not read', () => {
    const store = countingStore();
    const client = allTreated(store);
    const reads = store.gets;
    client.setRuleset(rulesetWith({ status: 'stopped', shipped: 'control' }));
    expect(client.getExperimentDetails('test', { userID: 'user-0' })).toMatchObject({
      value: 'control',
      reason: 'STATIC',
    });
    client.setRuleset(rulesetWith({ status: 'stopped' }));
    expect(client.getExperimentDetails('test', { userID: 'user-0' })).toMatchObject({
      value: null,
      reason: 'DISABLED',
    });
    // Ended by its schedule, likewise.
    client.setRuleset(rulesetWith({ endAt: '2020-01-01T00:00:00Z' }));
    expect(client.getExperimentDetails('test', { userID: 'user-0' })).toMatchObject({ reason: 'DISABLED' });
    expect(store.gets).toBe(reads);
  });

  it('a forced id, a holdout and targeting win over the store', () => {
    const client = allTreated();
    client.setRuleset(
      rulesetWith(
        { forced: { control: ['user-0'] }, when: { country: 'FR' } },
        { holdouts: { global: { percent: 100, experiments: ['test'] } } },
      ),
    );
    expect(client.getExperimentDetails('test', { userID: 'user-0' })).toMatchObject({
      value: 'control',
      reason: 'TARGETING_MATCH',
    });
    expect(client.getExperimentDetails('test', { userID: 'user-1' })).toMatchObject({
      value: null,
      reason: 'DEFAULT',
    });
    expect(client.getExperimentDetails('test', { userID: 'user-1', country: 'FR' })).toMatchObject({
      value: null,
      reason: 'HOLDOUT',
    });
    // Back in targeting, out of the holdout: the stored variant again, where the split now gives everyone control.
    client.setRuleset(
      rulesetWith({
        when: { country: 'FR' },
        variants: [
          { key: 'control', weight: 100 },
          { key: 'treatment', weight: 0 },
        ],
      }),
    );
    expect(client.getExperimentDetails('test', { userID: 'user-1', country: 'FR' })).toMatchObject({
      value: 'treatment',
      ruleId: 'sticky',
    });
  });

  it('an override wins, and an experiment not marked sticky never reads or writes the store', () => {
    const store = countingStore();
    const client = server(rulesetWith({ sticky: false }), {}, store);
    variants(client);
    expect([store.gets, store.sets]).toEqual([0, 0]);
    const sticky = server(rulesetWith({}), { overrides: { experiments: { test: 'control' } } }, store);
    expect(sticky.getExperimentDetails('test', { userID: 'user-0' }).reason).toBe('OVERRIDE');
    expect([store.gets, store.sets]).toEqual([0, 0]);
  });
});

describe('a store that fails', () => {
  it('never breaks a read: the ruleset decides, and the failure is reported once', () => {
    const errors: SplitkitError[] = [];
    const throwing: AssignmentStore = {
      get() {
        throw new Error('database down');
      },
      set() {
        throw new Error('database down');
      },
    };
    const client = server(rulesetWith({}), { onError: (error) => errors.push(error) }, throwing);
    const plain = server(rulesetWith({ sticky: false }));
    expect(variants(client)).toEqual(variants(plain));
    expect(errors.map((error) => [error.code, error.message])).toEqual([
      ['STORE_FAILED', 'sticky assignments: Error: database down'],
    ]);
  });

  it('serves the split when the store holds junk, and replaces it', () => {
    const junk = new Map<string, unknown>([
      ['user-0', 'no-such-variant'],
      ['user-1', { variant: 'treatment' }],
    ]);
    const store: AssignmentStore = {
      get: (_experiment, _unit, id) => junk.get(id) as string,
      set: (_experiment, _unit, id, _salt, variant) => void junk.set(id, variant),
    };
    const client = server(rulesetWith({}), {}, store);
    const plain = server(rulesetWith({ sticky: false }));
    for (const userID of ['user-0', 'user-1']) {
      const variant = plain.getExperiment('test', { userID }).variant;
      expect(client.getExperiment('test', { userID }).variant).toBe(variant);
      expect(junk.get(userID)).toBe(variant);
    }
  });
});

/** A page without identity consent, from `bootstrap`, with the default sticky store, reporting into `errors`. */
const pageWithout = (bootstrap: object, errors: unknown[]) =>
  createBrowserClient({
    bootstrap: bootstrap as never,
    environment: 'browser',
    identity: { persist: false },
    assignments: stickyAssignments(),
    onError: (error) => errors.push(error),
  });

/** A browser client for u1 with the default store of sticky assignments. */
const browser = (options: Partial<ClientOptions> = {}) =>
  createBrowserClient({
    ruleset: rulesetWith({}),
    environment: 'browser',
    user: { userID: 'u1' },
    assignments: stickyAssignments(),
    ...options,
  });

describe('the browser default store and consent', () => {
  const KEY = 'splitkit.assignment["test","userID","u1","test"]';
  const storedKeys = () => [...page.values.keys()].filter((key) => key.startsWith('splitkit.assignment'));

  it('persists to localStorage with consent (the default)', () => {
    const client = browser();
    const variant = client.getExperiment('test').variant;
    expect(storedKeys()).toEqual([KEY]);
    expect(page.values.get(KEY)).toBe(variant);
  });

  it('reads and writes nothing without consent, persists once granted, and erases when withdrawn', () => {
    const client = browser({ identity: { persist: false } });
    client.getExperiment('test');
    expect([...page.values.keys()]).toEqual([]);
    client.setIdentityConsent(true);
    const variant = client.getExperiment('test').variant;
    expect(page.values.get(KEY)).toBe(variant);
    // Another page's assignment, stored earlier, goes too; other keys stay.
    page.values.set('splitkit.assignment["other","userID","u1","other"]', 'a');
    client.setIdentityConsent(false);
    expect(storedKeys()).toEqual([]);
    client.getExperiment('test');
    expect(storedKeys()).toEqual([]);
  });

  it('does not read what an earlier visit stored while consent is missing', () => {
    page.values.set(KEY, 'x');
    const client = browser({
      ruleset: rulesetWith({
        variants: [
          { key: 'x', weight: 0 },
          { key: 'y', weight: 100 },
        ],
      }),
      identity: { persist: false },
    });
    expect(client.getExperiment('test').variant).toBe('y');
    client.setIdentityConsent(true);
    expect(client.getExperiment('test').variant).toBe('x');
    expect(storedKeys()).toEqual([KEY]);
  });

  it('keeps nothing without the assignments option: the hash alone assigns', () => {
    browser({ assignments: undefined }).getExperiment('test');
    expect(storedKeys()).toEqual([]);
  });

  it('with a store given, uses it whatever the consent, and erases nothing of it', () => {
    const storage = createMemoryStorage();
    const client = browser({
      identity: { persist: false },
      assignments: stickyAssignments(createAssignmentStore(storage)),
    });
    const variant = client.getExperiment('test').variant;
    expect(storage.get(KEY)).toBe(variant);
    client.setIdentityConsent(false);
    expect(storage.get(KEY)).toBe(variant);
    expect(storedKeys()).toEqual([]);
  });
});

describe('exposures', () => {
  it('carry the kept variant, with rule "sticky"', async () => {
    const batches: EventBatch[] = [];
    const store = memoryStore();
    const client = server(
      rulesetWith({}),
      {
        transport: async (batch) => {
          batches.push(batch);
          return { status: 200 };
        },
      },
      store,
    );
    const plain = server(rulesetWith({ sticky: false, variants: RAMPED }));
    const moved = ids.find(
      (userID) => client.getExperiment('test', { userID }).variant !== plain.getExperiment('test', { userID }).variant,
    )!;
    const assigned = store.get('test', 'userID', moved, 'test');
    client.setRuleset(rulesetWith({ variants: RAMPED }));
    client.getExperiment('test', { userID: moved });
    await client.flush();
    const exposures = batches
      .flatMap((batch) => batch.events)
      .filter((event): event is ExposureEvent => event.type === 'exposure' && event.units?.['userID'] === moved);
    expect(exposures.map((event) => [event.variant, event.reason, event.ruleId, event.bucket])).toEqual([
      [assigned, 'SPLIT', undefined, expect.any(Number)],
      [assigned, 'SPLIT', 'sticky', undefined],
    ]);
    await client.shutdown();
  });
});

describe('server rendering', () => {
  /** A server whose store kept every id of `ids` at 'treatment', now running 90/10. */
  function rampedServer() {
    const store = memoryStore();
    for (const userID of ids) store.set('test', 'userID', userID, 'test', 'treatment');
    return server(rulesetWith({ variants: RAMPED }), {}, store);
  }

  it("ruleset mode: the bootstrap carries the visitor's assignments and the page serves them, without consent", () => {
    const serverClient = rampedServer();
    const plain = server(rulesetWith({ sticky: false, variants: RAMPED }));
    const visitor = ids.find((userID) => plain.getExperiment('test', { userID }).variant === 'control')!;
    const bootstrap = JSON.parse(JSON.stringify(serverClient.snapshot({ userID: visitor }, { mode: 'ruleset' })));
    expect(bootstrap.assignments).toEqual({ [JSON.stringify(['test', 'userID', visitor, 'test'])]: 'treatment' });
    const page1 = createBrowserClient({
      bootstrap,
      environment: 'browser',
      identity: { persist: false },
      assignments: stickyAssignments(),
    });
    expect(page1.getExperimentDetails('test')).toMatchObject({ value: 'treatment', ruleId: 'sticky' });
    // Another user of the page gets no one else's assignment.
    expect(page1.getExperiment('test', { userID: 'user-0-other' }).variant).toBe(
      plain.getExperiment('test', { userID: 'user-0-other' }).variant,
    );
    expect([...page.values.keys()]).toEqual([]);
  });

  it("values mode: the page serves the server's values, then keeps them once a ruleset replaces the bootstrap", () => {
    const serverClient = rampedServer();
    const plain = server(rulesetWith({ sticky: false, variants: RAMPED }));
    const visitor = ids.find((userID) => plain.getExperiment('test', { userID }).variant === 'control')!;
    const bootstrap = JSON.parse(JSON.stringify(serverClient.snapshot({ userID: visitor })));
    const page1 = createBrowserClient({ bootstrap, environment: 'browser', assignments: stickyAssignments() });
    expect(page1.getExperiment('test').variant).toBe('treatment');
    page1.setRuleset(rulesetWith({ variants: RAMPED }));
    expect(page1.getExperimentDetails('test')).toMatchObject({ value: 'treatment', ruleId: 'sticky' });
    // The server's assignment is served from the bootstrap, not written into the page's own store.
    expect([...page.values.keys()].filter((key) => key.startsWith('splitkit.assignment'))).toEqual([]);
  });

  it('a bootstrap whose assignments are junk (a mangled page) never breaks a read, and is reported', () => {
    const plain = server(rulesetWith({ sticky: false }));
    const expected = plain.getExperiment('test', { userID: 'u1' }).variant;
    const entry = { [JSON.stringify(['test', 'userID', 'u1', 'test'])]: 7 };
    for (const assignments of [5, 'text', null, [], entry]) {
      const errors: unknown[] = [];
      const bootstrap = { splitkit: 1, mode: 'ruleset', user: { userID: 'u1' }, ruleset: rulesetWith({}), assignments };
      const page1 = pageWithout(bootstrap, errors);
      expect(page1.getExperiment('test').variant).toBe(expected);
      // An entry that is no variant key nor null is as good as none; assignments that are no object are reported.
      expect((errors as SplitkitError[]).map((error) => [error.code, error.message])).toEqual(
        assignments === entry ? [] : [['INVALID_OPTIONS', 'bootstrap.assignments: must be an object']],
      );
    }
  });

  it('a client without sticky assignments adds none to its snapshots', () => {
    const serverClient = createServerClient({ ruleset: rulesetWith({}), environment: 'server' });
    expect(serverClient.snapshot({ userID: 'u1' }, { mode: 'ruleset' })).not.toHaveProperty('assignments');
  });
});

describe('options', () => {
  it('refuse a store passed as it is, which would be ignored, naming the path', () => {
    expect(() =>
      createServerClient({ ruleset: {}, environment: 'server', assignments: memoryStore() as never }),
    ).toThrow(/assignments: expected stickyAssignments\(\)/);
  });
});

describe('splitkit/lite', () => {
  it('has no sticky assignments: it assigns by hash alone', () => {
    const lite = createLiteClient({ ruleset: rulesetWith({}) });
    const plain = server(rulesetWith({ sticky: false, variants: RAMPED }));
    lite.setRuleset(rulesetWith({ variants: RAMPED }));
    expect(ids.map((userID) => lite.getExperiment('test', { userID }).variant)).toEqual(variants(plain));
  });
});

describe('server rendering after an allocation cut: the server decides, not the page store', () => {
  const CUT = rulesetWith({ allocation: 30 });
  const keyOf = (userID: string) => `splitkit.assignment${JSON.stringify(['test', 'userID', userID, 'test'])}`;
  /** A user the cut ruleset leaves out (NOT_ALLOCATED), whose page store kept 'treatment' from an earlier visit. */
  function leftOut() {
    const plain = server(rulesetWith({ sticky: false, allocation: 30 }));
    const userID = ids.find((id) => plain.getExperimentDetails('test', { userID: id }).reason === 'NOT_ALLOCATED')!;
    page.values.set(keyOf(userID), 'treatment');
    return userID;
  }

  it("ruleset mode: the server's none (recorded as null) is served, and the page store is left as it is", () => {
    const userID = leftOut();
    const serverClient = server(CUT);
    const bootstrap = JSON.parse(JSON.stringify(serverClient.snapshot({ userID }, { mode: 'ruleset' })));
    expect(bootstrap.assignments).toEqual({ [JSON.stringify(['test', 'userID', userID, 'test'])]: null });
    const page1 = createBrowserClient({ bootstrap, environment: 'browser', assignments: stickyAssignments() });
    expect(page1.getExperimentDetails('test')).toMatchObject({ value: null, reason: 'NOT_ALLOCATED' });
    expect(page.values.get(keyOf(userID))).toBe('treatment');
  });

  it('values mode with a bundled ruleset: the values answer, then the recorded null once a ruleset replaces them', () => {
    const userID = leftOut();
    const bootstrap = JSON.parse(JSON.stringify(server(CUT).snapshot({ userID })));
    const page1 = createBrowserClient({
      bootstrap,
      ruleset: CUT,
      environment: 'browser',
      assignments: stickyAssignments(),
    });
    expect(page1.getExperimentDetails('test')).toMatchObject({ value: null, reason: 'NOT_ALLOCATED' });
    page1.setRuleset(rulesetWith({ allocation: 30 }));
    expect(page1.getExperimentDetails('test')).toMatchObject({ value: null, reason: 'NOT_ALLOCATED' });
    expect(page.values.get(keyOf(userID))).toBe('treatment');
  });

  it("values mode from a server without sticky assignments: the values bootstrap's answer is final", () => {
    const userID = leftOut();
    const plainServer = createServerClient({ ruleset: CUT, environment: 'server' });
    const bootstrap = JSON.parse(JSON.stringify(plainServer.snapshot({ userID })));
    expect(bootstrap).not.toHaveProperty('assignments');
    const page1 = createBrowserClient({
      bootstrap,
      ruleset: CUT,
      environment: 'browser',
      assignments: stickyAssignments(),
    });
    expect(page1.getExperimentDetails('test')).toMatchObject({ value: null, reason: 'NOT_ALLOCATED' });
  });
});

describe('the browser default store: what it erases, refuses and prunes', () => {
  it("withdrawn consent erases the SDK's assignments only, not app keys that share the prefix", () => {
    page.values.set('splitkit.assignmentHistory', '[]');
    page.values.set('splitkit.assignments-app-backup', '{}');
    const client = browser();
    client.getExperiment('test');
    client.setIdentityConsent(false);
    expect([...page.values.keys()].filter((key) => key.startsWith('splitkit.assignment')).sort()).toEqual([
      'splitkit.assignmentHistory',
      'splitkit.assignments-app-backup',
    ]);
  });

  it('a full localStorage is reported once (STORE_FAILED), and not asked again on every read', () => {
    const writes: string[] = [];
    const setItem = page.localStorage.setItem;
    page.localStorage.setItem = (key: string, value: string) => {
      if (!key.startsWith('splitkit.assignment[')) return setItem(key, value);
      writes.push(key);
      throw new DOMException('full', 'QuotaExceededError');
    };
    try {
      const errors: SplitkitError[] = [];
      const client = browser({ onError: (error) => errors.push(error) });
      const variants = Array.from({ length: 5 }, () => client.getExperiment('test').variant);
      expect(new Set(variants).size).toBe(1);
      expect(writes).toHaveLength(1);
      expect(errors.map((error) => error.code)).toEqual(['STORE_FAILED']);
      expect(errors[0]!.message).toMatch(/^sticky assignments: .*refused/);
    } finally {
      page.localStorage.setItem = setItem;
    }
  });

  it("prunes, when the app's own ruleset comes into use, entries not sticky in it or under another salt", () => {
    const kept = 'splitkit.assignment["test","userID","u0","test"]';
    page.values.set(kept, 'control');
    page.values.set('splitkit.assignment["test","userID","u0","old-salt"]', 'control');
    page.values.set('splitkit.assignment["gone","userID","u0","gone"]', 'a');
    page.values.set('splitkit.assignment["other","sessionID","s1","other"]', 'a');
    page.values.set('splitkit.assignmentHistory', '[]');
    const ruleset = rulesetWith({});
    ruleset.experiments!.other = { ...ruleset.experiments!.test!, sticky: false };
    const client = browser({ ruleset });
    client.getExperiment('test');
    expect([...page.values.keys()].sort()).toEqual(
      [
        'splitkit.assignmentHistory',
        kept,
        'splitkit.assignment["test","userID","u1","test"]',
        'splitkit.deviceID',
      ].sort(),
    );
  });

  it("prunes once a source's ruleset is in use, not under the bootstrap it replaces", async () => {
    const old = 'splitkit.assignment["gone","userID","u0","gone"]';
    page.values.set(old, 'a');
    const bootstrap = { splitkit: 1, mode: 'ruleset', user: { userID: 'u1' }, ruleset: rulesetWith({}) } as const;
    const client = browser({
      ruleset: undefined,
      bootstrap,
      source: {
        url: 'https://flags.test/ruleset.json',
        cache: false,
        pollIntervalMs: 0,
        fetch: async () => new Response(JSON.stringify(rulesetWith({ salt: 'test' })), { status: 200 }),
      },
    });
    client.getExperiment('test');
    expect(page.values.get(old)).toBe('a');
    expect(await client.ready()).toBe('network');
    client.getExperiment('test');
    expect(page.values.has(old)).toBe(false);
    expect(page.values.has('splitkit.assignment["test","userID","u1","test"]')).toBe(true);
    await client.shutdown();
  });

  it('prunes when a 304 makes the cached ruleset current, not while it is only the cache', async () => {
    const url = 'https://flags.test/ruleset.json';
    const first = browser({
      ruleset: undefined,
      source: {
        url,
        pollIntervalMs: 0,
        fetch: async () => new Response(JSON.stringify(rulesetWith({})), { status: 200, headers: { ETag: '"r1"' } }),
      },
    });
    expect(await first.ready()).toBe('network');
    await first.shutdown();
    const old = 'splitkit.assignment["gone","userID","u0","gone"]';
    page.values.set(old, 'a');
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const conditional: string[] = [];
    const next = browser({
      ruleset: undefined,
      source: {
        url,
        pollIntervalMs: 0,
        fetch: async (_input, init) => {
          conditional.push(new Headers(init?.headers).get('If-None-Match') ?? '');
          await answered;
          return new Response(null, { status: 304 });
        },
      },
    });
    // Served from the cache: the entries may be newer than it, so nothing is pruned.
    expect(next.status().origin).toBe('cache');
    next.getExperiment('test');
    expect(page.values.get(old)).toBe('a');
    answer();
    expect(await next.ready()).toBe('network');
    expect(conditional).toEqual(['"r1"']);
    next.getExperiment('test');
    expect(page.values.has(old)).toBe(false);
    await next.shutdown();
  });

  it('does not prune under a cached or bootstrap ruleset, nor a store the app gives', () => {
    const old = 'splitkit.assignment["gone","userID","u0","gone"]';
    page.values.set(old, 'a');
    const bootstrap = { splitkit: 1, mode: 'ruleset', user: { userID: 'u1' }, ruleset: rulesetWith({}) } as const;
    browser({ ruleset: undefined, bootstrap }).getExperiment('test');
    expect(page.values.get(old)).toBe('a');
    const storage = createMemoryStorage();
    storage.set(old, 'a');
    browser({ assignments: stickyAssignments(createAssignmentStore(storage)) }).getExperiment('test');
    expect(storage.get(old)).toBe('a');
  });
});

describe('reads ask the store once per assignment', () => {
  it('until the ruleset changes or consent is withdrawn', () => {
    const store = countingStore();
    const client = server(rulesetWith({}), {}, store);
    for (let i = 0; i < 100; i++) client.getExperiment('test', { userID: 'u1' });
    expect([store.gets, store.sets]).toEqual([1, 1]);
    client.setRuleset(rulesetWith({ variants: RAMPED }));
    for (let i = 0; i < 100; i++) client.getExperiment('test', { userID: 'u1' });
    expect([store.gets, store.sets]).toEqual([2, 1]);
    client.setIdentityConsent(false);
    client.getExperiment('test', { userID: 'u1' });
    expect(store.gets).toBe(3);
  });
});

describe('the memo of looked-up assignments', () => {
  it('holds at most 1000 units: past them it starts again, and a unit read before is asked again', () => {
    const store = countingStore();
    const client = server(rulesetWith({}), {}, store);
    for (let i = 0; i < 1000; i++) client.getExperiment('test', { userID: `u${i}` });
    client.getExperiment('test', { userID: 'u0' });
    expect(store.gets).toBe(1000);
    client.getExperiment('test', { userID: 'u1000' });
    expect(store.gets).toBe(1001);
    client.getExperiment('test', { userID: 'u0' });
    expect(store.gets).toBe(1002);
    // What it served is what the store holds, memo or not.
    expect(client.getExperiment('test', { userID: 'u0' }).variant).toBe(store.get('test', 'userID', 'u0', 'test'));
  });
});

describe('bootstrap.assignments and the ruleset are read quietly', () => {
  it('a bootstrap whose assignments getter throws is reported, and createClient returns a client that reads', () => {
    const errors: SplitkitError[] = [];
    const bootstrap = { splitkit: 1, mode: 'ruleset', user: { userID: 'u1' }, ruleset: rulesetWith({}) };
    Object.defineProperty(bootstrap, 'assignments', {
      enumerable: true,
      get() {
        throw new Error('proxy get');
      },
    });
    const page1 = pageWithout(bootstrap, errors);
    const plain = server(rulesetWith({ sticky: false }));
    expect(page1.getExperiment('test').variant).toBe(plain.getExperiment('test', { userID: 'u1' }).variant);
    expect(errors.map((error) => [error.code, error.message])).toEqual([
      ['INVALID_OPTIONS', 'bootstrap.assignments: Error: proxy get'],
    ]);
  });

  it('assignments that throw when listed (a Proxy) are reported as such, once, not as a store failure', () => {
    const errors: SplitkitError[] = [];
    const assignments = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('proxy keys');
        },
      },
    );
    const bootstrap = { splitkit: 1, mode: 'ruleset', user: { userID: 'u1' }, ruleset: rulesetWith({}), assignments };
    const page1 = pageWithout(bootstrap, errors);
    page1.getExperiment('test');
    page1.getExperiment('test', { userID: 'u2' });
    expect(errors.map((error) => [error.code, error.message])).toEqual([
      ['INVALID_OPTIONS', 'bootstrap.assignments: Error: proxy keys'],
    ]);
  });

  it('a read that is no result of the split does not look the experiment up', () => {
    const errors: SplitkitError[] = [];
    const ruleset = rulesetWith({ when: { country: 'NZ' } });
    const client = server(ruleset, { validate: false, onError: (error) => errors.push(error) });
    const experiments = ruleset.experiments;
    Object.defineProperty(ruleset, 'experiments', {
      get() {
        throw new Error('ruleset get');
      },
    });
    try {
      expect(client.getExperimentDetails('test', { userID: 'u1', country: 'DE' }).reason).toBe('DEFAULT');
      expect(errors).toEqual([]);
    } finally {
      Object.defineProperty(ruleset, 'experiments', { value: experiments });
    }
  });
});
