/**
 * The collector's fast path for one event agrees with the protocol's schema:
 * whatever it accepts, the schema accepts and returns the very same event
 * (same keys, same order, unknown keys left out), and the events SDKs send
 * take it. Anything it refuses goes to the schema, so no issue depends on it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainEvent } from '../../src/collector/plain-event.js';
import { EventBatchError } from '../../src/errors/index.js';
import { REASONS } from '../../src/eval/types.js';
import { parseEventBatch } from '../../src/events/schema.js';
import { RECENT, custom, exposure, identify } from './support/events.js';

const ENVELOPE = { batchId: 'b', sentAt: '2000-01-01T00:00:00.000Z', sdk: { name: 't', version: '1' } };

/** The schema's event, as JSON text (key order included), or undefined when the schema refuses it. */
function schemaText(event: unknown): string | undefined {
  try {
    return JSON.stringify(parseEventBatch({ ...ENVELOPE, events: [event] }).events[0]);
  } catch (error) {
    if (error instanceof EventBatchError) return undefined;
    throw error;
  }
}

/** `levels` objects, one inside the other, around `bottom`. */
function nested(levels: number, bottom: unknown = 'bottom'): unknown {
  let value = bottom;
  for (let level = 0; level < levels; level++) value = { a: value };
  return value;
}

/** Both paths on `event` as a collector receives it: parsed from JSON text. */
function both(text: string): { fast: string | undefined; schema: string | undefined } {
  const fast = plainEvent(JSON.parse(text));
  return { fast: fast === undefined ? undefined : JSON.stringify(fast), schema: schemaText(JSON.parse(text)) };
}

describe('plainEvent', () => {
  it.each([
    ['a custom event', custom('purchase', RECENT, { value: 9.99, metadata: { plan: 'pro', items: [1, { a: null }] } })],
    ['an exposure', exposure('button_color', RECENT, { value: { x: [true] }, layer: 'l', holdout: 'h', ruleId: 'r' })],
    ['an identify event', identify()],
    ['a custom event with attributes', custom('signup', RECENT, { attributes: { country: 'DE', age: 41 } })],
  ])('takes %s and returns the schema’s event', (_, event) => {
    const text = JSON.stringify(event);
    const { fast, schema } = both(text);
    expect(schema).toBeDefined();
    expect(fast).toBe(schema);
  });

  it.each(REASONS)('takes an exposure with reason %s', (reason) => {
    const { fast, schema } = both(JSON.stringify(exposure('b', RECENT, { reason })));
    expect(schema).toBeDefined();
    expect(fast).toBe(schema);
  });

  it('takes JSON fields nested to the deepest level allowed, and events just under the length limit', () => {
    const deep = JSON.stringify(custom('n', RECENT, { metadata: { a: nested(31) as never } }));
    expect(both(deep).fast).toBe(both(deep).schema);
    expect(both(deep).fast).toBeDefined();
    // About 16,000 characters of text, but its bound (6 per character) is over: the schema decides.
    const long = JSON.stringify(custom('n', RECENT, { metadata: { note: 'x'.repeat(15_900) } }));
    expect(long.length).toBeLessThan(16_384);
    expect(plainEvent(JSON.parse(long))).toBeUndefined();
    expect(schemaText(JSON.parse(long))).toBeDefined();
  });

  it('orders keys as the schema does and leaves unknown ones out', () => {
    const text =
      '{"extra":1,"name":"n","type":"event","value":2,"source":"server","units":{"userID":"u"},"time":5,"id":"i","metadata":{"b":1,"a":2}}';
    const { fast, schema } = both(text);
    expect(fast).toBe(
      '{"id":"i","time":5,"units":{"userID":"u"},"source":"server","type":"event","name":"n","value":2,"metadata":{"b":1,"a":2}}',
    );
    expect(fast).toBe(schema);
  });

  it.each([
    ['Infinity inside metadata (1e400 parses to it)', '"metadata":{"big":1e400}'],
    ['a __proto__ unit', '"units":{"__proto__":"x"}'],
    ['a __proto__ key in metadata', '"metadata":{"a":{"__proto__":1}}'],
    ['null attributes', '"attributes":null'],
    ['a unit name of 65 characters', `"units":{"${'u'.repeat(65)}":"x"}`],
    ['17 unit ids', `"units":{${Array.from({ length: 17 }, (_, i) => `"u${i}":"x"`).join(',')}}`],
    ['a numeric unit id', '"units":{"userID":1}'],
    ['a fractional time', '"time":1.5'],
    ['an unknown source', '"source":"edge"'],
    ['a value past 1e15', '"value":1e16'],
    ['a string value', '"value":"1"'],
    ['an id of 129 characters', `"id":"${'i'.repeat(129)}"`],
    ['an empty name', '"name":""'],
    ['a name of 257 characters', `"name":"${'n'.repeat(257)}"`],
    ['metadata nested 33 levels', `"metadata":${JSON.stringify(nested(33))}`],
    ['an event over 16,384 characters', `"metadata":{"note":"${'x'.repeat(16_400)}"}`],
    ['a null nested 33 levels', `"metadata":${JSON.stringify(nested(32, null))}`],
  ])('steps aside for %s', (_, field) => {
    const base = JSON.stringify(custom());
    const text = `${base.slice(0, -1)},${field}}`;
    expect(plainEvent(JSON.parse(text))).toBeUndefined();
    // The schema decides these alone, and refuses them all (a `__proto__` key naming its path).
    expect(schemaText(JSON.parse(text))).toBeUndefined();
  });

  it.each([
    ['bucket 10000', { bucket: 10_000 }],
    ['an unknown reason', { reason: 'MAYBE' }],
    ['an unknown kind', { kind: 'flag' }],
    ['a variant of 257 characters', { variant: 'v'.repeat(257) }],
  ])('steps aside for an exposure with %s', (_, extra) => {
    const text = JSON.stringify({ ...exposure(), ...extra });
    expect(plainEvent(JSON.parse(text))).toBeUndefined();
    expect(schemaText(JSON.parse(text))).toBeUndefined();
  });

  it('agrees with the schema on generated events, valid and not', () => {
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    const json = fc.jsonValue({ maxDepth: 3 });
    const text = (max: number) => fc.string({ maxLength: max });
    const event = fc.record(
      {
        id: fc.oneof(fc.uuid(), text(130), fc.integer()),
        type: fc.constantFrom('event', 'exposure', 'identify', 'other'),
        time: fc.oneof(fc.constant(RECENT), fc.integer({ min: -1, max: 4_102_444_800_001 }), fc.double()),
        units: fc.oneof(fc.dictionary(text(66), text(258), { maxKeys: 18 }), json),
        source: fc.constantFrom('client', 'server', 'x'),
        name: fc.oneof(text(10), text(258), fc.constant(null)),
        value: fc.oneof(fc.double({ min: -2e15, max: 2e15 }), json),
        metadata: json,
        attributes: json,
        kind: fc.constantFrom('gate', 'experiment', 'param', 'x'),
        variant: maybe(text(258)),
        ruleId: maybe(fc.oneof(text(5), fc.integer())),
        reason: fc.constantFrom('SPLIT', 'DEFAULT', 'TARGETING_MATCH', 'nope'),
        unit: maybe(text(5)),
        bucket: fc.oneof(fc.integer({ min: -1, max: 10_001 }), fc.double()),
        layer: maybe(text(5)),
        holdout: maybe(text(5)),
        extra: json,
      },
      { requiredKeys: ['id', 'type', 'time', 'units', 'source', 'name'] },
    );
    let taken = 0;
    fc.assert(
      fc.property(event, (generated) => {
        const serialized = JSON.stringify(generated);
        const { fast, schema } = both(serialized);
        if (fast !== undefined) taken++;
        if (fast !== undefined) expect(fast).toBe(schema);
      }),
      { numRuns: 3000, seed: 20261205 },
    );
    // The property is only worth something when the fast path takes a fair share of the events.
    expect(taken).toBeGreaterThan(30);
  });
});
