import { types } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { createClient as createLiteClient, LiteClient } from '../../src/lite.js';
import { createTestClient } from '../../src/testing/index.js';
import { SplitkitClient } from '../../src/client/client.js';
import { isSplitkitError, type SplitkitError } from '../../src/errors/index.js';
import { issueRuleset } from '../fixtures/issue-ruleset.js';

/** A Proxy whose every trap throws: reading, writing, listing or converting it fails. */
function throwingProxy(): object {
  const trap = () => {
    throw new Error('trap');
  };
  return new Proxy(
    {},
    {
      get: trap,
      set: trap,
      has: trap,
      ownKeys: trap,
      getOwnPropertyDescriptor: trap,
      getPrototypeOf: trap,
      defineProperty: trap,
      deleteProperty: trap,
    },
  );
}

function cyclic(): object {
  const value: { self?: unknown; list: unknown[] } = { list: [] };
  value.self = value;
  value.list.push(value);
  return value;
}

function deep(levels: number): object {
  let value: object = { userID: 'u' };
  for (let i = 0; i < levels; i++) value = { next: value, list: [value] };
  return value;
}

/** Values an untyped or careless caller may pass anywhere. */
const HOSTILE: [string, () => unknown][] = [
  ['null', () => null],
  ['undefined', () => undefined],
  ['a throwing Proxy', throwingProxy],
  ['a cyclic object', cyclic],
  ['a BigInt', () => 10n],
  ['a Symbol', () => Symbol('s')],
  ['3,000-deep nesting', () => deep(3000)],
  ['a null-prototype object', () => Object.create(null)],
  ['a function', () => () => {}],
  ['NaN', () => NaN],
  [
    'an object whose toString throws',
    () => ({
      toString: () => {
        throw new Error('toString');
      },
    }),
  ],
  ['an array of hostile values', () => [null, throwingProxy(), 1n, Symbol('t')]],
];

/** The public methods a client's class (and its ancestors) define, by name. */
function publicMethods(prototype: object): string[] {
  const names = new Set<string>();
  for (
    let current: object | null = prototype;
    current !== null && current !== Object.prototype;
    current = Object.getPrototypeOf(current) as object | null
  ) {
    for (const name of Object.getOwnPropertyNames(current)) {
      if (name !== 'constructor' && typeof Object.getOwnPropertyDescriptor(current, name)?.value === 'function')
        names.add(name);
    }
  }
  return [...names].sort();
}

interface Subject {
  client: object;
  errors: unknown[];
  /** A read that must still answer as usual after the hostile calls. */
  stillWorks(): void;
}

/** A client and its reports; after the hostile calls it must still take a ruleset and answer a read. */
function subject(client: LiteClient, errors: unknown[]): Subject {
  return {
    client,
    errors,
    stillWorks: () =>
      expect(
        client.setRuleset(issueRuleset) && client.checkGate('new_checkout', { userID: 'u', email: 'ann@acme.com' }),
      ).toBe(true),
  };
}

/** A full client on `environment` whose reports the test reads. */
function fullClient(options: Partial<Parameters<typeof createClient>[0]>): Subject {
  const errors: unknown[] = [];
  return subject(createClient({ ruleset: issueRuleset, onError: (error) => errors.push(error), ...options }), errors);
}

const SUBJECTS: [string, () => Subject][] = [
  [
    'LiteClient',
    () => {
      const errors: unknown[] = [];
      return subject(createLiteClient({ ruleset: issueRuleset, onError: (error) => errors.push(error) }), errors);
    },
  ],
  ['SplitkitClient (server)', () => fullClient({ environment: 'server' })],
  [
    'SplitkitClient (browser, with identity)',
    () => fullClient({ environment: 'browser', identity: { persist: false } }),
  ],
  [
    'createTestClient',
    () => {
      const client = createTestClient({ ruleset: issueRuleset });
      return subject(client, client.errors);
    },
  ],
];

describe('every public method of every client takes hostile arguments without throwing', () => {
  it('the methods enumerated are the API', () => {
    expect(publicMethods(LiteClient.prototype)).toEqual([
      'checkGate',
      'getExperiment',
      'getParam',
      'getUser',
      'setRuleset',
      'setUser',
    ]);
    expect(publicMethods(SplitkitClient.prototype)).toEqual(
      expect.arrayContaining([
        'clearOverrides',
        'flush',
        'getExperimentDetails',
        'getGateDetails',
        'getParamDetails',
        'getRuleset',
        'identify',
        'override',
        'setIdentityConsent',
        'setUser',
        'shutdown',
        'stats',
        'track',
      ]),
    );
  });

  it.each(SUBJECTS)(
    '%s',
    async (_, make) => {
      const subject = make();
      const methods = publicMethods(Object.getPrototypeOf(subject.client) as object);
      expect(methods.length).toBeGreaterThanOrEqual(6);
      const failures: string[] = [];
      for (const method of methods) {
        for (const [label, value] of HOSTILE) {
          // The hostile value in each argument position in turn, the others absent, then in all of them.
          const argumentLists = [0, 1, 2, 3].map((position) =>
            Array.from({ length: position + 1 }, (_, i) => (i === position ? value() : undefined)),
          );
          argumentLists.push([value(), value(), value(), value()]);
          for (const args of argumentLists) {
            try {
              const result: unknown = (subject.client as { [name: string]: (...args: unknown[]) => unknown })[method]!(
                ...args,
              );
              // (isPromise reads no property: a returned Proxy, e.g. getParam's fallback, must not trap here.)
              if (types.isPromise(result)) await result;
            } catch (error) {
              failures.push(`${method}(${label} at ${args.length - 1}): ${String((error as Error)?.message)}`);
            }
          }
        }
      }
      expect(failures).toEqual([]);
      // Whatever went wrong was reported as a SplitkitError, and something did go wrong (a hostile user's getter).
      expect(subject.errors.length).toBeGreaterThan(0);
      expect(subject.errors.filter((error) => !isSplitkitError(error))).toEqual([]);
      // The hostile calls left a usable client behind (setRuleset took some of them as empty rulesets).
      subject.stillWorks();
    },
    60_000,
  );

  it('shutdown(options whose timeoutMs cannot be read) delivers within the default timeout and stops the pipeline', async () => {
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const throwingGetter = {
      get timeoutMs(): number {
        throw new Error('bad');
      },
    };
    for (const options of [throwingProxy(), revoked.proxy, throwingGetter]) {
      const errors: SplitkitError[] = [];
      const sent: string[] = [];
      const client = createClient({
        ruleset: issueRuleset,
        environment: 'server',
        user: { userID: 'u1' },
        onError: (error) => errors.push(error),
        transport: async (batch) => {
          for (const event of batch.events) sent.push(String(event.name));
          return { status: 200 };
        },
      });
      client.track('before');
      const report = { delivered: true, undelivered: 0, dropped: 0 };
      await expect(client.shutdown(options as never)).resolves.toMatchObject(report);
      await expect(client.shutdown({ timeoutMs: 100 })).resolves.toMatchObject(report);
      // Stopped: a later event is dropped and reported, not delivered.
      client.track('after');
      await client.flush();
      expect(sent).toStrictEqual(['before']);
      expect(errors.map((error) => error.code)).toStrictEqual(['EVENTS_DROPPED']);
    }
  });

  it('setUser(null) and setUser(a throwing Proxy) are reported by the full client and bind no attributes', () => {
    for (const environment of ['server', 'browser'] as const) {
      const errors: SplitkitError[] = [];
      const client = createClient({
        ruleset: issueRuleset,
        environment,
        identity: { persist: false },
        onError: (error) => errors.push(error),
      });
      client.setUser({ userID: 'u', email: 'ann@acme.com' });
      expect(client.checkGate('new_checkout')).toBe(true);
      expect(() => client.setUser(null as never)).not.toThrow();
      expect(errors.map((error) => [error.code, error.message])).toContainEqual([
        'INVALID_OPTIONS',
        'setUser: the user must be an object, not null',
      ]);
      // Not the previous user's answer.
      expect(client.checkGate('new_checkout')).toBe(false);
      expect(() => client.setUser(throwingProxy() as never)).not.toThrow();
      expect(client.checkGate('new_checkout')).toBe(false);
      // The browser's identity reads the user's deviceID, which throws: reported. (On a server nothing reads it
      // until a read, whose conditions then fail: the user matches nothing.)
      if (environment === 'browser') expect(errors.map((error) => error.message)).toContain('setUser: Error: trap');
    }
    // After a bad user, a good one is bound as usual, with its identity link (no report about the bad one).
    const linked = createTestClient({ ruleset: issueRuleset });
    linked.setUser(null as never);
    linked.setUser({ userID: 'u', deviceID: 'd' });
    expect(linked.errors.map((error) => error.message)).toEqual(['setUser: the user must be an object, not null']);
    expect(linked.events.map((event) => event.type)).toEqual(['identify']);
    const lite = createLiteClient({ ruleset: issueRuleset });
    expect(() => lite.setUser(null as never)).not.toThrow();
    expect(lite.checkGate('new_checkout')).toBe(false);
  });
});
