import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRuleset, evaluateExperiment, evaluateGate, evaluateParam } from '../../src/eval/index.js';
import type { CompiledRuleset } from '../../src/eval/index.js';
import { createEvalRecord } from '../../src/eval/types.js';
import type { EvalRecord, Reason, User } from '../../src/eval/types.js';
import { SplitkitError } from '../../src/errors/index.js';
import { compile, gate } from './helpers.js';

const REASONS: Reason[] = [
  'TARGETING_MATCH',
  'SPLIT',
  'DEFAULT',
  'DISABLED',
  'ERROR',
  'STATIC',
  'HOLDOUT',
  'OVERRIDE',
  'NOT_ALLOCATED',
  'UNIT_MISSING',
];

const rich = compile({
  segments: { beta: { ids: ['u1', 7] }, adults: { when: { age: { $gte: 18 } } } },
  gates: {
    g: {
      rules: [
        { id: 'regex', when: { email: { $regex: '@acme\\.com$' } }, rollout: 30 },
        { id: 'version', when: { appVersion: { $vgte: '2.1.0' } }, segments: ['adults'] },
        { id: 'group', when: { userID: { $inGroup: 'beta' } }, requires: [{ gate: 'h', pass: false }] },
        {
          id: 'nested',
          when: { 'profile.tags': { $elemMatch: { $eq: 'x' } }, $or: [{ n: { $gt: 3 } }, { n: { $exists: false } }] },
          rollout: 50,
        },
      ],
    },
    h: { unit: 'deviceID', rules: [{ id: 'half', rollout: 50 }] },
  },
  experiments: {
    e: {
      variants: [
        { key: 'a', weight: 50 },
        { key: 'b', weight: 50 },
      ],
      allocation: 70,
      forced: { b: ['qa'] },
      when: { country: { $nin: ['XX'] } },
      endAt: '2100-01-01T00:00:00Z',
    },
    f: { unit: 'deviceID', variants: [{ key: 'only', weight: 100 }], requires: [{ gate: 'g', pass: true }] },
  },
  layers: { l: { experiments: [{ experiment: 'e', share: 60 }] } },
  holdouts: { ho: { percent: 5, gates: ['g'], experiments: ['e'], params: ['p'] } },
  params: { p: { default: 1, rules: [{ id: 'r', when: { plan: 'pro' }, value: 2, rollout: 50 }] } },
});

function throwingGetter(attribute = 'userID'): object {
  return Object.defineProperty({}, attribute, {
    enumerable: true,
    get: () => {
      throw new Error('boom');
    },
  });
}
const cyclic: Record<string, unknown> = { name: 'loop' };
cyclic.self = cyclic;
const revoked = Proxy.revocable({}, {});
revoked.revoke();

// fast-check inspects every value it generates, which a revoked or trapping proxy does not survive,
// so it generates recipes and the property builds the exotic values from them.
const trap = () =>
  new Proxy(
    {},
    {
      get: () => {
        throw new Error('trap');
      },
      has: () => {
        throw new Error('trap');
      },
      ownKeys: () => {
        throw new Error('trap');
      },
    },
  );
const exoticValues: (() => unknown)[] = [
  () => cyclic,
  () => Symbol('s'),
  () => () => 'fn',
  () => Number.NaN,
  () => Number.NEGATIVE_INFINITY,
  () => -0,
  () => 10n,
  () => '',
  () => '\ud800',
  () => 'x'.repeat(70000),
  () => revoked.proxy,
  trap,
  () => throwingGetter(),
  () => Object.create(null) as unknown,
];
const exoticUsers: (() => unknown)[] = [
  () => null,
  () => undefined,
  () => 42,
  () => 'user',
  () => [],
  () => throwingGetter(),
  () => throwingGetter('deviceID'),
  () => revoked.proxy,
  trap,
];

type ValueRecipe = { plain: unknown } | { exotic: number };
const valueRecipe: fc.Arbitrary<ValueRecipe> = fc.oneof(
  // Plausible ids and attribute values, so evaluation also gets past the unit and targeting checks.
  fc.record({
    plain: fc.oneof(
      fc.string({ minLength: 1 }),
      fc.integer(),
      fc.constantFrom('US', 'pro', '2.3.0', 'ann@acme.com', 'qa'),
    ),
  }),
  fc.record({
    plain: fc.anything({
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withSparseArray: true,
      withNullPrototype: true,
    }),
  }),
  fc.record({ exotic: fc.nat(exoticValues.length - 1) }),
);
const attributeName = fc.constantFrom(
  'userID',
  'deviceID',
  'email',
  'appVersion',
  'age',
  'country',
  'profile',
  'n',
  'plan',
  '__proto__',
  'constructor',
);
type UserRecipe = { attributes: [string, ValueRecipe][] } | { exoticUser: number };
const userRecipe: fc.Arbitrary<UserRecipe> = fc.oneof(
  fc.record({ attributes: fc.array(fc.tuple(attributeName, valueRecipe), { maxLength: 6 }) }),
  fc.record({ exoticUser: fc.nat(exoticUsers.length - 1) }),
);

function build(recipe: UserRecipe): unknown {
  if ('exoticUser' in recipe) return exoticUsers[recipe.exoticUser]!();
  const user: Record<string, unknown> = {};
  for (const [name, value] of recipe.attributes) {
    // defineProperty, so "__proto__" becomes an own attribute rather than the prototype.
    Object.defineProperty(user, name, {
      value: 'exotic' in value ? exoticValues[value.exotic]!() : value.plain,
      enumerable: true,
      configurable: true,
    });
  }
  return user;
}
const anyTime = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Date.parse('2099-12-31T23:59:59Z')),
);

function expectWellFormed(record: EvalRecord, out: EvalRecord): void {
  expect(record).toBe(out);
  expect(REASONS).toContain(record.reason);
  expect(record.bucket === -1 || (record.bucket >= 0 && record.bucket < 10000)).toBe(true);
  if (record.reason === 'ERROR') expect(record.errorCode).toBeDefined();
}

describe('evaluation never throws', () => {
  it('for arbitrary, hostile users, names and times', () => {
    const out = createEvalRecord();
    const seen = new Set<Reason>();
    fc.assert(
      fc.property(
        userRecipe,
        anyTime,
        fc.constantFrom('g', 'h', 'e', 'f', 'p', 'missing', '__proto__', 'constructor'),
        (recipe, now, name) => {
          const asUser = build(recipe) as User;
          const gateRecord = evaluateGate(rich, name, asUser, now, out);
          expectWellFormed(gateRecord, out);
          expect(typeof gateRecord.value).toBe('boolean');
          seen.add(gateRecord.reason);

          const experimentRecord = evaluateExperiment(rich, name, asUser, now, out);
          expectWellFormed(experimentRecord, out);
          const keys = name === 'e' ? ['a', 'b'] : ['only'];
          if (experimentRecord.value === null) expect(experimentRecord.variantIndex).toBe(-1);
          else expect(keys[experimentRecord.variantIndex]).toBe(experimentRecord.value);
          seen.add(experimentRecord.reason);

          const paramRecord = evaluateParam(rich, name, asUser, now, out);
          expectWellFormed(paramRecord, out);
          expect([1, 2, null]).toContain(paramRecord.value);
          seen.add(paramRecord.reason);
        },
      ),
      { numRuns: 1000 },
    );
    // The users are hostile but not all broken: real decisions were reached too.
    for (const reason of ['ERROR', 'SPLIT', 'DEFAULT', 'UNIT_MISSING'] as const) expect(seen).toContain(reason);
  });

  it('turns a throwing unit getter into ERROR / GENERAL with the documented default', () => {
    expect(gate(rich, 'h', throwingGetter('deviceID') as User)).toMatchObject({
      reason: 'ERROR',
      errorCode: 'GENERAL',
      value: false,
    });
    const out = createEvalRecord();
    expect(evaluateExperiment(rich, 'e', throwingGetter() as User, 0, out)).toMatchObject({
      reason: 'ERROR',
      errorCode: 'GENERAL',
      value: null,
      variantIndex: -1,
    });
    const revokedUser = revoked.proxy as User;
    expect(evaluateParam(rich, 'p', revokedUser, 0, out)).toMatchObject({
      reason: 'ERROR',
      errorCode: 'GENERAL',
      value: 1,
    });
    expect(out.errorMessage).toMatch(/^evaluation failed: /);
  });

  it("reads a condition that throws on the user's attributes as false, as evalCondition does", () => {
    const user = Object.defineProperty({ userID: 'u1' }, 'country', {
      enumerable: true,
      get: () => {
        throw new Error('boom');
      },
    }) as User;
    const out = createEvalRecord();
    expect(evaluateExperiment(rich, 'e', user, 0, out)).toMatchObject({ reason: 'DEFAULT', value: null });
    const targeted = compile({ gates: { t: { rules: [{ id: 'us', when: { country: 'US' } }, { id: 'rest' }] } } });
    expect(gate(targeted, 't', user)).toMatchObject({ reason: 'TARGETING_MATCH', value: true, ruleId: 'rest' });
  });

  it('survives a thrown value that is not an Error', () => {
    const user = Object.defineProperty({}, 'deviceID', {
      get: () => {
        throw Object.defineProperty({}, 'message', {
          get: () => {
            throw new Error('nested');
          },
        });
      },
    }) as User;
    expect(gate(rich, 'h', user)).toMatchObject({
      reason: 'ERROR',
      errorCode: 'GENERAL',
      errorMessage: 'evaluation failed: a non-Error value was thrown',
    });
  });

  it('reads a thrown Error whose message cannot be read as a non-Error, and a value that cannot be inspected at all', () => {
    const unreadable = Object.defineProperty(new Error('x'), 'message', {
      get: () => {
        throw new Error('nested');
      },
    });
    const opaque = new Proxy(
      {},
      {
        getPrototypeOf: () => {
          throw new Error('trap');
        },
        get: () => {
          throw new Error('trap');
        },
      },
    );
    for (const thrown of [unreadable, opaque]) {
      const user = Object.defineProperty({}, 'deviceID', {
        get: () => {
          throw thrown;
        },
      }) as User;
      expect(gate(rich, 'h', user)).toMatchObject({
        reason: 'ERROR',
        errorCode: 'GENERAL',
        errorMessage: 'evaluation failed: a non-Error value was thrown',
      });
    }
  });

  it("reports only the ruleset's own problems as PARSE_ERROR: an error thrown by user code is GENERAL, whatever it is", () => {
    const thrown = new SplitkitError('INVALID_RULESET', 'from a getter');
    const user = Object.defineProperty({}, 'deviceID', {
      get: () => {
        throw thrown;
      },
    }) as User;
    expect(gate(rich, 'h', user)).toMatchObject({
      reason: 'ERROR',
      errorCode: 'GENERAL',
      errorMessage: 'evaluation failed: from a getter',
    });
  });

  it('treats a non-object user as one with no attributes', () => {
    const c = compile({ gates: { all: { rules: [{ id: 'r' }] }, partial: { rules: [{ id: 'r', rollout: 50 }] } } });
    for (const user of [null, undefined, 42, 'u1']) {
      expect(gate(c, 'all', user as unknown as User)).toMatchObject({ value: true, reason: 'TARGETING_MATCH' });
      expect(gate(c, 'partial', user as unknown as User)).toMatchObject({ value: false, reason: 'UNIT_MISSING' });
    }
  });

  it('reports ERROR / GENERAL for something that is not a compiled ruleset', () => {
    const fake = { _usesTime: false } as CompiledRuleset;
    expect(gate(fake, 'g', { userID: 'u' })).toMatchObject({ reason: 'ERROR', errorCode: 'GENERAL', value: false });
  });

  it('stays correct when a getter re-enters evaluation on the same compiled ruleset (reentrancy)', () => {
    const plain = gate(rich, 'h', { deviceID: 'device-1' });
    let inner: EvalRecord | undefined;
    const user = {
      get deviceID() {
        inner = gate(rich, 'h', { deviceID: 'another-device-with-a-much-longer-id-é' });
        return 'device-1';
      },
    };
    expect(gate(rich, 'h', user)).toEqual(plain);
    expect(inner?.reason).toBe('SPLIT');
  });

  it('compiles an empty ruleset and evaluates against it', () => {
    const empty = compileRuleset({
      version: 1,
      gates: {},
      experiments: {},
      layers: {},
      holdouts: {},
      params: {},
      segments: {},
    });
    expect(gate(empty, 'g', {})).toMatchObject({ reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });
  });
});
