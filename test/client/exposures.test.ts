import { describe, expect, it } from 'vitest';
import {
  createClient,
  type EventBatch,
  type SplitkitError,
  type ExposureEvent,
  type SplitkitEvent,
  type Transport,
} from '../../src/index.js';
import { issueRuleset } from '../fixtures/issue-ruleset.js';
import { createEventFactory } from '../../src/client/event-factory.js';
import { createExposureLogger } from '../../src/client/exposures.js';
import { createExposureDeduper, type ExposureDeduper } from '../../src/events/exposure-dedupe.js';
import { createEvalRecord, type EvalRecord } from '../../src/eval/types.js';

function recordingClient(extra: Partial<Parameters<typeof createClient>[0]> = {}) {
  const batches: EventBatch[] = [];
  const transport: Transport = async (batch) => {
    batches.push(structuredClone(batch));
    return { status: 200 };
  };
  const client = createClient({ ruleset: issueRuleset, environment: 'server', transport, ...extra });
  const events = async (): Promise<SplitkitEvent[]> => {
    await client.flush();
    return batches.flatMap((b) => b.events);
  };
  return { client, events, batches };
}

const stoppedRuleset = {
  ...issueRuleset,
  experiments: {
    ...issueRuleset.experiments,
    old_test: {
      status: 'stopped',
      shipped: 'b',
      variants: [
        { key: 'a', weight: 50 },
        { key: 'b', weight: 50 },
      ],
    },
  },
};

describe('exposures', () => {
  it('logs a gate exposure with units, rule, reason and value, and a variant exposure', async () => {
    const { client, events } = recordingClient();
    client.checkGate('new_checkout', { userID: 'u1', deviceID: 'd1', country: 'US', email: 'secret@x.org' });
    client.getExperiment('button_color', { userID: 'u1', deviceID: 'd1' });
    const [gate, experiment] = (await events()) as ExposureEvent[];
    expect(gate).toMatchObject({
      type: 'exposure',
      kind: 'gate',
      name: 'new_checkout',
      ruleId: 'north_america',
      reason: 'SPLIT',
      units: { userID: 'u1', deviceID: 'd1' },
      source: 'server',
      unit: 'userID',
    });
    expect(typeof gate!.value).toBe('boolean');
    expect(gate!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(gate!.attributes).toBeUndefined();
    expect(JSON.stringify(gate)).not.toContain('secret@x.org');
    expect(experiment).toMatchObject({ kind: 'experiment', name: 'button_color', reason: 'SPLIT', unit: 'deviceID' });
    expect(['red', 'blue']).toContain(experiment!.variant);
  });

  it('deduplicates the same unit, entity, result and rule', async () => {
    const { client, events } = recordingClient();
    for (let i = 0; i < 5; i++) client.checkGate('new_checkout', { userID: 'u1', email: 'u1@acme.com' });
    client.checkGate('new_checkout', { userID: 'u2', email: 'u2@acme.com' });
    const logged = await events();
    expect(logged.map((e) => e.units.userID)).toEqual(['u1', 'u2']);
  });

  it('on servers, dedupes in a bounded LRU (100,000 units) with a one-hour window', async () => {
    let time = Date.UTC(2025, 0, 1);
    let u1Logged = 0;
    const transport: Transport = async (batch) => {
      for (const event of batch.events) if (event.units.userID === 'u1') u1Logged++;
      return { status: 200 };
    };
    const client = createClient({
      ruleset: issueRuleset,
      environment: 'server',
      transport,
      now: () => time,
      events: { batchSize: 1_000, maxQueuedEvents: 300_000 },
    });
    const u1 = { userID: 'u1', email: 'u1@acme.com' };
    client.checkGate('new_checkout', u1);
    time += 3_599_000;
    client.checkGate('new_checkout', u1);
    time += 1_000;
    client.checkGate('new_checkout', u1); // the hour since it logged has passed
    const others = (from: number, to: number): void => {
      for (let i = from; i < to; i++) client.checkGate('new_checkout', { userID: `other${i}`, email: 'x@acme.com' });
    };
    // 99,999 other units leave u1 remembered; 100,000 more after its read push it out (memory stays flat).
    others(0, 99_999);
    client.checkGate('new_checkout', u1);
    others(99_999, 199_999);
    client.checkGate('new_checkout', u1);
    await client.flush();
    expect(u1Logged).toBe(3);
  });

  it('in the browser, logs an exposure once per client however long it runs', async () => {
    let time = Date.UTC(2025, 0, 1);
    const { client, events } = recordingClient({
      now: () => time,
      environment: 'browser',
      identity: { persist: false },
    });
    const user = { userID: 'u1', deviceID: 'd1', email: 'u1@acme.com' };
    client.checkGate('new_checkout', user);
    time += 30 * 86_400_000;
    client.checkGate('new_checkout', user);
    expect((await events()).filter((e) => e.type === 'exposure')).toHaveLength(1);
  });

  it('logs nothing for unknown names, overrides, defaults, stopped experiments and opted-out reads', async () => {
    const { client, events } = recordingClient({ ruleset: stoppedRuleset });
    const user = { userID: 'u', deviceID: 'd', country: 'FR' };
    client.checkGate('unknown', user);
    client.checkGate('new_checkout', user); // no rule matches: DEFAULT
    expect(client.getExperiment('old_test', user)).toMatchObject({ variant: 'b', reason: 'STATIC' });
    client.getExperiment('button_color', user, { exposure: false });
    client.checkGate('new_checkout', { userID: 'x', email: 'x@acme.com' }, { exposure: false });
    client.setUser({ userID: 'z' });
    client.checkGate('new_checkout', undefined, { exposure: false });
    client.override({ gates: { new_checkout: true } });
    client.checkGate('new_checkout', { userID: 'y', email: 'y@acme.com' });
    expect(await events()).toEqual([]);
  });

  it('logs no exposure for a parameter read that serves its fallback (type mismatch), and one when the types agree', async () => {
    const ruleset = { params: { limit: { default: 1, rules: [{ id: 'half', value: 5, rollout: 50 }] } } };
    const { client, events } = recordingClient({ ruleset });
    const users = Array.from({ length: 20 }, (_, i) => ({ userID: `u${i}` }));
    // Every user is bucketed by the rule (served 5 inside the rollout, the default 1 outside), and each such
    // read is an exposure; with a fallback of the wrong type, none is.
    for (const user of users) expect(client.getParam('limit', 'text', user)).toBe('text');
    expect(await events()).toEqual([]);
    for (const user of users) client.getParam('limit', 0, user);
    const logged = (await events()) as ExposureEvent[];
    expect(logged.map((event) => event.units.userID)).toEqual(users.map((user) => user.userID));
    expect(new Set(logged.map((event) => event.value))).toEqual(new Set([1, 5]));
  });

  it('copies only allow-listed attributes into events', async () => {
    const { client, events } = recordingClient({ events: { attributes: ['country'] } });
    client.checkGate('new_checkout', { userID: 'u', country: 'CA', email: 'e@x.org' });
    const [event] = await events();
    expect(event!.attributes).toEqual({ country: 'CA' });
  });

  it('can turn automatic exposure logging off', async () => {
    const { client, events } = recordingClient({ events: { logExposures: false } });
    client.checkGate('new_checkout', { userID: 'u', email: 'u@acme.com' });
    client.track('purchase', { user: { userID: 'u' }, value: 10 });
    expect((await events()).map((e) => e.type)).toEqual(['event']);
  });
});

describe('track and identity links', () => {
  it('records custom events with value and metadata', async () => {
    const { client, events } = recordingClient({ user: { userID: 'u1', deviceID: 'd1' } });
    client.track('purchase', { value: 42.5, metadata: { sku: 'A-1' } });
    client.track('click', { user: { deviceID: 'd9' } });
    const [purchase, click] = await events();
    expect(purchase).toMatchObject({
      type: 'event',
      name: 'purchase',
      value: 42.5,
      metadata: { sku: 'A-1' },
      units: { userID: 'u1', deviceID: 'd1' },
    });
    expect(click).toMatchObject({ type: 'event', name: 'click', units: { deviceID: 'd9' } });
    expect(purchase!.id).not.toBe(click!.id);
  });

  it('rejects bad track calls through onError without throwing', async () => {
    const errors: string[] = [];
    const { client, events } = recordingClient({ user: { userID: 'u1' }, onError: (e) => errors.push(e.message) });
    client.track('', {});
    client.track('x', { value: Number.NaN });
    expect(await events()).toEqual([]);
    expect(errors).toHaveLength(2);
  });

  it('reports a track() or identify() that fails with its own code, without throwing', async () => {
    const errors: SplitkitError[] = [];
    const { client, events } = recordingClient({ onError: (e) => errors.push(e) });
    // A user whose ids cannot be read: recording the event fails inside the client.
    const fail = (): never => {
      throw new Error('trap');
    };
    const hostile = new Proxy({}, { ownKeys: fail, get: fail, getOwnPropertyDescriptor: fail, has: fail });
    client.track('purchase', { user: hostile });
    client.identify(hostile);
    expect(await events()).toEqual([]);
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ['TRACK_FAILED', 'Error: trap'],
      ['IDENTIFY_FAILED', 'Error: trap'],
    ]);
    expect(errors.map((e) => (e.cause as Error).message)).toEqual(['trap', 'trap']);
  });

  it('links the device to the user id when a visitor logs in', async () => {
    const { client, events } = recordingClient({ user: { deviceID: 'd1' } });
    client.setUser({ deviceID: 'd1', userID: 'u1' });
    client.setUser({ deviceID: 'd1', userID: 'u1', plan: 'pro' });
    const logged = await events();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ type: 'identify', units: { deviceID: 'd1', userID: 'u1' } });
  });

  it('sends custom unit ids used by the ruleset', async () => {
    const ruleset = { gates: { team: { unit: 'companyID', rules: [{ id: 'half', rollout: 50 }] } } };
    const { client, events } = recordingClient({ ruleset });
    client.checkGate('team', { userID: 'u', companyID: 'acme', other: 'x' });
    const [event] = await events();
    expect(event!.units).toEqual({ userID: 'u', companyID: 'acme' });
  });

  it("dedupes users without the gate's unit by their own usable id, not by an empty userID", async () => {
    const ruleset = { gates: { team: { unit: 'companyID', rules: [{ id: 'everyone', rollout: 100 }] } } };
    const { client, events } = recordingClient({ ruleset });
    client.checkGate('team', { userID: '', deviceID: 'd1' });
    client.checkGate('team', { userID: '', deviceID: 'd2' });
    client.checkGate('team', { userID: Number.NaN, deviceID: 'd3' });
    client.checkGate('team', { userID: Number.NaN, deviceID: 'd4' });
    client.checkGate('team', { userID: '', deviceID: 'd1' }); // the same device again: deduped
    const logged = await events();
    expect(logged.map((e) => e.units.deviceID)).toEqual(['d1', 'd2', 'd3', 'd4']);
  });

  it('reports track without a collector instead of failing', () => {
    const errors: string[] = [];
    const client = createClient({ ruleset: issueRuleset, environment: 'server', onError: (e) => errors.push(e.code) });
    client.track('purchase');
    expect(errors).toEqual(['INVALID_OPTIONS']);
  });
});

describe('identify on servers', () => {
  it('links a cookie device id to the user id a request logged in as', async () => {
    const { client, events } = recordingClient();
    client.identify({ deviceID: 'cookie-d', userID: 'u7' });
    client.identify({ userID: 'alone' });
    const logged = await events();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      type: 'identify',
      units: { deviceID: 'cookie-d', userID: 'u7' },
      source: 'server',
    });
  });
});

describe('createExposureLogger', () => {
  function logger(deduper: ExposureDeduper) {
    const logged: ExposureEvent[] = [];
    const factory = createEventFactory({ source: 'server', uuid: () => 'id', now: () => 0 });
    const log = createExposureLogger(
      factory,
      { enqueue: (event) => void logged.push(event as ExposureEvent) },
      deduper,
    );
    return { log, logged };
  }
  const read = (fields: Partial<EvalRecord>): EvalRecord =>
    Object.assign(createEvalRecord(), { exposure: true }, fields);

  it('dedupes by unit, entity, result, rule and reason, however many results an entity has', () => {
    const { log, logged } = logger(createExposureDeduper());
    // 40 rules of one parameter: more results than the logger remembers per entity name.
    for (let pass = 0; pass < 2; pass++) {
      for (let rule = 0; rule < 40; rule++)
        log(read({ kind: 'param', name: 'limit', ruleId: `r${rule}`, reason: 'TARGETING_MATCH', unitId: 'u1' }), {});
    }
    expect(logged).toHaveLength(40);
    log(read({ kind: 'param', name: 'limit', ruleId: 'r0', reason: 'SPLIT', unitId: 'u1' }), {});
    log(read({ kind: 'gate', name: 'limit', ruleId: 'r0', reason: 'TARGETING_MATCH', unitId: 'u1' }), {});
    log(read({ kind: 'param', name: 'limit', ruleId: 'r0', reason: 'TARGETING_MATCH', unitId: 'u2' }), {});
    expect(logged).toHaveLength(43);
  });

  it('logs each variant and gate result of a unit once, also when results alternate', () => {
    const { log, logged } = logger(createExposureDeduper());
    for (const variant of ['a', 'b', 'a', 'b'])
      log(read({ kind: 'experiment', name: 'e', value: variant, reason: 'SPLIT', unitId: 'u' }), {});
    for (const value of [true, false, true])
      log(read({ kind: 'gate', name: 'g', value, ruleId: 'r', reason: 'SPLIT', unitId: 'u' }), {});
    expect(logged.map((e) => e.variant ?? e.value)).toEqual(['a', 'b', true, false]);
  });

  it('tells an experiment without a variant from its variants, and a gate that passed from one that did not', () => {
    const { log, logged } = logger(createExposureDeduper());
    for (let pass = 0; pass < 2; pass++) {
      log(read({ kind: 'experiment', name: 'e', value: null, reason: 'HOLDOUT', holdout: 'h', unitId: 'u' }), {});
      log(read({ kind: 'experiment', name: 'e', value: 'false', reason: 'HOLDOUT', unitId: 'u' }), {});
      log(read({ kind: 'param', name: 'p', value: 'on', reason: 'SPLIT', ruleId: 'r', unitId: 'u' }), {});
      log(read({ kind: 'param', name: 'p', value: 'off', reason: 'SPLIT', ruleId: 'r', unitId: 'u' }), {});
    }
    expect(logged.map((e) => [e.kind, e.variant, e.value])).toEqual([
      ['experiment', undefined, undefined],
      ['experiment', 'false', undefined],
      // A parameter's value follows from its rule and reason, so one exposure stands for both values.
      ['param', undefined, 'on'],
    ]);
  });
});
