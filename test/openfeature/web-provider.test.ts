import { afterEach, describe, expect, it } from 'vitest';
import { OpenFeature } from '@openfeature/web-sdk';
import { SplitkitWebProvider } from '../../src/openfeature/index.js';
import { recordingClient, userAt } from './fixture.js';

afterEach(async () => {
  await OpenFeature.clearProviders();
  await OpenFeature.clearContext();
});

describe('SplitkitWebProvider with @openfeature/web-sdk', () => {
  it('binds the context to the client and follows every context change (login) with the direct read', async () => {
    const { client } = recordingClient(undefined, 'browser');
    const first = userAt(1);
    await OpenFeature.setProviderAndWait(new SplitkitWebProvider(client), { targetingKey: first.userID, ...first });
    const of = OpenFeature.getClient();
    expect(client.getUser()).toMatchObject(first);

    let differences = 0;
    for (let i = 0; i < 1000; i++) {
      const user = userAt(i);
      await OpenFeature.setContext({ targetingKey: user.userID, ...user });
      expect(client.getUser()).toMatchObject(user);
      const gate = of.getBooleanDetails('new_checkout', false);
      expect(gate.value).toBe(client.checkGate('new_checkout', user));
      expect(gate.flagMetadata['reason']).toBe(client.getGateDetails('new_checkout', user).reason);
      const variant = of.getStringValue('button_color', 'control');
      expect(variant).toBe(client.getExperiment('button_color', user).variant ?? 'control');
      expect(of.getNumberValue('free_shipping_threshold', 0)).toBe(client.getParam('free_shipping_threshold', 0, user));
      if (variant !== of.getStringValue('button_color', 'control')) differences++;
    }
    expect(differences).toBe(0);
  });

  it('maps errors and never throws, and tracks for the bound user', async () => {
    const { client, events } = recordingClient(undefined, 'browser');
    await OpenFeature.setProviderAndWait(new SplitkitWebProvider(client), { targetingKey: 'u9', country: 'CA' });
    const of = OpenFeature.getClient();
    expect(of.getBooleanDetails('missing', true)).toMatchObject({
      value: true,
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
    });
    expect(of.getObjectDetails('new_checkout', { a: 1 })).toMatchObject({
      value: { a: 1 },
      errorCode: 'TYPE_MISMATCH',
    });
    expect(of.getNumberValue('free_shipping_threshold', 0)).toBe(75);
    of.track('signup', { plan: 'pro' });
    const custom = (await events()).find((event) => event.type === 'event');
    expect(custom).toMatchObject({ name: 'signup', units: { userID: 'u9' }, metadata: { plan: 'pro' } });
  });
});
