import { describe, expect, it } from 'vitest';
import {
  eventProblem,
  MAX_ABS_VALUE,
  MAX_EVENT_ID_LENGTH,
  MAX_EVENT_LENGTH,
  MAX_EVENT_NAME_LENGTH,
  MAX_JSON_DEPTH,
} from '../../src/events/limits.js';
import type { Json } from '../../src/ruleset/types.js';
import { customEvent } from './helpers.js';

/** `{ a: { a: … { a: 1 } } }` with `levels` objects. */
function nested(levels: number): Json {
  let value: Json = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

function cyclic(): Json {
  const value: { [key: string]: unknown } = { a: 1 };
  value.self = value;
  return value as Json;
}

/** The problem of a custom event with `fields` changed. */
const problem = (fields: Record<string, unknown>): string | undefined =>
  eventProblem({ ...customEvent(1), ...fields } as never);
const exposure = {
  id: 'x',
  type: 'exposure',
  name: 'g',
  kind: 'param',
  reason: 'SPLIT',
  time: 1,
  units: {},
  source: 'client',
};

describe('eventProblem', () => {
  it('accepts events within the limits', () => {
    expect(problem({ metadata: { sku: 'A-1', items: [1, 2, { x: null }], ok: true } })).toBeUndefined();
    expect(
      problem({ id: 'i'.repeat(MAX_EVENT_ID_LENGTH), name: 'n'.repeat(MAX_EVENT_NAME_LENGTH), value: -MAX_ABS_VALUE }),
    ).toBeUndefined();
    expect(problem({ metadata: nested(MAX_JSON_DEPTH) })).toBeUndefined();
    expect(problem({ metadata: { note: 'x'.repeat(MAX_EVENT_LENGTH - 300) } })).toBeUndefined();
    // A parameter's value is a JSON field: long strings and any finite number are fine there.
    expect(eventProblem({ ...exposure, value: 'v'.repeat(1_000) } as never)).toBeUndefined();
    expect(eventProblem({ ...exposure, value: 1e300 } as never)).toBeUndefined();
  });

  it('leaves out what JSON leaves out (functions, symbols, undefined), as the request will', () => {
    expect(problem({ metadata: { run: () => 1, tag: Symbol('t'), gone: undefined, n: Number.NaN } })).toBeUndefined();
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['cyclic metadata', { metadata: cyclic() }, '"self" cannot be serialized (Converting circular structure to JSON)'],
    [
      'a BigInt',
      { metadata: { amount: 10n } },
      '"amount" cannot be serialized (Do not know how to serialize a BigInt)',
    ],
    [
      'a throwing getter',
      {
        metadata: {
          get boom() {
            throw new Error('getter');
          },
        },
      },
      '"metadata" cannot be serialized (getter)',
    ],
    [
      'a throwing toJSON',
      {
        metadata: {
          x: {
            toJSON() {
              throw new Error('toJSON');
            },
          },
        },
      },
      '"metadata" cannot be serialized (toJSON)',
    ],
    ['metadata one level too deep', { metadata: nested(MAX_JSON_DEPTH + 1) }, '"a" is over 32 levels deep'],
    ['metadata 3,000 levels deep', { metadata: nested(3_000) }, '"a" is over 32 levels deep'],
    ['metadata past the size', { metadata: { s: 'x'.repeat(MAX_EVENT_LENGTH) } }, 'the event is over 16384 characters'],
    [
      'many small values past the size',
      { metadata: { list: new Array(20_000).fill(1) } },
      'the event is over 16384 characters',
    ],
    ['an id past the limit', { id: 'i'.repeat(MAX_EVENT_ID_LENGTH + 1) }, '"id" must be 1 to 128 characters'],
    ['an empty name', { name: '' }, '"name" must be 1 to 256 characters'],
    ['a name that is not a string', { name: null }, '"name" must be 1 to 256 characters'],
    ['a name past the limit', { name: 'n'.repeat(MAX_EVENT_NAME_LENGTH + 1) }, '"name" must be 1 to 256 characters'],
    ['a value past the range', { value: MAX_ABS_VALUE * 10 }, '"value" must be a number in ±1000000000000000'],
    ['a value of 1e200', { value: 1e200 }, '"value" must be a number in ±1000000000000000'],
    ['a NaN value', { value: Number.NaN }, '"value" must be a number in ±1000000000000000'],
    ['a value that is a string', { value: '10' }, '"value" must be a number in ±1000000000000000'],
  ])('refuses %s', (_name, fields, message) => {
    expect(problem(fields)).toBe(message);
  });

  it("counts only an object's own keys, as JSON does: inherited ones never make an event refused", () => {
    // The quick look also visits inherited keys (only making it doubt sooner); the serialization decides.
    const inherited = Object.create({ note: 'x'.repeat(MAX_EVENT_LENGTH), deep: nested(100) });
    inherited.sku = 'A-1';
    expect(problem({ metadata: inherited })).toBeUndefined();
    const withArray = Object.create({ list: new Array(20_000).fill(1) });
    expect(problem({ metadata: { items: [withArray] } })).toBeUndefined();
    // Its own keys are still counted.
    inherited.own = 'x'.repeat(MAX_EVENT_LENGTH);
    expect(problem({ metadata: inherited })).toBe('the event is over 16384 characters');
  });

  it('lists no inherited key of an object made on another: the quick look leaves those to the serialization', () => {
    // A prototype whose keys are counted when listed: for-in on an object made on it would list them all
    // (a 5,000,000-element array prototype took 5 s), before any budget could stop it.
    let listed = 0;
    const counting = new Proxy(
      {},
      {
        ownKeys: () => {
          listed++;
          return [];
        },
      },
    );
    expect(problem({ metadata: Object.create(counting) })).toBeUndefined();
    expect(listed).toBe(0);
    const start = performance.now();
    expect(problem({ metadata: Object.create(new Array(5_000_000).fill(1)) })).toBeUndefined();
    expect(performance.now() - start).toBeLessThan(1_000);
  });

  it('refuses an object with too many keys, counting each key', () => {
    const many: { [key: string]: number } = {};
    for (let i = 0; i < 5_000; i++) many[`key${i}`] = i;
    expect(problem({ metadata: many })).toBe('the event is over 16384 characters');
    const few: { [key: string]: number } = {};
    for (let i = 0; i < 500; i++) few[`k${i}`] = i;
    expect(problem({ metadata: few })).toBeUndefined();
  });

  it("checks nesting inside an exposure's value", () => {
    expect(eventProblem({ ...exposure, value: { a: [1] } } as never)).toBeUndefined();
    expect(eventProblem({ ...exposure, value: nested(40) } as never)).toBe('"a" is over 32 levels deep');
  });

  it('answers for an event that throws when read', () => {
    const event = new Proxy(customEvent(1), {
      get: () => {
        throw new Error('trap');
      },
    });
    expect(eventProblem(event)).toBe('"" cannot be serialized (trap)');
  });

  it('stays bounded on input far past the limits: stops at the limit instead of serializing everything', () => {
    const inputs = [nested(1_000_000), { list: new Array(5_000_000).fill(0) }, { s: 'x'.repeat(50_000_000) }];
    for (const metadata of inputs) {
      const start = performance.now();
      expect(problem({ metadata })).toMatch(/over 16384 characters|over 32 levels deep/);
      // A guarantee, not a speed goal: well under 1 ms to 80 ms alone here, where serializing the 50 MB
      // string whole takes about a second and the million-level object overflows the stack.
      expect(performance.now() - start).toBeLessThan(1_000);
    }
  });
});
