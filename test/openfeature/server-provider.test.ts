import { afterEach, describe, expect, it } from 'vitest';
import {
  OpenFeature,
  ProviderEvents,
  type EvaluationDetails,
  type EventDetails,
  type FlagValue,
  type Hook,
} from '@openfeature/server-sdk';
import { createClient } from '../../src/index.js';
import { contextToUser, SplitkitServerProvider } from '../../src/openfeature/index.js';
import { providerRuleset, recordingClient, userAt } from './fixture.js';

afterEach(async () => {
  await OpenFeature.clearProviders();
  OpenFeature.clearHooks();
});

async function openFeatureClient(ruleset: unknown = providerRuleset) {
  const recording = recordingClient(ruleset);
  await OpenFeature.setProviderAndWait(new SplitkitServerProvider(recording.client));
  return { ...recording, of: OpenFeature.getClient() };
}

describe('SplitkitServerProvider with @openfeature/server-sdk', () => {
  it('equals the direct read for 10,000 users, for gates, experiments and every parameter type', async () => {
    const { client, of } = await openFeatureClient();
    const seen = { gateOn: 0, red: 0, blue: 0, notAllocated: 0, canada: 0 };
    for (let i = 0; i < 10_000; i++) {
      const user = userAt(i);
      const context = { targetingKey: user.userID, ...user };

      const gate = await of.getBooleanDetails('new_checkout', false, context);
      const directGate = client.getGateDetails('new_checkout', user);
      expect(gate.value).toBe(directGate.value);
      expect(gate.reason).toBe(directGate.reason);
      expect(gate.variant).toBe(directGate.value ? 'on' : 'off');
      expect(gate.flagMetadata['ruleId']).toBe(directGate.ruleId);
      expect(gate.flagMetadata['bucket']).toBe(directGate.bucket);
      if (gate.value) seen.gateOn++;

      const experiment = await of.getStringDetails('button_color', 'control', context);
      const direct = client.getExperimentDetails('button_color', user);
      expect(experiment.value).toBe(direct.value ?? 'control');
      expect(experiment.variant).toBe(direct.value ?? undefined);
      expect(experiment.flagMetadata['reason']).toBe(direct.reason);
      if (direct.value === 'red') seen.red++;
      else if (direct.value === 'blue') seen.blue++;
      else {
        seen.notAllocated++;
        expect(experiment.reason).toBe('DEFAULT');
      }

      const threshold = await of.getNumberValue('free_shipping_threshold', 0, context);
      expect(threshold).toBe(client.getParam('free_shipping_threshold', 0, user));
      if (threshold === 75) seen.canada++;
      expect(await of.getStringValue('banner_text', '', context)).toBe(client.getParam('banner_text', '', user));
      expect(await of.getBooleanValue('dark_mode', false, context)).toBe(client.getParam('dark_mode', false, user));
      expect(await of.getObjectValue('layout', {}, context)).toStrictEqual(client.getParam('layout', {}, user));
    }
    // Every branch was reached, so the equalities above compared real answers.
    expect(seen.gateOn).toBeGreaterThan(1000);
    expect(seen.red).toBeGreaterThan(3000);
    expect(seen.blue).toBeGreaterThan(500);
    expect(seen.notAllocated).toBeGreaterThan(3000);
    expect(seen.canada).toBe(2000);
  });

  it('maps each error onto its OpenFeature code, with the default value', async () => {
    const { of } = await openFeatureClient();
    const context = { targetingKey: 'u1', country: 'US' };
    const notFound = await of.getBooleanDetails('no_such_flag', true, context);
    expect(notFound).toMatchObject({ value: true, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });

    // A key that names an entity of another type.
    expect(await of.getNumberDetails('new_checkout', 7, context)).toMatchObject({
      value: 7,
      reason: 'ERROR',
      errorCode: 'TYPE_MISMATCH',
    });
    expect(await of.getBooleanDetails('button_color', true, context)).toMatchObject({
      value: true,
      errorCode: 'TYPE_MISMATCH',
    });
    // A parameter of another JSON type than asked for.
    expect(await of.getStringDetails('free_shipping_threshold', 'x', context)).toMatchObject({
      value: 'x',
      errorCode: 'TYPE_MISMATCH',
    });
    expect(await of.getNumberDetails('banner_text', 1, context)).toMatchObject({
      value: 1,
      errorCode: 'TYPE_MISMATCH',
    });
    // A disabled gate is not an error.
    expect(await of.getBooleanDetails('kill_switch', true, context)).toMatchObject({
      value: false,
      reason: 'DISABLED',
    });
  });

  it("maps splitkit's other reasons onto OpenFeature's standard ones, keeping its own in the metadata", async () => {
    // Everyone held out of the experiment: the app's default, as for a user not allocated.
    const ruleset = structuredClone(providerRuleset) as typeof providerRuleset & { holdouts: unknown };
    ruleset.holdouts = { all: { percent: 100, experiments: ['button_color'] } };
    const { of, client } = await openFeatureClient(ruleset);
    const context = { targetingKey: 'u1', country: 'US' };
    const heldOut = await of.getStringDetails('button_color', 'control', context);
    expect(client.getExperimentDetails('button_color', { userID: 'u1' }).reason).toBe('HOLDOUT');
    expect(heldOut).toMatchObject({ value: 'control', reason: 'DEFAULT', flagMetadata: { reason: 'HOLDOUT' } });
    // No targeting key: the gate's unit is missing, so its default is served.
    expect(await of.getBooleanDetails('new_checkout', true, { country: 'US' })).toMatchObject({
      value: false,
      reason: 'DEFAULT',
      flagMetadata: { reason: 'UNIT_MISSING' },
    });
    // A local override is a static value.
    client.override({ gates: { new_checkout: true }, params: { banner_text: 'qa' } });
    expect(await of.getBooleanDetails('new_checkout', false, context)).toMatchObject({
      value: true,
      reason: 'STATIC',
      variant: 'on',
      flagMetadata: { reason: 'OVERRIDE' },
    });
    expect(await of.getStringDetails('banner_text', '', context)).toMatchObject({
      value: 'qa',
      reason: 'STATIC',
      flagMetadata: { reason: 'OVERRIDE' },
    });
  });

  it('reads PROVIDER_NOT_READY, not FLAG_NOT_FOUND, while the client has no ruleset; an override still answers', async () => {
    const errors: string[] = [];
    const client = createClient({
      environment: 'server',
      source: {
        url: 'https://flags.invalid/ruleset.json',
        cache: false,
        pollIntervalMs: 0,
        fetch: async () => {
          throw new Error('down');
        },
      },
      onError: (error) => errors.push(error.code),
    });
    const settled = OpenFeature.setProviderAndWait(new SplitkitServerProvider(client, { readyTimeoutMs: 50 })).then(
      () => 'resolved',
      () => 'rejected',
    );
    expect(await settled).toBe('rejected');
    const of = OpenFeature.getClient();
    expect(of.providerStatus).toBe('ERROR');
    const context = { targetingKey: 'u1' };
    for (const details of [
      await of.getBooleanDetails('new_checkout', true, context),
      await of.getStringDetails('button_color', 'control', context),
      await of.getNumberDetails('free_shipping_threshold', 50, context),
      await of.getObjectDetails('layout', { columns: 2 }, context),
    ])
      expect(details).toMatchObject({
        reason: 'ERROR',
        errorCode: 'PROVIDER_NOT_READY',
        errorMessage: expect.stringMatching(/no ruleset/),
      });
    client.override({ gates: { new_checkout: true } });
    expect(await of.getBooleanDetails('new_checkout', false, context)).toMatchObject({ value: true, reason: 'STATIC' });
    await client.shutdown();
  });

  it('is in ERROR and reads PARSE_ERROR while the ruleset given in code is rejected, as a direct read does', async () => {
    const { client, errors } = recordingClient({ gates: { g: { rules: 'not a list' } } });
    // No ruleset is in use: the client says so, and OpenFeature must not call the provider READY.
    expect(client.status().origin).toBe('none');
    await expect(OpenFeature.setProviderAndWait(new SplitkitServerProvider(client))).rejects.toThrow(/no ruleset/);
    const of = OpenFeature.getClient();
    expect(of.providerStatus).toBe('ERROR');
    const details = await of.getBooleanDetails('g', true, { targetingKey: 'u1' });
    expect(details).toMatchObject({ value: true, reason: 'ERROR', errorCode: 'PARSE_ERROR' });
    expect(client.getGateDetails('g', { userID: 'u1' }).errorCode).toBe('PARSE_ERROR');
    expect(errors.length).toBeGreaterThan(0);
  });

  it('gives hooks the same details a direct read has', async () => {
    const { of, client } = await openFeatureClient();
    const seen: EvaluationDetails<FlagValue>[] = [];
    const hook: Hook = { after: (_context, details) => void seen.push(details) };
    of.addHooks(hook);
    const user = userAt(14);
    await of.getBooleanValue('new_checkout', false, { targetingKey: user.userID, ...user });
    const direct = client.getGateDetails('new_checkout', user);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      flagKey: 'new_checkout',
      value: direct.value,
      reason: direct.reason,
      variant: 'on',
    });
    expect(seen[0]!.flagMetadata).toMatchObject({ kind: 'gate', reason: direct.reason, ruleId: direct.ruleId });
  });

  it('logs one exposure per unit like direct reads, and sends track() through the event pipeline', async () => {
    const { of, events } = await openFeatureClient();
    const context = { targetingKey: 'u7', email: 'u7@acme.com' };
    await of.getBooleanValue('new_checkout', false, context);
    await of.getBooleanValue('new_checkout', false, context);
    of.track('purchase', context, { value: 42, currency: 'EUR', when: new Date(0) });
    const sent = await events();
    const exposures = sent.filter((event) => event.type === 'exposure');
    expect(exposures).toHaveLength(1);
    expect(exposures[0]).toMatchObject({ name: 'new_checkout', units: { userID: 'u7' } });
    const custom = sent.find((event) => event.type === 'event');
    expect(custom).toMatchObject({
      name: 'purchase',
      value: 42,
      units: { userID: 'u7' },
      metadata: { currency: 'EUR', when: '1970-01-01T00:00:00.000Z' },
    });
  });

  it('maps the targeting key onto the unit attribute the app names', async () => {
    const recording = recordingClient();
    const provider = new SplitkitServerProvider(recording.client, { targetingKeyAttribute: 'deviceID' });
    const details = await provider.resolveBooleanEvaluation('new_checkout', false, {
      targetingKey: 'd1',
      userID: 'u1',
      email: 'a@acme.com',
    });
    expect(details.value).toBe(true);
    // The 20% rollout buckets by userID, which a device-keyed context does not have.
    const noUnit = await provider.resolveBooleanEvaluation('new_checkout', false, {
      targetingKey: 'd1',
      country: 'US',
    });
    expect(noUnit.flagMetadata?.['reason']).toBe('UNIT_MISSING');
    expect(
      contextToUser(
        { targetingKey: 'd1', plan: 'pro', at: new Date(0), bad: Number.NaN, nested: { n: [1, 'x'] } },
        'deviceID',
      ),
    ).toStrictEqual({ deviceID: 'd1', plan: 'pro', at: '1970-01-01T00:00:00.000Z', nested: { n: [1, 'x'] } });
  });

  it('hands out a copy of an object value: an app changing what it read changes no later read', async () => {
    const { of, client } = await openFeatureClient();
    const context = { targetingKey: 'u1', country: 'US' };
    const layout = (await of.getObjectValue('layout', {}, context)) as { columns: number };
    expect(layout).toStrictEqual({ columns: 3 });
    // Vendor-neutral code owns what a read returns (another provider's value is its own to change).
    layout.columns = 99;
    expect(await of.getObjectValue('layout', {}, context)).toStrictEqual({ columns: 3 });
    const fallback = (await of.getObjectValue('layout', {}, { targetingKey: 'u2', country: 'DE' })) as {
      columns: number;
    };
    fallback.columns = 0;
    expect(await of.getObjectValue('layout', {}, { targetingKey: 'u2', country: 'DE' })).toStrictEqual({ columns: 2 });
    expect(client.getParam('layout', {}, { userID: 'u1', country: 'US' })).toStrictEqual({ columns: 3 });
  });

  it('takes a numeric targeting key (untyped code, ids from a database) as a direct read takes a numeric userID', async () => {
    const { client } = recordingClient();
    const provider = new SplitkitServerProvider(client);
    expect(contextToUser({ targetingKey: 42, plan: 'pro' } as never, 'userID')).toStrictEqual({
      plan: 'pro',
      userID: 42,
    });
    let on = 0;
    for (let id = 0; id < 200; id++) {
      const details = await provider.resolveBooleanEvaluation('new_checkout', false, {
        targetingKey: id as never,
        country: 'US',
      });
      const direct = client.getGateDetails('new_checkout', { userID: id, country: 'US' });
      expect(details).toMatchObject({ value: direct.value, flagMetadata: { reason: direct.reason } });
      if (details.value) on++;
    }
    // The 20% rollout: some in, most out, none for want of a unit.
    expect(on).toBeGreaterThan(10);
    expect(on).toBeLessThan(100);
    // Not a finite number: no unit, as for a direct read.
    expect(contextToUser({ targetingKey: Number.NaN } as never, 'userID')).toStrictEqual({});
  });

  it('emits CONFIGURATION_CHANGED with the changed flag keys on a ruleset update, and nothing on a user change', async () => {
    const { client } = await openFeatureClient();
    const seen: EventDetails[] = [];
    OpenFeature.addHandler(ProviderEvents.ConfigurationChanged, (details) => void seen.push(details!));
    const updated = structuredClone(providerRuleset) as typeof providerRuleset & {
      params: { [name: string]: { default: unknown } };
    };
    updated.params['banner_text']!.default = 'hi';
    updated.gates!['kill_switch']!.enabled = true;
    expect(client.setRuleset(updated)).toBe(true);
    client.setUser({ userID: 'someone' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toHaveLength(1);
    expect([...((seen[0]!.flagsChanged as string[] | undefined) ?? [])].sort()).toStrictEqual([
      'banner_text',
      'kill_switch',
    ]);
    expect(await OpenFeature.getClient().getStringValue('banner_text', '', { targetingKey: 'u1' })).toBe('hi');
  });
  it('listens to the client again when a closed provider is set again', async () => {
    const { client } = recordingClient();
    const provider = new SplitkitServerProvider(client);
    await OpenFeature.setProviderAndWait(provider);
    await OpenFeature.clearProviders();
    await OpenFeature.setProviderAndWait(provider);
    const changed: unknown[] = [];
    const handler = (details?: EventDetails) => void changed.push(details?.flagsChanged);
    OpenFeature.addHandler(ProviderEvents.ConfigurationChanged, handler);
    const updated = structuredClone(providerRuleset) as typeof providerRuleset & {
      params: { [name: string]: { default: unknown } };
    };
    updated.params['banner_text']!.default = 'hi';
    expect(client.setRuleset(updated)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    OpenFeature.removeHandler(ProviderEvents.ConfigurationChanged, handler);
    expect(changed).toStrictEqual([['banner_text']]);
  });
});
