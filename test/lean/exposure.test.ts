/**
 * `onExposure`: the lean client hands each exposure to the app once per unit,
 * entity, result, rule and reason; never for `{ exposure: false }` reads,
 * errors or results that are no exposure; what it throws is reported
 * (LISTENER_FAILED) and never reaches the read.
 */
import { describe, expect, it } from 'vitest';
import {
  createClient as createServerClient,
  type Bootstrap,
  type EvaluationDetails,
  type RulesetInput,
} from '../../src/index.js';
import { staticClient } from './helpers.js';

const ruleset: RulesetInput = {
  gates: {
    half: { rules: [{ id: 'fifty', rollout: 50 }] },
    staff: { rules: [{ id: 'acme', when: { email: { $regex: '@acme\\.com$' } } }] },
  },
  experiments: {
    color: {
      unit: 'deviceID',
      variants: [
        { key: 'red', weight: 50, params: { hex: '#d22' } },
        { key: 'blue', weight: 50, params: { hex: '#22d' } },
      ],
    },
  },
  params: { limit: { default: 10, rules: [{ id: 'pro', when: { plan: 'pro' }, value: 100 }] } },
};

/** A lean client on `ruleset` that records what it hands to onExposure and what it reports. */
function exposing(options: Parameters<typeof staticClient>[0] = {}) {
  const exposures: EvaluationDetails[] = [];
  const { client, errors } = staticClient({ ruleset, onExposure: (details) => exposures.push(details), ...options });
  return { client, errors, exposures };
}

const alice = { userID: 'alice', deviceID: 'd-alice', email: 'alice@acme.com', plan: 'pro' };
const bob = { userID: 'bob', deviceID: 'd-bob', email: 'bob@mail.test' };

describe('onExposure', () => {
  it('is called once per unit and result: two reads, one call; another user, another call', () => {
    const { client, exposures } = exposing();
    client.checkGate('staff', alice);
    client.checkGate('staff', alice);
    expect(exposures.map((e) => [e.name, e.unitId])).toEqual([['staff', 'alice']]);
    client.getExperiment('color', alice);
    client.getExperiment('color', alice);
    client.getExperiment('color', bob);
    client.getExperiment('color', bob);
    expect(exposures.map((e) => [e.name, e.unitId])).toEqual([
      ['staff', 'alice'],
      ['color', 'd-alice'],
      ['color', 'd-bob'],
    ]);
  });

  it('carries kind, name, value, variant, reason, ruleId, unit, unitId and bucket, as the full client details them', () => {
    const { client, exposures } = exposing();
    const full = createServerClient({ ruleset, environment: 'server' });
    client.checkGate('half', bob);
    client.getExperiment('color', bob);
    client.getParam('limit', 0, alice);
    const gate = full.getGateDetails('half', bob);
    const experiment = full.getExperimentDetails('color', bob);
    expect(exposures).toEqual([
      {
        kind: 'gate',
        name: 'half',
        value: gate.value,
        variant: null,
        reason: 'SPLIT',
        ruleId: 'fifty',
        unit: 'userID',
        unitId: 'bob',
        bucket: gate.bucket,
        exposure: true,
      },
      {
        kind: 'experiment',
        name: 'color',
        value: experiment.variant,
        variant: experiment.variant,
        reason: 'SPLIT',
        unit: 'deviceID',
        unitId: 'd-bob',
        bucket: experiment.bucket,
        exposure: true,
      },
      {
        kind: 'param',
        name: 'limit',
        value: 100,
        variant: null,
        reason: 'TARGETING_MATCH',
        ruleId: 'pro',
        unit: 'userID',
        unitId: 'alice',
        exposure: true,
      },
    ]);
    expect(typeof gate.bucket).toBe('number');
    // Handed over frozen: one listener cannot change what another (or a later read) sees.
    expect(Object.isFrozen(exposures[0])).toBe(true);
  });

  it('is never called for { exposure: false } reads; a later plain read is the exposure', () => {
    const { client, exposures } = exposing();
    expect(client.checkGate('staff', alice, { exposure: false })).toBe(true);
    expect(client.getExperiment('color', alice, { exposure: false }).variant).not.toBeNull();
    expect(client.getParam('limit', 0, alice, { exposure: false })).toBe(100);
    expect(exposures).toEqual([]);
    client.checkGate('staff', alice);
    expect(exposures.map((e) => e.name)).toEqual(['staff']);
  });

  it('is never called for errors: an unknown gate, a parameter of another type', () => {
    const { client, errors, exposures } = exposing();
    expect(client.checkGate('unknown', alice)).toBe(false);
    expect(client.getExperiment('unknown', alice).variant).toBeNull();
    // The rule matched, but the fallback's type differs: the fallback serves, and that is no exposure.
    expect(client.getParam('limit', 'text', alice)).toBe('text');
    expect(exposures).toEqual([]);
    expect(errors.map((e) => e.code)).toEqual(['FLAG_NOT_FOUND', 'FLAG_NOT_FOUND', 'TYPE_MISMATCH']);
  });

  it('is never called for a result no rule or split decided (the default)', () => {
    const { client, exposures } = exposing();
    expect(client.checkGate('staff', bob)).toBe(false);
    expect(client.getParam('limit', 0, bob)).toBe(10);
    expect(exposures).toEqual([]);
  });

  it('is called again when the same unit gets another result (a new ruleset)', () => {
    const { client, exposures } = exposing();
    client.checkGate('staff', alice);
    client.setRuleset({ ...ruleset, gates: { staff: { rules: [{ id: 'acme', rollout: 0 }] } } });
    client.checkGate('staff', alice);
    client.checkGate('staff', alice);
    expect(exposures.map((e) => [e.name, e.value, e.reason])).toEqual([
      ['staff', true, 'TARGETING_MATCH'],
      ['staff', false, 'SPLIT'],
    ]);
  });

  it("a values bootstrap's exposure is the server's result, handed over once when the page reads it", () => {
    const server = createServerClient({ ruleset, environment: 'server' });
    const bootstrap = JSON.parse(JSON.stringify(server.snapshot(bob))) as Bootstrap;
    const { client, exposures } = exposing({ ruleset: undefined, bootstrap });
    client.getExperiment('color');
    client.getExperiment('color');
    const expected = server.getExperimentDetails('color', bob);
    expect(exposures).toEqual([
      {
        kind: 'experiment',
        name: 'color',
        value: expected.variant,
        variant: expected.variant,
        reason: 'SPLIT',
        unit: 'deviceID',
        unitId: 'd-bob',
        bucket: expected.bucket,
        exposure: true,
      },
    ]);
  });

  it('what it throws is reported as LISTENER_FAILED, and the read still returns its value', () => {
    const thrown = [new Error('analytics down'), Symbol('odd'), null];
    const { client, errors } = staticClient({
      ruleset,
      onExposure: () => {
        throw thrown.shift();
      },
    });
    expect(client.checkGate('staff', alice)).toBe(true);
    expect(client.getExperiment('color', alice).get('hex', '')).toMatch(/^#/);
    expect(client.getParam('limit', 0, alice)).toBe(100);
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ['LISTENER_FAILED', 'onExposure threw: Error: analytics down'],
      ['LISTENER_FAILED', expect.stringContaining('onExposure threw')],
      ['LISTENER_FAILED', expect.stringContaining('onExposure threw')],
    ]);
  });

  it('a read made from inside onExposure works, and the outer read keeps its own result', () => {
    const inner: unknown[] = [];
    const seen: string[] = [];
    const { client } = staticClient({
      ruleset,
      onExposure(details) {
        seen.push(details.name);
        // Another entity, another user: the nested read must not disturb the outer one's record.
        if (details.name === 'color') inner.push(client.checkGate('half', bob), client.getParam('limit', 0, alice));
      },
    });
    const outer = client.getExperiment('color', alice);
    const expected = createServerClient({ ruleset, environment: 'server' }).getExperiment('color', alice);
    expect(outer.variant).toBe(expected.variant);
    expect(outer.params).toEqual(expected.params);
    expect(inner).toEqual([createServerClient({ ruleset, environment: 'server' }).checkGate('half', bob), 100]);
    // The nested reads are exposures too, handed over from inside the first.
    expect(seen).toEqual(['color', 'half', 'limit']);
  });

  it('dedupes per client: another client hands over the same exposure again', () => {
    const first = exposing();
    const second = exposing();
    first.client.checkGate('staff', alice);
    second.client.checkGate('staff', alice);
    expect(first.exposures).toHaveLength(1);
    expect(second.exposures).toHaveLength(1);
  });

  it('remembers at most 10,000 exposures, then starts over: memory stays bounded', () => {
    const { client, exposures } = exposing();
    for (let i = 0; i < 10_000; i++) client.getParam('limit', 0, { userID: `u${i}`, plan: 'pro' });
    expect(exposures).toHaveLength(10_000);
    client.getParam('limit', 0, { userID: 'u0', plan: 'pro' });
    expect(exposures).toHaveLength(10_000);
    // The 10,001st starts the memory over: the first unit's exposure is handed over again.
    client.getParam('limit', 0, { userID: 'u10000', plan: 'pro' });
    client.getParam('limit', 0, { userID: 'u0', plan: 'pro' });
    expect(exposures).toHaveLength(10_002);
  });
});

describe('holdouts', () => {
  it("hands over a unit held out of an experiment (reason HOLDOUT, variant null): the holdout's comparison group", () => {
    const exposures: EvaluationDetails[] = [];
    const { client } = staticClient({
      ruleset: {
        holdouts: { everyone: { percent: 100, experiments: ['color'] } },
        experiments: { color: ruleset.experiments!.color! },
      },
      onExposure: (details) => exposures.push(details),
    });
    expect(client.getExperiment('color', alice).variant).toBe(null);
    client.getExperiment('color', alice);
    expect(exposures).toEqual([
      expect.objectContaining({
        kind: 'experiment',
        name: 'color',
        variant: null,
        reason: 'HOLDOUT',
        holdout: 'everyone',
      }),
    ]);
  });
});
