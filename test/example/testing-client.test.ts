/**
 * `splitkit/testing` as an app's own unit tests use it: a test client on the quick start's ruleset, forced
 * values of every kind with their reasons, and what it records, compared with what a real client would have
 * sent (a real client's pipeline on a transport that keeps the batches).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/create-client.js';
import type { SplitkitEvent } from '../../src/events/types.js';
import { createTestClient, seededRandom } from '../../src/testing/index.js';

const ruleset = JSON.parse(readFileSync(new URL('../../examples/quickstart/ruleset.json', import.meta.url), 'utf8'));

/** A real server client whose transport keeps every event it is given, with the errors it reports. */
function realClient() {
  const sent: SplitkitEvent[] = [];
  const errors: string[] = [];
  const client = createClient({
    ruleset,
    environment: 'server',
    transport: async (batch) => {
      sent.push(...batch.events);
      return { status: 200 };
    },
    onError: (error) => errors.push(`${error.code}: ${error.message}`),
  });
  return { client, sent, errors };
}

describe('createTestClient in an app test', () => {
  it('forces a gate, a variant (known or not), no variant and a parameter, each read with reason OVERRIDE', () => {
    const client = createTestClient({
      ruleset,
      user: { userID: 'u1', deviceID: 'd1' },
      overrides: {
        gates: { new_checkout: true },
        experiments: { button_color: 'blue' },
        params: { free_shipping_threshold: 10 },
      },
    });
    expect(client.getGateDetails('new_checkout')).toMatchObject({ value: true, reason: 'OVERRIDE' });
    const experiment = client.getExperiment('button_color');
    expect([experiment.variant, experiment.reason, experiment.get('color', '#000')]).toEqual([
      'blue',
      'OVERRIDE',
      '#22d',
    ]);
    expect(client.getParamDetails('free_shipping_threshold', 50)).toMatchObject({ value: 10, reason: 'OVERRIDE' });

    client.override({ experiments: { button_color: 'green' } });
    // A variant the ruleset lacks has no params: `get` serves the fallback.
    expect(client.getExperiment('button_color').get('color', '#000')).toBe('#000');
    client.override({ experiments: { button_color: null } });
    expect(client.getExperiment('button_color')).toMatchObject({ variant: null, reason: 'OVERRIDE' });
    // A forced value of another JSON type than the fallback serves the fallback, reported.
    client.override({ params: { free_shipping_threshold: 'free' } });
    expect(client.getParam('free_shipping_threshold', 50)).toBe(50);
    expect(client.errors.map((error) => error.code)).toEqual(['TYPE_MISMATCH']);
    // Forced reads log no exposures.
    expect(client.events).toEqual([]);

    client.clearOverrides();
    expect(client.getExperiment('button_color').reason).toBe('SPLIT');
    expect(client.events.map((event) => [event.type, event.name])).toEqual([['exposure', 'button_color']]);
  });

  it('records the events a real client sends, with fixed ids and times', async () => {
    const user = { userID: 'u7', deviceID: 'd7', email: 'u7@acme.com' };
    const test = createTestClient({ ruleset, user, source: 'server', now: 1_000 });
    const real = realClient();
    for (const client of [test, real.client]) {
      client.checkGate('new_checkout', user);
      client.checkGate('new_checkout', user);
      client.getExperiment('button_color', user);
      client.track('purchase', { user, value: 3 });
    }
    await real.client.shutdown();
    const shape = (event: SplitkitEvent) => ({ ...event, id: undefined, time: undefined });
    expect(test.events.map(shape)).toEqual(real.sent.map(shape));
    expect(test.events.map((event) => [event.id, event.time])).toEqual([
      ['test-event-1', 1_000],
      ['test-event-2', 1_000],
      ['test-event-3', 1_000],
    ]);
  });

  it('after shutdown, records and counts what a real client would drop, as a real client does', async () => {
    const user = { userID: 'u7' };
    const test = createTestClient({ ruleset, user, source: 'server' });
    const real = realClient();
    for (const client of [test, real.client]) {
      client.track('before', { user });
      await client.shutdown();
      client.track('after', { user });
      client.track('again', { user });
    }
    expect(real.sent.map((event) => event.name)).toEqual(['before']);
    expect(test.events.map((event) => event.name)).toEqual(['before']);
    expect(test.errors.map((error) => `${error.code}: ${error.message}`)).toEqual(real.errors);
    expect(test.stats()).toEqual(real.client.stats());
  });

  it('counts a custom event past the protocol limits as dropped, as a real client does', async () => {
    const user = { userID: 'u7' };
    const test = createTestClient({ ruleset, user, source: 'server' });
    const real = realClient();
    for (const client of [test, real.client]) client.track('x'.repeat(300), { user });
    await real.client.flush();
    expect(test.events).toEqual([]);
    expect(test.errors.map((error) => `${error.code}: ${error.message}`)).toEqual(real.errors);
    expect(test.stats()).toEqual(real.client.stats());
    expect(await test.shutdown()).toEqual(await real.client.shutdown());
  });
});

describe('seededRandom', () => {
  it('gives the same stream for the same seed, in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const first = Array.from({ length: 1_000 }, a);
    expect(Array.from({ length: 1_000 }, b)).toEqual(first);
    expect(first.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(Array.from({ length: 1_000 }, seededRandom(43))).not.toEqual(first);
  });
});
