/** fast-check arbitraries shared by the property tests: operator-heavy conditions, JSON and hostile attributes. */
import fc from 'fast-check';
import { FIELD_OPERATORS } from '../../../src/ruleset/operator-names.js';
import type { Condition, Json } from '../../../src/ruleset/types.js';

const keys = ['a', 'b', 'a.b', 'tags', 'v', '$groups'];

/** Small primitives that hit the interesting coercions (numeric strings, versions, case, "null"). */
export const primitive: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom('a', 'A', 'b', '1', '10', '1.2.3', 'v2.0.0-rc.1', '', 'null', '^a', '(', 'string', 'array', 'g1'),
  fc.integer({ min: -3, max: 12 }),
  fc.boolean(),
  fc.constant(null),
);

/** JSON values built from {@link primitive}. */
export const jsonValue: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    primitive,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b'), tie('value'), { maxKeys: 2, noNullPrototype: true }),
  ),
})).value;

/** Conditions that use every operator, well-formed or not, nested through the logical operators. */
export const condition: fc.Arbitrary<Condition> = fc.letrec<{ value: Json; condition: Condition }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    primitive,
    fc.array(primitive, { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...FIELD_OPERATORS, '$bogus'), fc.oneof(jsonValue, tie('value')), {
      minKeys: 1,
      maxKeys: 2,
      noNullPrototype: true,
    }),
  ),
  condition: fc.oneof(
    { depthSize: 'small' },
    fc.dictionary(fc.constantFrom(...keys), tie('value'), { maxKeys: 3, noNullPrototype: true }),
    fc.record({ $and: fc.array(tie('condition'), { maxLength: 2 }) }),
    fc.record({ $or: fc.array(tie('condition'), { maxLength: 2 }) }),
    fc.record({ $nor: fc.array(tie('condition'), { maxLength: 2 }) }),
    fc.record({ $not: tie('condition') }),
    fc.record({ a: tie('value'), $or: fc.oneof(fc.array(tie('condition'), { maxLength: 2 }), jsonValue) }),
  ),
})).condition;

/** Any JSON object as a condition (mostly literals and nonsense). */
export const anyJsonCondition: fc.Arbitrary<Condition> = fc.dictionary(
  fc.string({ maxLength: 6 }),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
);

/** Attributes made of JSON values under the keys conditions use. */
export const jsonAttributes: fc.Arbitrary<Record<string, Json>> = fc.dictionary(
  fc.constantFrom('a', 'b', 'tags', 'v', '$groups'),
  jsonValue,
  {
    maxKeys: 5,
    noNullPrototype: true,
  },
);

/**
 * Hostile values are generated as plain descriptions (`{ "@hostile": kind }`)
 * and built inside the property by {@link materialize}: fast-check inspects
 * and prints generated values, and a revoked proxy or a throwing trap would
 * break fast-check itself rather than the code under test.
 */
const HOSTILE_KINDS = [
  'bigint',
  'symbol',
  'undefined',
  'function',
  'null-prototype',
  'throwing-conversions',
  'throwing-to-primitive',
  'invalid-date',
  'map',
  'sparse-array',
  'cycle',
  'throwing-getter',
  'revoked-proxy',
  'trapping-proxy',
  'nan',
  'lone-surrogate',
] as const;

/** The kind of one hostile value. */
export type HostileKind = (typeof HOSTILE_KINDS)[number];

/** A description of a hostile value. */
export interface HostileMarker {
  '@hostile': HostileKind;
}

function build(kind: HostileKind): unknown {
  switch (kind) {
    case 'bigint':
      return 12345678901234567890n;
    case 'symbol':
      return Symbol('a');
    case 'undefined':
      return undefined;
    case 'function':
      return () => 1;
    case 'null-prototype':
      return Object.create(null) as unknown;
    case 'throwing-conversions':
      return { toString: fail, valueOf: fail, toJSON: fail };
    case 'throwing-to-primitive':
      return { [Symbol.toPrimitive]: fail };
    case 'invalid-date':
      return new Date(Number.NaN);
    case 'map':
      return new Map([['a', 1]]);
    case 'sparse-array':
      return [1, , 3] as unknown;
    case 'cycle': {
      const node: { self?: unknown; list: unknown[] } = { list: [] };
      node.self = node;
      node.list.push(node);
      return node;
    }
    case 'throwing-getter':
      return Object.defineProperty({}, 'b', { enumerable: true, get: fail });
    case 'revoked-proxy': {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    }
    case 'trapping-proxy':
      return new Proxy([], { get: fail, has: fail, ownKeys: fail, getPrototypeOf: fail });
    case 'nan':
      return Number.NaN;
    case 'lone-surrogate':
      return '\ud800a';
  }
}

function fail(): never {
  throw new Error('hostile');
}

function isMarker(value: unknown): value is HostileMarker {
  return typeof value === 'object' && value !== null && '@hostile' in value;
}

/** Builds the real value from a description, replacing every marker, however deeply nested. */
export function materialize(description: unknown): unknown {
  if (isMarker(description)) return build(description['@hostile']);
  if (Array.isArray(description)) return description.map(materialize);
  if (typeof description === 'object' && description !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(description)) out[key] = materialize(value);
    return out;
  }
  return description;
}

/** A description of one hostile value. */
export const hostileValue: fc.Arbitrary<HostileMarker> = fc
  .constantFrom(...HOSTILE_KINDS)
  .map((kind) => ({ '@hostile': kind }));

/** A description of attributes mixing JSON and hostile values, also nested and inside arrays. */
export const hostileAttributes: fc.Arbitrary<unknown> = fc.oneof(
  fc.dictionary(
    fc.constantFrom('a', 'b', 'tags', 'v', '$groups'),
    fc.oneof(
      hostileValue,
      jsonValue,
      fc.array(fc.oneof(hostileValue, jsonValue), { maxLength: 3 }),
      fc.record({ b: hostileValue }),
    ),
    { maxKeys: 5, noNullPrototype: true },
  ),
  hostileValue,
);
