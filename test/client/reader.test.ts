/**
 * The read path both clients share (src/client/reader.ts): the shared
 * experiment results, overrides and failures as reads and details see them,
 * the argument forms untyped callers pass, and a rejected ruleset's
 * explanation going away once a good one is in use.
 */
import { describe, expect, it, vi } from 'vitest';
import { createClient, type SplitkitError } from '../../src/index.js';
import { createClient as createLiteClient } from '../../src/lite.js';
import type { RulesetInput } from '../../src/ruleset/input.js';

const ruleset: RulesetInput = {
  gates: { everyone: { rules: [{ id: 'all' }] } },
  experiments: {
    price: {
      variants: [
        { key: 'low', weight: 50, params: { amount: 9 } },
        { key: 'high', weight: 50, params: { amount: 19 } },
      ],
    },
    stopped: { status: 'stopped', variants: [{ key: 'a', weight: 100 }] },
  },
  params: { limit: { default: 10 } },
};

function clients() {
  const errors: SplitkitError[] = [];
  const onError = (error: SplitkitError) => errors.push(error);
  return {
    errors,
    lite: createLiteClient({ ruleset, onError }),
    full: createClient({ ruleset, validate: false, environment: 'server', onError }),
  };
}

describe('experiment results', () => {
  it('are one frozen object per experiment, variant and reason, in both clients', () => {
    const { lite, full } = clients();
    for (const client of [lite, full]) {
      const split = client.getExperiment('price', { userID: 'u1' });
      expect(client.getExperiment('price', { userID: 'u1' })).toBe(split);
      expect(Object.isFrozen(split.params)).toBe(true);
      const disabled = client.getExperiment('stopped', { userID: 'u1' });
      expect(disabled).toMatchObject({ variant: null, reason: 'DISABLED', inExperiment: false });
      expect(client.getExperiment('stopped', { userID: 'u2' })).toBe(disabled);
      const missing = client.getExperiment('missing', { userID: 'u1' });
      expect(missing).toMatchObject({ variant: null, reason: 'ERROR', params: {} });
      expect(client.getExperiment('missing', { userID: 'u2' })).toBe(missing);
    }
  });

  it("of overrides are shared too, with the forced variant's params", () => {
    const { full } = clients();
    const split = full.getExperiment('price', { userID: 'u1' });
    full.override({ experiments: { price: 'high' } });
    const forced = full.getExperiment('price', { userID: 'u1' });
    expect(forced).toMatchObject({ variant: 'high', reason: 'OVERRIDE', inExperiment: false, params: { amount: 19 } });
    expect(full.getExperiment('price', { userID: 'u2' })).toBe(forced);
    expect(full.getExperimentDetails('price')).toMatchObject({ variant: 'high', reason: 'OVERRIDE' });
    // A variant the ruleset does not have: forced as given, without params (a new result per read).
    full.override({ experiments: { price: 'gone' } });
    expect(full.getExperiment('price')).toMatchObject({ variant: 'gone', reason: 'OVERRIDE', params: {} });
    // Forced to no variant: the shared result of no variant.
    full.override({ experiments: { price: null } });
    expect(full.getExperiment('price')).toBe(full.getExperiment('price', { userID: 'u2' }));
    expect(full.getExperiment('price')).toMatchObject({ variant: null, reason: 'OVERRIDE', params: {} });
    full.clearOverrides('experiments');
    expect(full.getExperiment('price', { userID: 'u1' })).toBe(split);
  });

  it('are built anew, with the new params, once a new ruleset is in use', () => {
    const { lite } = clients();
    const before = lite.getExperiment('price', { userID: 'u1' });
    const next = structuredClone(ruleset);
    next.experiments!['price']!.variants.forEach((variant) => (variant.params = { amount: 1 }));
    expect(lite.setRuleset(next)).toBe(true);
    const after = lite.getExperiment('price', { userID: 'u1' });
    expect(after).not.toBe(before);
    expect(after.variant).toBe(before.variant);
    expect(after.get('amount', 0)).toBe(1);
  });

  it('have no params for a name that is only on Object.prototype', () => {
    const { full } = clients();
    full.override({ experiments: { toString: 'x', ['__proto__']: 'y' } });
    expect(full.getExperiment('toString')).toMatchObject({ variant: 'x', params: {} });
    expect(full.getExperiment('__proto__')).toMatchObject({ variant: 'y', params: {} });
  });
});

describe('overrides', () => {
  it('are cleared by kind, by name, or all at once', () => {
    const { full } = clients();
    full.override({ gates: { everyone: false, other: true }, experiments: { price: 'low' }, params: { limit: 3 } });
    full.clearOverrides('gates', 'everyone');
    expect(full.checkGate('everyone', { userID: 'u' })).toBe(true);
    expect(full.checkGate('other')).toBe(true);
    full.clearOverrides('params');
    expect(full.getParam('limit', 0)).toBe(10);
    expect(full.getExperiment('price').reason).toBe('OVERRIDE');
    expect(full.checkGate('other')).toBe(true);
    full.clearOverrides();
    expect(full.getExperiment('price').reason).toBe('UNIT_MISSING');
    expect(full.checkGate('other')).toBe(false);
  });

  it('are cleared by the name reads use: an untyped name is read as its text on both sides', () => {
    const { full } = clients();
    full.override({ gates: { 5: true } });
    expect(full.checkGate(5 as unknown as string)).toBe(true);
    full.clearOverrides('gates', 5 as unknown as string);
    expect(full.getGateDetails(5 as unknown as string).reason).toBe('ERROR');
  });

  it('are explained by the details, without rule, unit or bucket', () => {
    const { full } = clients();
    full.override({ gates: { everyone: false }, experiments: { price: 'low' }, params: { limit: 3 } });
    expect(full.getGateDetails('everyone', { userID: 'u' })).toStrictEqual({
      kind: 'gate',
      name: 'everyone',
      value: false,
      variant: null,
      reason: 'OVERRIDE',
      exposure: false,
    });
    expect(full.getExperimentDetails('price', { userID: 'u' })).toStrictEqual({
      kind: 'experiment',
      name: 'price',
      value: 'low',
      variant: 'low',
      reason: 'OVERRIDE',
      exposure: false,
    });
    expect(full.getParamDetails('limit', 0)).toStrictEqual({
      kind: 'param',
      name: 'limit',
      value: 3,
      variant: null,
      reason: 'OVERRIDE',
      exposure: false,
    });
  });
});

describe('a read that throws inside', () => {
  // Attributes are read as own properties, so the trap throws on every way in.
  const fail = (): never => {
    throw new Error('trap');
  };
  const trap = new Proxy({}, { get: fail, ownKeys: fail, getOwnPropertyDescriptor: fail, has: fail });

  it('serves the default, reports GENERAL once, the code its details carry', () => {
    const { full, lite, errors } = clients();
    expect(lite.checkGate('everyone', trap)).toBe(false);
    expect(lite.getExperiment('price', trap)).toMatchObject({ variant: null, reason: 'ERROR' });
    // The parameter reads no attribute: the trap is its options.
    expect(lite.getParam('limit', 7, undefined, trap)).toBe(7);
    expect(lite.getParam('limit', 7, undefined, trap)).toBe(7);
    expect(errors.map((error) => [error.code, error.message])).toStrictEqual([
      ['GENERAL', 'gate "everyone": evaluation failed: trap'],
      ['GENERAL', 'experiment "price": evaluation failed: trap'],
      ['GENERAL', 'param "limit": evaluation failed: trap'],
    ]);
    expect(full.getParamDetails('limit', 7, undefined, trap)).toStrictEqual({
      kind: 'param',
      name: 'limit',
      value: 7,
      variant: null,
      reason: 'ERROR',
      errorCode: 'GENERAL',
      errorMessage: 'evaluation failed: trap',
      exposure: false,
    });
    expect(full.getExperimentDetails('price', trap)).toMatchObject({
      value: null,
      variant: null,
      reason: 'ERROR',
      errorCode: 'GENERAL',
    });
  });

  it('keeps nothing of the read before it: no params of an earlier variant, no rule, unit or exposure', () => {
    const { full, lite } = clients();
    for (const client of [lite, full]) {
      expect(client.getExperiment('price', { userID: 'u1' }).params).not.toStrictEqual({});
      const failed = client.getExperiment('price', trap);
      expect([failed.variant, failed.params, failed.reason, failed.inExperiment]).toStrictEqual([
        null,
        {},
        'ERROR',
        false,
      ]);
    }
    full.checkGate('everyone', { userID: 'u1' });
    expect(full.getGateDetails('everyone', trap)).toStrictEqual({
      kind: 'gate',
      name: 'everyone',
      value: false,
      variant: null,
      reason: 'ERROR',
      errorCode: 'GENERAL',
      errorMessage: 'evaluation failed: trap',
      exposure: false,
    });
  });
});

describe('a failing read whose onError reads the same client', () => {
  it("returns its own result, not the one the handler's read left in the shared record", () => {
    for (const create of [createLiteClient, createClient]) {
      const client: { getExperiment: ReturnType<typeof createLiteClient>['getExperiment'] } = create({
        ruleset,
        // An app's handler that reads a flag while it logs (its own read succeeds).
        onError: () => void client.getExperiment('price', { userID: 'u1' }),
      });
      const missing = client.getExperiment('missing', { userID: 'u1' });
      expect([missing.name, missing.variant, missing.reason, missing.params]).toStrictEqual([
        'missing',
        null,
        'ERROR',
        {},
      ]);
    }
  });
});

describe('the arguments of a read', () => {
  it('ignore what is neither a user nor options (untyped callers)', () => {
    const { lite } = clients();
    lite.setUser({ userID: 'bound' });
    const bound = lite.getExperiment('price');
    for (const junk of ['text', 5, true, null, undefined, () => {}]) {
      expect(lite.getExperiment('price', junk as never)).toBe(bound);
      expect(lite.getExperiment('price', undefined, junk as never)).toBe(bound);
    }
  });

  it('read the argument after the name as the user, whatever its attributes are called', () => {
    const errors: SplitkitError[] = [];
    const sent: unknown[] = [];
    const client = createClient({
      ruleset: { gates: { staff: { unit: 'user', rules: [{ id: 'staff', when: { exposure: 'staff' } }] } } },
      validate: false,
      environment: 'server',
      onError: (error) => errors.push(error),
      transport: async (batch) => {
        sent.push(...batch.events);
        return { status: 200 };
      },
    });
    client.setUser({ userID: 'bound' });
    // Attributes named like the old options' keys: key sniffing read this as options (the bound user, no exposure).
    const user = { user: 'ann', exposure: 'staff' };
    expect(client.checkGate('staff', user)).toBe(true);
    expect(client.getGateDetails('staff', user)).toMatchObject({
      value: true,
      reason: 'TARGETING_MATCH',
      unit: 'user',
    });
    expect(client.checkGate('staff')).toBe(false);
    expect(errors).toEqual([]);
    return client
      .flush()
      .then(() => expect(sent).toMatchObject([{ type: 'exposure', name: 'staff', units: { user: 'ann' } }]));
  });

  it('take options only after the user; undefined or null there means the bound user', () => {
    const { lite } = clients();
    lite.setUser({ userID: 'u1' });
    const u1 = lite.getExperiment('price');
    expect(lite.getExperiment('price', undefined, { exposure: false })).toBe(u1);
    expect(lite.getExperiment('price', null, { exposure: false })).toBe(u1);
    expect(lite.getExperiment('price', { userID: 'u1' }, { exposure: false })).toBe(u1);
  });
});

describe('a ruleset rejected at creation', () => {
  it('explains unknown names until a good ruleset is in use', () => {
    const errors: SplitkitError[] = [];
    const client = createClient({
      ruleset: { gates: 1 },
      environment: 'server',
      onError: (error) => errors.push(error),
    });
    expect(client.getGateDetails('everyone')).toMatchObject({ reason: 'ERROR', errorCode: 'PARSE_ERROR' });
    expect(errors.at(-1)?.message).toMatch(/^gate "everyone": the ruleset was rejected: Invalid ruleset:/);
    expect(client.getRuleset()).toStrictEqual({});
    expect(client.setRuleset({ gates: 2 })).toBe(false);
    expect(client.getGateDetails('everyone').errorCode).toBe('PARSE_ERROR');
    expect(client.setRuleset(ruleset)).toBe(true);
    expect(client.getRuleset()).toMatchObject({ gates: { everyone: { rules: [{ id: 'all' }] } } });
    expect(client.checkGate('everyone', { userID: 'u' })).toBe(true);
    expect(client.getGateDetails('missing')).toMatchObject({ reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });
  });
});

describe('reports without onError', () => {
  it('go to logger.warn, and a throwing logger does not break the read', () => {
    const warn = vi.fn();
    const lite = createLiteClient({ ruleset, logger: { debug() {}, info() {}, warn, error() {} } });
    expect(lite.checkGate('missing')).toBe(false);
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]?.[0]).toMatch(/^\[splitkit\] gate "missing": /);
    const throwing = createLiteClient({
      ruleset,
      logger: {
        debug() {},
        info() {},
        warn: () => {
          throw new Error('no console');
        },
        error() {},
      },
    });
    expect(throwing.getParam('missing', 1)).toBe(1);
  });
});
