import { describe, expect, it } from 'vitest';
import { createEventFactory, type EventFactory } from '../../src/client/event-factory.js';
import { createEvalRecord, type EvalRecord } from '../../src/eval/types.js';
import { eventSchema } from '../../src/events/schema.js';
import * as z from 'zod/mini';

function factory(attributes?: string[]): EventFactory {
  return createEventFactory({ source: 'server', uuid: () => 'id-1', now: () => 1_700_000_000_000, attributes });
}

function record(fields: Partial<EvalRecord>): EvalRecord {
  return Object.assign(createEvalRecord(), fields);
}

const user = { userID: 'u1', deviceID: 'd1', country: 'CA', email: 'e@x.org', plan: { nested: true } };

// JSON is what leaves the client: these pin its exact fields and their order.
describe('EventFactory', () => {
  it('writes an exposure with every optional field present', () => {
    const event = factory().exposure(
      record({
        kind: 'experiment',
        name: 'exp',
        value: 'blue',
        reason: 'SPLIT',
        ruleId: 'r',
        unit: 'userID',
        unitId: 'u1',
        bucket: 12,
        layer: 'l',
        holdout: 'h',
      }),
      user,
    );
    expect(JSON.stringify(event)).toBe(
      '{"id":"id-1","time":1700000000000,"units":{"userID":"u1","deviceID":"d1"},"source":"server","type":"exposure","name":"exp","kind":"experiment","reason":"SPLIT","variant":"blue","ruleId":"r","unit":"userID","bucket":12,"layer":"l","holdout":"h"}',
    );
    expect(z.safeParse(eventSchema, event).success).toBe(true);
  });

  it('writes a gate exposure without the fields it lacks, and no variant for an experiment without one', () => {
    const gate = factory().exposure(record({ kind: 'gate', name: 'g', value: false, reason: 'DEFAULT' }), {
      deviceID: 'd1',
    });
    expect(JSON.stringify(gate)).toBe(
      '{"id":"id-1","time":1700000000000,"units":{"deviceID":"d1"},"source":"server","type":"exposure","name":"g","kind":"gate","reason":"DEFAULT","value":false}',
    );
    const experiment = factory().exposure(
      record({ kind: 'experiment', name: 'e', reason: 'NOT_ALLOCATED', bucket: 0 }),
      { userID: 7 },
    );
    expect(JSON.stringify(experiment)).toBe(
      '{"id":"id-1","time":1700000000000,"units":{"userID":"7"},"source":"server","type":"exposure","name":"e","kind":"experiment","reason":"NOT_ALLOCATED","bucket":0}',
    );
    expect(Object.keys(experiment)).not.toContain('variant');
  });

  it('gives an exposure only the fields its evaluation set, as own keys in wire order', () => {
    // JSON would hide a key set to undefined; the event must not have it at all (a transport may list its keys).
    const event = factory().exposure(
      record({ kind: 'gate', name: 'g', value: true, reason: 'TARGETING_MATCH', ruleId: 'r', bucket: 0, holdout: 'h' }),
      { userID: 'u1' },
    );
    expect(Object.keys(event)).toEqual([
      'id',
      'time',
      'units',
      'source',
      'type',
      'name',
      'kind',
      'reason',
      'value',
      'ruleId',
      'bucket',
      'holdout',
    ]);
    const unbucketed = factory().exposure(record({ kind: 'param', name: 'p', value: 3, reason: 'DEFAULT' }), {});
    expect(Object.keys(unbucketed)).toEqual([
      'id',
      'time',
      'units',
      'source',
      'type',
      'name',
      'kind',
      'reason',
      'value',
    ]);
  });

  it('places allow-listed primitive attributes after the source, and omits them when the user has none', () => {
    const f = factory(['country', 'plan', 'missing']);
    const event = f._customEvent('buy', user, 3, { sku: 'A' });
    expect(JSON.stringify(event)).toBe(
      '{"id":"id-1","time":1700000000000,"units":{"userID":"u1","deviceID":"d1"},"source":"server","attributes":{"country":"CA"},"type":"event","name":"buy","value":3,"metadata":{"sku":"A"}}',
    );
    expect(f.identify({ userID: 'u1', plan: { nested: true } })).not.toHaveProperty('attributes');
    expect(JSON.stringify(f.identify(user))).toBe(
      '{"id":"id-1","time":1700000000000,"units":{"userID":"u1","deviceID":"d1"},"source":"server","attributes":{"country":"CA"},"type":"identify","name":"identify"}',
    );
  });

  it('writes a custom event without value or metadata when none is given', () => {
    const event = factory()._customEvent('click', { userID: 'u1', deviceID: '' }, undefined, undefined);
    expect(JSON.stringify(event)).toBe(
      '{"id":"id-1","time":1700000000000,"units":{"userID":"u1"},"source":"server","type":"event","name":"click"}',
    );
  });

  it("adds the ruleset's custom unit ids", () => {
    const f = factory();
    f._setUnitNames(['companyID', 'userID']);
    expect(f.units({ userID: 'u', companyID: 'acme', employeeID: 'x' })).toEqual({ userID: 'u', companyID: 'acme' });
  });
});
