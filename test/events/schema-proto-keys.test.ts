import { describe, expect, it } from 'vitest';
import { EventBatchError } from '../../src/errors/index.js';
import { parseEventBatch } from '../../src/events/schema.js';
import { customEvent, SDK } from './helpers.js';

const PROTO_KEY =
  'a key named "__proto__" cannot be stored (JavaScript objects read it as their prototype, and records of the schema leave it out)';

/** A batch of a good event and one with `field` (raw JSON) added, parsed as a collector parses a body. */
function parsedBatch(field: string): unknown {
  const text = JSON.stringify({ batchId: 'b1', sentAt: '2025-01-01T00:00:00.000Z', sdk: SDK, events: [] });
  const events = [customEvent(0), customEvent(1)].map((event) => JSON.stringify(event));
  events[1] = `${events[1]!.slice(0, -1)},${field}}`;
  return JSON.parse(text.replace('"events":[]', `"events":[${events.join(',')}]`));
}

/** The issues parseEventBatch throws for `input`, as `path: message`. */
function issues(input: unknown): string[] {
  try {
    parseEventBatch(input);
  } catch (error) {
    expect(error).toBeInstanceOf(EventBatchError);
    return (error as EventBatchError).issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
  return [];
}

describe('parseEventBatch: __proto__ keys', () => {
  it.each([
    ['attributes', '"attributes":{"__proto__":{"plan":"pro"},"k":"v"}', 'events[1].attributes.__proto__'],
    ['metadata, nested', '"metadata":{"a":[{"b":{"__proto__":1}}]}', 'events[1].metadata.a[0].b.__proto__'],
    ['units', '"units":{"userID":"u1","__proto__":"u2"}', 'events[1].units.__proto__'],
  ])('refuses one in %s, naming its path, instead of returning the event without it', (_, field, path) => {
    expect(issues(parsedBatch(field))).toEqual([`${path}: ${PROTO_KEY}`]);
  });

  it('refuses one in an exposure value', () => {
    const exposure = {
      id: 'x1',
      type: 'exposure',
      name: 'flag',
      kind: 'param',
      time: 1_700_000_000_000,
      units: { userID: 'u1' },
      source: 'client',
      reason: 'TARGETING_MATCH',
    };
    const text = `${JSON.stringify(exposure).slice(0, -1)},"value":{"list":[1,{"__proto__":{"x":1}}]}}`;
    const input = { batchId: 'b1', sentAt: '2025-01-01T00:00:00.000Z', sdk: SDK, events: [JSON.parse(text)] };
    expect(issues(input)).toEqual([`events[0].value.list[1].__proto__: ${PROTO_KEY}`]);
  });

  it('keeps "constructor" and "prototype" keys, which JSON.parse and the records keep as own keys', () => {
    const batch = parseEventBatch(parsedBatch('"metadata":{"constructor":{"prototype":1},"prototype":"p"}'));
    expect(batch.events[1]).toMatchObject({ metadata: { constructor: { prototype: 1 }, prototype: 'p' } });
    expect(Object.getPrototypeOf((batch.events[1] as { metadata: object }).metadata)).toBe(Object.prototype);
  });

  it('leaves out a __proto__ key of the event or the batch itself, as any unknown key', () => {
    const input = parsedBatch('"__proto__":{"x":1}') as { sdk: object };
    const batch = parseEventBatch(input);
    expect(Object.keys(batch.events[1]!)).not.toContain('__proto__');
    expect(Object.getPrototypeOf(batch.events[1])).toBe(Object.prototype);
  });
});
