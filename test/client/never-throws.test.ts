import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { issueRuleset } from '../fixtures/issue-ruleset.js';

// The issue's ruleset plus a parameter, so reads reach rules, rollouts and parameter values too.
const ruleset = {
  ...issueRuleset,
  params: { limit: { default: 1, rules: [{ id: 'ca', when: { country: 'CA' }, value: 2, rollout: 50 }] } },
};

const names = fc.oneof(
  { arbitrary: fc.constantFrom('new_checkout', 'button_color', 'limit'), weight: 3 },
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', ''),
  fc.string(),
  fc.anything() as fc.Arbitrary<string>,
);
const hostile = fc.oneof(
  fc.anything(),
  fc.constant(Object.create(null)),
  fc.constant(
    new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
        ownKeys() {
          throw new Error('trap');
        },
      },
    ),
  ),
  // Attributes that match the rules (so hostile unit ids reach bucketing) or anything at all.
  {
    arbitrary: fc.record({
      userID: fc.oneof(fc.string({ minLength: 1 }), fc.anything()),
      deviceID: fc.anything(),
      country: fc.oneof(fc.constantFrom('US', 'CA'), fc.anything()),
      email: fc.oneof(fc.constant('ann@acme.com'), fc.anything()),
    }),
    weight: 3,
  },
);

describe('reads never throw', () => {
  it('for any name, user and options', () => {
    const client = createClient({ ruleset, environment: 'server', onError: () => {} });
    const reasons = new Set<string>();
    fc.assert(
      fc.property(names, hostile, hostile, (name, user, options) => {
        expect(typeof client.checkGate(name, user as never, options as never)).toBe('boolean');
        const result = client.getExperiment(name, user as never, options as never);
        expect(result.variant === null || typeof result.variant === 'string').toBe(true);
        expect([1, 2]).toContain(client.getParam(name, 1, user as never));
        expect(client.getParamDetails(name, 1, user as never).reason).toBeTypeOf('string');
        const gate = client.getGateDetails(name, user as never);
        expect(gate.reason).toBeTypeOf('string');
        reasons.add(gate.reason);
        expect(client.getExperimentDetails(name, user as never).reason).toBeTypeOf('string');
      }),
      { numRuns: 2000 },
    );
    // The runs reached real decisions, not only errors and unknown names (each of these is expected tens of
    // times in 2,000 runs).
    expect([...reasons]).toEqual(expect.arrayContaining(['ERROR', 'SPLIT', 'TARGETING_MATCH', 'DEFAULT']));
  });

  it('for any ruleset given at creation or later', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (ruleset, later) => {
        const client = createClient({ ruleset, environment: 'server', onError: () => {} });
        expect(typeof client.checkGate('new_checkout', { userID: 'u' })).toBe('boolean');
        expect(typeof client.setRuleset(later)).toBe('boolean');
        const variant = client.getExperiment('button_color', { deviceID: 'd' }).variant;
        expect(variant === null || typeof variant === 'string').toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('names that cannot even be printed', () => {
  it('are read as unknown names, reported, and never throw', () => {
    const errors: string[] = [];
    const client = createClient({
      ruleset: issueRuleset,
      environment: 'server',
      onError: (e) => errors.push(e.message),
    });
    const unprintable = { toString: '' } as unknown as string;
    expect(client.checkGate(unprintable, { userID: 'u' })).toBe(false);
    expect(client.getExperiment(unprintable).variant).toBeNull();
    expect(client.getParam(unprintable, 3)).toBe(3);
    expect(client.getGateDetails(unprintable)).toMatchObject({ reason: 'ERROR', name: '[unprintable object]' });
    expect(errors.length).toBeGreaterThan(0);
  });
});
