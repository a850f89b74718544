import { describe, expect, it, vi } from 'vitest';
import { ConfigError, createClient, isSplitkitError, type SplitkitError } from '../../src/index.js';
import { issueRuleset } from '../fixtures/issue-ruleset.js';

function serverClient(extra: Partial<Parameters<typeof createClient>[0]> = {}) {
  const errors: SplitkitError[] = [];
  const client = createClient({
    ruleset: issueRuleset,
    environment: 'server',
    onError: (e) => errors.push(e),
    ...extra,
  });
  return { client, errors };
}

describe('createClient with the issue ruleset', () => {
  it('evaluates synchronously right after creation, bound to a user', () => {
    const client = createClient({
      ruleset: issueRuleset,
      environment: 'server',
      user: { userID: 'u1', email: 'u1@acme.com', deviceID: 'd1' },
    });
    expect(client.checkGate('new_checkout')).toBe(true);
    const experiment = client.getExperiment('button_color');
    expect(['red', 'blue']).toContain(experiment.variant);
    expect(experiment.get('color', '#000')).toBe(experiment.variant === 'red' ? '#d22' : '#22d');
  });

  it('takes a user per call (server style) without touching the bound user', () => {
    const { client } = serverClient();
    expect(client.checkGate('new_checkout', { userID: 'u2', email: 'x@acme.com' })).toBe(true);
    expect(client.checkGate('new_checkout', { userID: 'u2', country: 'FR' })).toBe(false);
    expect(client.getUser()).toEqual({});
  });

  it('explains a gate: rule, reason, unit and bucket', () => {
    const { client } = serverClient();
    const staff = client.getGateDetails('new_checkout', { userID: 'u3', email: 'u3@acme.com' });
    expect(staff).toMatchObject({
      value: true,
      reason: 'TARGETING_MATCH',
      ruleId: 'staff',
      kind: 'gate',
      name: 'new_checkout',
    });
    const na = client.getGateDetails('new_checkout', { userID: 'u3', country: 'US' });
    expect(na).toMatchObject({ reason: 'SPLIT', ruleId: 'north_america', unit: 'userID', unitId: 'u3' });
    expect(na.bucket).toBeGreaterThanOrEqual(0);
    expect(na.bucket).toBeLessThan(10000);
    expect(na.value).toBe((na.bucket as number) < 2000);
    const none = client.getGateDetails('new_checkout', { userID: 'u3', country: 'FR' });
    expect(none).toMatchObject({ value: false, reason: 'DEFAULT' });
    expect(none.ruleId).toBeUndefined();
  });

  it('explains an experiment and gives the same variant as getExperiment', () => {
    const { client } = serverClient();
    for (let i = 0; i < 50; i++) {
      const user = { deviceID: `device-${i}` };
      const details = client.getExperimentDetails('button_color', user);
      expect(details.reason).toBe('SPLIT');
      expect(details.variant).toBe(client.getExperiment('button_color', user).variant);
      expect(details.value).toBe(details.variant);
    }
  });

  it('returns the same shared result object for the same assignment (no allocation per read)', () => {
    const { client } = serverClient();
    const a = client.getExperiment('button_color', { deviceID: 'same' });
    const b = client.getExperiment('button_color', { deviceID: 'same' });
    expect(a).toBe(b);
    expect(Object.isFrozen(a)).toBe(true);
  });

  it('switches the bound user with setUser', () => {
    const client = createClient({ ruleset: issueRuleset, environment: 'server', user: { userID: 'a', country: 'FR' } });
    expect(client.checkGate('new_checkout')).toBe(false);
    client.setUser({ userID: 'a', email: 'a@acme.com' });
    expect(client.checkGate('new_checkout')).toBe(true);
  });
});

describe('never breaking the host app', () => {
  it('serves defaults with reason ERROR for unknown names and reports each once', () => {
    const { client, errors } = serverClient();
    expect(client.checkGate('nope', { userID: 'u' })).toBe(false);
    expect(client.checkGate('nope', { userID: 'u' })).toBe(false);
    expect(client.getGateDetails('nope')).toMatchObject({ value: false, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });
    expect(client.getExperiment('nope').variant).toBeNull();
    expect(client.getExperiment('nope').reason).toBe('ERROR');
    expect(client.getParam('nope', 7)).toBe(7);
    expect(errors.filter((e) => e.message.includes('"nope"')).map((e) => e.code)).toEqual([
      'FLAG_NOT_FOUND',
      'FLAG_NOT_FOUND',
      'FLAG_NOT_FOUND',
    ]);
  });

  it('does not throw on an invalid ruleset: reports it and serves defaults with PARSE_ERROR', () => {
    const errors: SplitkitError[] = [];
    const bad = { gates: { g: { rules: [{ id: 'r', rollout: 250 }] } } };
    const client = createClient({ ruleset: bad, environment: 'server', onError: (e) => errors.push(e) });
    expect(errors[0]).toBeInstanceOf(ConfigError);
    expect((errors[0] as ConfigError).issues.map((i) => i.path)).toContain('gates.g.rules[0].rollout');
    expect(client.getGateDetails('g', { userID: 'u' })).toMatchObject({
      value: false,
      reason: 'ERROR',
      errorCode: 'PARSE_ERROR',
    });
  });

  it('keeps the current ruleset when setRuleset gets a bad one', () => {
    const { client, errors } = serverClient();
    const user = { userID: 'u', email: 'u@acme.com' };
    expect(client.setRuleset({ gates: { new_checkout: { rules: 'nope' } } })).toBe(false);
    expect(errors.at(-1)).toBeInstanceOf(ConfigError);
    expect(client.checkGate('new_checkout', user)).toBe(true);
    expect(client.setRuleset({ gates: { new_checkout: { enabled: false } } })).toBe(true);
    expect(client.getGateDetails('new_checkout', user).reason).toBe('DISABLED');
  });

  it('serves the fallback and reports a type mismatch', () => {
    const { client, errors } = serverClient();
    const result = client.getExperiment('button_color', { deviceID: 'd' });
    expect(result.get('color', 0)).toBe(0);
    expect(errors.at(-1)?.code).toBe('TYPE_MISMATCH');
    expect(result.get('missing', 'x')).toBe('x');
    expect(result.get('color', null)).toMatch(/^#/);
  });

  it('survives a throwing onError', () => {
    const client = createClient({
      ruleset: issueRuleset,
      environment: 'server',
      onError: () => {
        throw new Error('boom');
      },
    });
    expect(client.checkGate('unknown')).toBe(false);
  });

  it('logs to the logger when there is no onError', () => {
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const client = createClient({ ruleset: issueRuleset, environment: 'server', logger });
    client.checkGate('missing_gate');
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('missing_gate'));
  });

  it('throws a ConfigError naming each invalid option', () => {
    let caught: unknown;
    try {
      createClient({ ruleset: issueRuleset, events: { batchSize: -1 }, identity: { persist: 'yes' } } as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect(isSplitkitError(caught)).toBe(true);
    const paths = (caught as ConfigError).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['events.batchSize', 'identity.persist']));
    expect(() => createClient({ ruleset: {}, colector: {} } as never)).toThrow(/colector/);
  });
});

describe('overrides', () => {
  it('force gates, variants and params with reason OVERRIDE, and can be cleared', () => {
    const { client } = serverClient();
    const user = { userID: 'u', deviceID: 'd', country: 'FR' };
    client.override({ gates: { new_checkout: true }, experiments: { button_color: 'blue' }, params: { limit: 3 } });
    expect(client.checkGate('new_checkout', user)).toBe(true);
    expect(client.getGateDetails('new_checkout', user).reason).toBe('OVERRIDE');
    const result = client.getExperiment('button_color', user);
    expect(result).toMatchObject({ variant: 'blue', reason: 'OVERRIDE', inExperiment: false });
    expect(result.get('color', '')).toBe('#22d');
    expect(client.getParam('limit', 0, user)).toBe(3);
    client.clearOverrides('gates', 'new_checkout');
    expect(client.checkGate('new_checkout', user)).toBe(false);
    client.clearOverrides();
    expect(client.getExperiment('button_color', user).reason).toBe('SPLIT');
  });

  it('show in every kind of details, exactly as the reads serve them', () => {
    const { client } = serverClient();
    const user = { userID: 'u', deviceID: 'd', country: 'FR' };
    client.override({ experiments: { button_color: 'blue', other: null }, params: { limit: 3, nothing: null } });
    expect(client.getExperimentDetails('button_color', user)).toEqual({
      kind: 'experiment',
      name: 'button_color',
      value: 'blue',
      variant: 'blue',
      reason: 'OVERRIDE',
      exposure: false,
    });
    expect(client.getExperimentDetails('other', user)).toMatchObject({
      value: null,
      variant: null,
      reason: 'OVERRIDE',
    });
    expect(client.getParamDetails('limit', 0, user)).toEqual({
      kind: 'param',
      name: 'limit',
      value: 3,
      variant: null,
      reason: 'OVERRIDE',
      exposure: false,
    });
    // A null override is a value, not a missing one: served when the fallback is null too.
    expect(client.getParamDetails('nothing', null, user)).toMatchObject({ value: null, reason: 'OVERRIDE' });
    // Like an evaluated value, a forced one of another JSON type than the fallback's serves the fallback.
    expect(client.getParamDetails('nothing', 7, user)).toMatchObject({
      value: 7,
      reason: 'ERROR',
      errorCode: 'TYPE_MISMATCH',
      errorMessage: 'is null, the fallback is number',
    });
    expect(client.getParam('limit', 'x', user)).toBe('x');
    expect(Object.isFrozen(client.getParamDetails('limit', 0, user))).toBe(true);
  });

  it('clear one kind, or one name of a kind, leaving the rest', () => {
    const { client } = serverClient();
    const user = { userID: 'u', deviceID: 'd', country: 'FR' };
    client.override({
      gates: { new_checkout: true },
      experiments: { button_color: 'blue' },
      params: { limit: 3, other: 4 },
    });
    client.clearOverrides('params', 'limit');
    expect(client.getParam('limit', 0, user)).toBe(0);
    expect(client.getParam('other', 0, user)).toBe(4);
    client.clearOverrides('params');
    expect(client.getParam('other', 0, user)).toBe(0);
    expect(client.checkGate('new_checkout', user)).toBe(true);
    expect(client.getExperiment('button_color', user).reason).toBe('OVERRIDE');
    client.clearOverrides('experiments', 'new_checkout');
    expect(client.checkGate('new_checkout', user)).toBe(true);
  });

  it('settle untyped values once, so reads and details agree', () => {
    const { client } = serverClient();
    const user = { userID: 'u', deviceID: 'd', country: 'FR' };
    const unforced = client.getParamDetails('limit', 0, user);
    client.override({ gates: { new_checkout: true }, params: { limit: 3 } });
    const unforcedVariant = client.getExperimentDetails('button_color', user);
    client.override({ experiments: { button_color: 'blue' } });
    // From untyped code (or an optional property left out): undefined clears an override of any kind, and
    // anything but true forces a gate false.
    client.override({
      gates: { new_checkout: undefined, other: 'yes' },
      experiments: { button_color: undefined, gone: null },
      params: { limit: undefined },
    } as never);
    expect(client.getParamDetails('limit', 0, user)).toEqual(unforced);
    expect(client.checkGate('new_checkout', user)).toBe(false);
    expect(client.getGateDetails('new_checkout', user).reason).not.toBe('OVERRIDE');
    expect(client.checkGate('other', user)).toBe(false);
    expect(client.getGateDetails('other', user)).toMatchObject({ value: false, reason: 'OVERRIDE' });
    expect(client.getExperimentDetails('button_color', user)).toEqual(unforcedVariant);
    expect(client.getExperiment('gone', user)).toMatchObject({ variant: null, reason: 'OVERRIDE' });
    expect(client.getExperimentDetails('gone', user)).toMatchObject({ value: null, variant: null, reason: 'OVERRIDE' });
  });

  it('refuse a map that is no object and a variant that is no string or null, with a report, at once', () => {
    const { client, errors } = serverClient();
    const user = { userID: 'u', deviceID: 'd', country: 'FR' };
    const started = performance.now();
    client.override({ gates: 'x'.repeat(1_000_000) } as never);
    client.override({ params: 'ab' } as never);
    client.override({ experiments: ['blue'] } as never);
    // Not one override of a character (`"0"`, `"1"`, …) was stored.
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(client.getGateDetails('0' as never, user).reason).not.toBe('OVERRIDE');
    expect(client.getParam('0' as never, 'z', user)).toBe('z');
    for (const variant of [5, { key: 'blue' }, true]) {
      client.override({ experiments: { button_color: variant } } as never);
      expect(client.getExperiment('button_color', user).reason).not.toBe('OVERRIDE');
    }
    const refusals = () => errors.filter((error) => error.code === 'INVALID_OPTIONS').map((error) => error.message);
    expect(refusals()).toStrictEqual([
      'override: gates: expected an object',
      'override: params: expected an object',
      'override: experiments: expected an object',
      ...Array(3).fill('override: experiment "button_color": expected a string or null'),
    ]);
    // A null map is no map, as before; good overrides still apply.
    client.override({ gates: null, experiments: { button_color: 'blue' } } as never);
    expect(client.getExperiment('button_color', user)).toMatchObject({ variant: 'blue', reason: 'OVERRIDE' });
    expect(refusals()).toHaveLength(6);
  });

  it('accept overrides at creation', () => {
    const client = createClient({
      ruleset: issueRuleset,
      environment: 'server',
      overrides: { gates: { new_checkout: true } },
    });
    expect(client.checkGate('new_checkout')).toBe(true);
  });
});

describe('schedules through the client', () => {
  it('reads the clock only for rulesets with schedules, and honours the window', () => {
    let now = Date.UTC(2026, 0, 1);
    const ruleset = {
      experiments: {
        launch: {
          startAt: '2026-02-01T00:00:00Z',
          endAt: '2026-03-01T00:00:00Z',
          variants: [{ key: 'a', weight: 100 }],
        },
      },
    };
    let reads = 0;
    const clock = () => (reads++, now);
    const client = createClient({ ruleset, environment: 'server', now: clock });
    expect(client.getExperiment('launch', { userID: 'u' })).toMatchObject({ variant: null, reason: 'DISABLED' });
    now = Date.UTC(2026, 1, 15);
    expect(client.getExperiment('launch', { userID: 'u' })).toMatchObject({ variant: 'a', reason: 'SPLIT' });
    now = Date.UTC(2026, 2, 1);
    expect(client.getExperiment('launch', { userID: 'u' }).reason).toBe('DISABLED');
    expect(reads).toBeGreaterThanOrEqual(3);

    const unscheduled = createClient({ ruleset: issueRuleset, environment: 'server', now: clock });
    const before = reads;
    unscheduled.checkGate('new_checkout', { userID: 'u' });
    unscheduled.getExperiment('button_color', { deviceID: 'd' });
    expect(reads).toBe(before);
  });
});
