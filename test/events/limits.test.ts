import { describe, expect, it } from 'vitest';
import {
  eventProblem, jsonProblem, MAX_ABS_VALUE, MAX_EVENT_ID_LENGTH, MAX_EVENT_NAME_LENGTH, MAX_JSON_DEPTH, MAX_JSON_LENGTH,
  MAX_UNIT_ID_LENGTH, MAX_UNITS,
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

describe('jsonProblem', () => {
  it('accepts JSON within the limits, undefined members included (JSON leaves them out)', () => {
    expect(jsonProblem({ sku: 'A-1', items: [1, 2, { x: null }], ok: true, gone: undefined })).toBeUndefined();
    expect(jsonProblem(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(jsonProblem({ s: 'x'.repeat(MAX_JSON_LENGTH - 8) })).toBeUndefined();
    // Brackets inside strings (and escaped quotes) do not nest.
    expect(jsonProblem({ s: '[[[[{{{{\\"[['.repeat(100) })).toBeUndefined();
  });

  it.each<[string, () => unknown, RegExp]>([
    ['a cycle', cyclic, /cannot be serialized/],
    ['a BigInt', () => ({ amount: 10n }), /"amount" is a bigint/],
    ['a function', () => ({ run: () => 1 }), /"run" is a function/],
    ['a symbol', () => ({ tag: Symbol('t') }), /"tag" is a symbol/],
    ['NaN', () => ({ n: Number.NaN }), /"n" is NaN/],
    ['Infinity in an array', () => ({ list: [1, Number.POSITIVE_INFINITY] }), /"1" is Infinity/],
    ['a throwing getter', () => ({ get boom() { throw new Error('getter'); } }), /cannot be serialized \(getter\)/],
    ['a throwing toJSON', () => ({ x: { toJSON() { throw new Error('toJSON'); } } }), /cannot be serialized \(toJSON\)/],
    ['one level too deep', () => nested(MAX_JSON_DEPTH + 1), /nested deeper than 32 levels/],
    ['3,000 levels deep', () => nested(3_000), /nested deeper than 32 levels/],
    ['a string past the size', () => ({ s: 'x'.repeat(MAX_JSON_LENGTH) }), /over 16384 characters/],
    ['many small values past the size', () => ({ list: new Array(20_000).fill(1) }), /over 16384 characters/],
  ])('refuses %s', (_name, make, message) => {
    expect(jsonProblem(make())).toMatch(message);
  });

  it('stays bounded on input far past the limits (no throw, no stack overflow)', () => {
    const inputs = [nested(1_000_000), { list: new Array(5_000_000).fill(0) }, { s: 'x'.repeat(50_000_000) }];
    for (const input of inputs) {
      const start = performance.now();
      expect(jsonProblem(input)).toMatch(/over 16384 characters|nested deeper than 32/);
      // It stops at the size limit instead of serializing everything (tens of milliseconds to seconds here).
      expect(performance.now() - start).toBeLessThan(50);
    }
  });
});

describe('eventProblem', () => {
  it('accepts a valid event', () => {
    expect(eventProblem(customEvent(1, { sku: 'A-1' }))).toBeUndefined();
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['an id past the limit', { id: 'i'.repeat(MAX_EVENT_ID_LENGTH + 1) }, /id is over 128 characters/],
    ['an empty id', { id: '' }, /id must be a non-empty string/],
    ['a name past the limit', { name: 'n'.repeat(MAX_EVENT_NAME_LENGTH + 1) }, /name is over 256 characters/],
    ['a unit id past the limit', { units: { userID: 'u'.repeat(MAX_UNIT_ID_LENGTH + 1) } }, /units.userID must be a string of at most 256/],
    ['too many units', { units: Object.fromEntries(Array.from({ length: MAX_UNITS + 1 }, (_, i) => [`u${i}`, 'x'])) }, /more than 16 ids/],
    ['a value past the range', { value: MAX_ABS_VALUE * 10 }, /value must be a finite number within/],
    ['a value of 1e200', { value: 1e200 }, /value must be a finite number/],
    ['a NaN value', { value: Number.NaN }, /value must be a finite number/],
    ['a fractional time', { time: 1.5 }, /time must be an integer/],
    ['metadata that is an array', { metadata: [1] }, /metadata must be an object/],
    ['metadata that is a string', { metadata: 'text' }, /metadata must be an object/],
    ['cyclic metadata', { metadata: cyclic() }, /metadata cannot be serialized/],
    ['deep metadata', { metadata: nested(3_000) }, /metadata is nested deeper/],
    ['BigInt metadata', { metadata: { n: 1n } }, /metadata "n" is a bigint/],
    ['a long attribute', { attributes: { plan: 'p'.repeat(MAX_JSON_LENGTH) } }, /attributes is over/],
  ])('refuses %s', (_name, fields, message) => {
    expect(eventProblem({ ...customEvent(1), ...fields } as never)).toMatch(message);
  });

  it('checks an exposure\'s keys and JSON value', () => {
    const exposure = { id: 'x', type: 'exposure', name: 'g', kind: 'param', reason: 'SPLIT', time: 1, units: {}, source: 'client' };
    expect(eventProblem({ ...exposure, value: { a: [1] } } as never)).toBeUndefined();
    expect(eventProblem({ ...exposure, value: nested(40) } as never)).toMatch(/^value is nested deeper/);
    expect(eventProblem({ ...exposure, variant: 'v'.repeat(300) } as never)).toMatch(/variant is over 256/);
  });

  it('answers for an event that throws when read', () => {
    const event = new Proxy(customEvent(1), { get: () => { throw new Error('trap'); } });
    expect(eventProblem(event)).toBe('cannot be read');
  });
});
