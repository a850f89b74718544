import { describe, expect, it, vi } from 'vitest';
import { createClient } from '../../src/index.js';
import type { Json } from '../../src/ruleset/types.js';
import { COLLECTOR_URL, useCollectorTest } from '../events/helpers.js';
import { createTestClient } from '../../src/testing/index.js';

const { collector, errors } = useCollectorTest();

function serverClient() {
  return createClient({
    ruleset: {},
    environment: 'server',
    user: { userID: 'u1' },
    collector: { url: COLLECTOR_URL },
    events: { batchSize: 100 },
    onError: (error) => errors.push(error),
  });
}

function cyclic(): { [key: string]: Json } {
  const value: { [key: string]: unknown } = { a: 1 };
  value.self = value;
  return value as { [key: string]: Json };
}

function nested(levels: number): { [key: string]: Json } {
  let value: Json = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value as { [key: string]: Json };
}

describe('track() with what cannot be sent', () => {
  it.each<[string, { [key: string]: Json }, RegExp]>([
    ['cyclic metadata', cyclic(), /^Dropped event "broken": "self" cannot be serialized/],
    ['a BigInt', { amount: 10n as unknown as Json }, /^Dropped event "broken": "amount" cannot be serialized/],
    ['metadata 3,000 levels deep', nested(3_000), /^Dropped event "broken": "a" is over 32 levels deep/],
    [
      'metadata over 16 KB',
      { blob: 'x'.repeat(20_000) },
      /^Dropped event "broken": the event is over 16384 characters/,
    ],
  ])(
    '%s: that event is dropped and reported, the 99 others of its batch are delivered at once',
    async (_name, metadata, problem) => {
      const client = serverClient();
      for (let i = 0; i < 100; i++)
        client.track(i === 50 ? 'broken' : 'click', i === 50 ? { metadata } : { metadata: { i } });
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ code: 'EVENTS_DROPPED' });
      expect(errors[0]!.message).toMatch(problem);
      await vi.advanceTimersByTimeAsync(10_000);
      // One request, no retry storm.
      expect(collector.batches).toHaveLength(1);
      expect(collector.acceptedIds()).toHaveLength(99);
      const report = await client.shutdown();
      expect(report).toMatchObject({
        delivered: true,
        undelivered: 0,
        dropped: 1,
        stats: { sent: 99, dropped: 1, retried: 0 },
      });
    },
  );

  it('functions and symbols in metadata are left out, as JSON does: nothing is dropped', async () => {
    const client = serverClient();
    client.track('click', {
      metadata: { run: (() => 1) as unknown as Json, tag: Symbol('t') as unknown as Json, ok: 1 },
    });
    await client.flush();
    expect(errors).toEqual([]);
    expect(collector.batches[0]!.events[0]).toMatchObject({ name: 'click', metadata: { ok: 1 } });
  });

  it('a value past ±1e15 or a name over 256 characters is dropped and reported, never sent', async () => {
    const client = serverClient();
    client.track('revenue', { value: 1e200 });
    client.track('n'.repeat(300));
    client.track('ok', { value: 1e15 });
    expect(errors.map((e) => e.message)).toEqual([
      'Dropped event "revenue": "value" must be a number in ±1000000000000000',
      `Dropped event "${'n'.repeat(64)}": "name" must be 1 to 256 characters`,
    ]);
    await client.flush();
    expect(collector.batches.flatMap((b) => b.events.map((e) => e.name))).toEqual(['ok']);
  });
});

describe('track() for a user with no unit id', () => {
  it('sends the event and reports once that no analysis can attribute it (a server that forgot the user)', async () => {
    const client = createClient({
      ruleset: { gates: { g: { unit: 'companyID', rules: [{ id: 'all', rollout: 100 }] } } },
      environment: 'server',
      collector: { url: COLLECTOR_URL },
      onError: (error) => errors.push(error),
    });
    client.track('purchase', { value: 5 });
    client.track('purchase', { user: { plan: 'pro' } });
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ['TRACK_FAILED', 'track(): the user has no unit id the ruleset uses, so no analysis can attribute the event'],
    ]);
    // A unit the ruleset names is a unit id: nothing more is reported.
    client.track('purchase', { user: { companyID: 'c1' } });
    client.track('purchase', { user: { userID: 'u1' } });
    expect(errors).toHaveLength(1);
    await client.flush();
    expect(collector.batches.flatMap((b) => b.events.map((e) => e.units))).toEqual([
      {},
      {},
      { companyID: 'c1' },
      { userID: 'u1' },
    ]);
  });
});

describe('the test client', () => {
  it('drops and reports a custom event past the limits, as the real pipeline does', () => {
    const client = createTestClient({ user: { userID: 'u1' } });
    client.track('', {});
    client.track('ok', { metadata: nested(40) });
    client.track('ok', { value: 3 });
    for (const metadata of [null, [1], 'x']) client.track('bad_metadata', { metadata } as never);
    expect(client.events.map((e) => e.name)).toEqual(['ok']);
    expect(client.errors.map((e) => [e.code, e.message])).toEqual([
      ['EVENTS_DROPPED', 'Dropped event "": "name" must be 1 to 256 characters'],
      ['EVENTS_DROPPED', 'Dropped event "ok": "a" is over 32 levels deep'],
      ...Array(3).fill(['EVENTS_DROPPED', 'Dropped event "bad_metadata": "metadata" must be an object']),
    ]);
  });
});
