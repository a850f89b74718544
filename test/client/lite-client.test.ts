import { describe, expect, it } from 'vitest';
import { createClient as createLiteClient } from '../../src/lite.js';
import { createClient } from '../../src/index.js';
import type { SplitkitError } from '../../src/errors/index.js';
import type { RulesetInput } from '../../src/ruleset/normalize.js';

const ruleset: RulesetInput = {
  gates: { beta: { rules: [{ id: 'pro', when: { plan: 'pro' } }] } },
  experiments: {
    price: {
      variants: [
        { key: 'low', weight: 50, params: { amount: 9 } },
        { key: 'high', weight: 50, params: { amount: 19 } },
      ],
    },
  },
  params: {
    limit: { default: 10, rules: [{ id: 'pro', when: { plan: 'pro' }, value: 100 }] },
    label: { default: 'x' },
  },
};

function liteWithErrors(input: RulesetInput = ruleset) {
  const errors: SplitkitError[] = [];
  const client = createLiteClient({ ruleset: input, onError: (error) => errors.push(error) });
  return { client, errors };
}

describe('the lite client', () => {
  it('answers parameters like the full client, with the type check and its report', () => {
    const { client, errors } = liteWithErrors();
    const full = createClient({ ruleset, environment: 'server', onError: () => {} });
    const pro = { userID: 'u1', plan: 'pro' };
    expect(client.getParam('limit', 0, pro)).toBe(100);
    expect(client.getParam('limit', 0, { userID: 'u2' })).toBe(10);
    expect(client.getParam('limit', 0, pro)).toBe(full.getParam('limit', 0, pro));
    expect(client.getParam('label', 0, pro)).toBe(0);
    expect(client.getParam('label', 0, pro)).toBe(0);
    expect(client.getParam('missing', 'fallback')).toBe('fallback');
    expect(errors.map((error) => error.code)).toStrictEqual(['TYPE_MISMATCH', 'FLAG_NOT_FOUND']);
    expect(errors[0]?.message).toBe('param "label": is string, the fallback is number');
  });

  it('reads an experiment parameter from a ruleset whose variants have no params', () => {
    const { client } = liteWithErrors({ experiments: { e: { variants: [{ key: 'only', weight: 100 }] } } });
    const result = client.getExperiment('e', { userID: 'u1' });
    expect(result.variant).toBe('only');
    expect(result.params).toStrictEqual({});
    expect(result.get('color', 'gray')).toBe('gray');
  });

  it('has no overrides: they belong to the full client and splitkit/testing', () => {
    const { client } = liteWithErrors();
    expect('override' in client).toBe(false);
    expect('clearOverrides' in client).toBe(false);
  });

  it('takes a user and a clock at creation, and defaults to no user', () => {
    const client = createLiteClient({ ruleset, user: { userID: 'u1', plan: 'pro' }, now: () => 0 });
    expect(client.checkGate('beta')).toBe(true);
    expect(client.checkGate('beta', { userID: 'u2' })).toBe(false);
    expect(client.getUser()).toStrictEqual({ userID: 'u1', plan: 'pro' });
    expect(client.getParam('limit', 0)).toBe(100);
    expect(createLiteClient({ ruleset }).getUser()).toStrictEqual({});
  });

  it('switches users with setUser', () => {
    const { client } = liteWithErrors();
    client.setUser({ userID: 'u1', plan: 'pro' });
    expect(client.checkGate('beta')).toBe(true);
    expect(client.getUser()).toStrictEqual({ userID: 'u1', plan: 'pro' });
  });

  it('trusts a replacement ruleset, and keeps the current one when the replacement cannot be compiled', () => {
    const { client, errors } = liteWithErrors();
    expect(client.setRuleset({ gates: { fresh: {} } })).toBe(true);
    expect(client.checkGate('fresh')).toBe(false);
    expect(client.checkGate('beta')).toBe(false);
    expect(errors.at(-1)?.code).toBe('FLAG_NOT_FOUND');
    expect(client.setRuleset(null)).toBe(false);
    expect(errors.at(-1)?.code).toBe('INVALID_RULESET');
    expect(client.setRuleset({ gates: { fresh: { rules: [{ id: 'all' }] } } })).toBe(true);
    expect(client.checkGate('fresh', { userID: 'u' })).toBe(true);
  });

  it('given no options at all (an untyped caller), serves defaults instead of throwing', () => {
    const create = createLiteClient as (options?: unknown) => ReturnType<typeof createLiteClient>;
    for (const options of [undefined, null]) {
      const client = create(options);
      expect(client.checkGate('g')).toBe(false);
      expect(client.getExperiment('e').variant).toBeNull();
      expect(client.getParam('p', 7)).toBe(7);
    }
  });

  it('carries no details, events or identity (they live in the full client)', () => {
    const { client } = liteWithErrors();
    for (const method of ['getGateDetails', 'track', 'flush', 'shutdown', 'identify', 'getRuleset']) {
      expect(method in client, method).toBe(false);
    }
  });
});

describe('getRuleset on the full client', () => {
  it('gives the validated (normalized) ruleset in use, also after setRuleset', () => {
    const client = createClient({ ruleset, environment: 'server', onError: () => {} });
    expect(client.getRuleset().gates?.['beta']).toStrictEqual({
      unit: 'userID',
      enabled: true,
      salt: 'beta',
      rules: [{ id: 'pro', rollout: 100, salt: 'pro', unit: 'userID', when: { plan: 'pro' } }],
    });
    expect(client.setRuleset({ gates: { other: {} } })).toBe(true);
    expect(Object.keys(client.getRuleset().gates ?? {})).toStrictEqual(['other']);
    expect(client.setRuleset({ gates: 1 })).toBe(false);
    expect(Object.keys(client.getRuleset().gates ?? {})).toStrictEqual(['other']);
  });

  it('gives a trusted ruleset as it was given', () => {
    const client = createClient({ ruleset, validate: false, environment: 'server' });
    expect(client.getRuleset()).toBe(ruleset);
  });
});

describe('a trusted ruleset too malformed to compile', () => {
  it('serves defaults with PARSE_ERROR and reports it, in the full client and in lite', () => {
    const malformed = { gates: { g: null } } as unknown as RulesetInput;
    const errors: SplitkitError[] = [];
    const full = createClient({
      ruleset: malformed,
      validate: false,
      environment: 'server',
      onError: (error) => errors.push(error),
    });
    expect(full.checkGate('g', { userID: 'u' })).toBe(false);
    expect(full.getGateDetails('g', { userID: 'u' })).toMatchObject({ reason: 'ERROR', errorCode: 'PARSE_ERROR' });
    // As for a ruleset that failed validation: the read's report says the ruleset was rejected.
    expect(errors.map((error) => error.code)).toStrictEqual(['INVALID_RULESET', 'PARSE_ERROR']);
    // With an event pipeline too: its unit names come from the empty ruleset that replaced the malformed one.
    const withEvents = createClient({
      ruleset: malformed,
      validate: false,
      environment: 'server',
      transport: async () => ({ status: 200 }),
      onError: () => {},
    });
    expect(withEvents.checkGate('g', { userID: 'u' })).toBe(false);
    // Lite explains it the same way (one read path).
    const lite = liteWithErrors(malformed);
    expect(lite.client.checkGate('g', { userID: 'u' })).toBe(false);
    expect(lite.errors.map((error) => error.code)).toStrictEqual(['INVALID_RULESET', 'PARSE_ERROR']);
    expect(lite.errors[1]?.message).toMatch(/^gate "g": the ruleset was rejected: /);
    // Until a ruleset that compiles is in use: then an unknown name is just not found.
    expect(lite.client.setRuleset(ruleset)).toBe(true);
    expect(lite.client.checkGate('g', { userID: 'u' })).toBe(false);
    expect(lite.errors.at(-1)?.code).toBe('FLAG_NOT_FOUND');
  });
});
