/** fast-check arbitraries shared by the property tests: operator-heavy conditions, JSON and hostile attributes. */
import fc from 'fast-check';
import { FIELD_OPERATORS } from '../../../src/eval/conditions/operator-names.js';
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
export const anyJsonCondition: fc.Arbitrary<Condition> = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }));

/** Attributes made of JSON values under the keys conditions use. */
export const jsonAttributes: fc.Arbitrary<Record<string, Json>> = fc.dictionary(fc.constantFrom('a', 'b', 'tags', 'v', '$groups'), jsonValue, {
  maxKeys: 5,
  noNullPrototype: true,
});

function cyclic(): unknown {
  const node: { self?: unknown; list: unknown[] } = { list: [] };
  node.self = node;
  node.list.push(node);
  return node;
}

function throwingGetter(): unknown {
  return Object.defineProperty({}, 'b', {
    enumerable: true,
    get() {
      throw new Error('getter');
    },
  });
}

function revokedProxy(): unknown {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

function trappingProxy(): unknown {
  return new Proxy([], {
    get() {
      throw new Error('get trap');
    },
    ownKeys() {
      throw new Error('ownKeys trap');
    },
  });
}

/** Values an application could hand in by mistake, or on purpose. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.bigInt(),
  fc.string().map((s) => Symbol(s)),
  fc.constant(undefined),
  fc.constant(() => 1),
  fc.constant(Object.create(null) as unknown),
  fc.constant({ toString: () => { throw new Error('toString'); }, valueOf: () => { throw new Error('valueOf'); } }),
  fc.constant({ [Symbol.toPrimitive]: () => { throw new Error('toPrimitive'); } }),
  fc.constant(new Date(Number.NaN)),
  fc.constant(new Map([[1, 2]])),
  fc.constant([1, , 3] as unknown),
  fc.double(),
  fc.string({ unit: 'binary', maxLength: 10 }),
  fc.constant(null).map(cyclic),
  fc.constant(null).map(throwingGetter),
  fc.constant(null).map(revokedProxy),
  fc.constant(null).map(trappingProxy),
);

/** Attributes mixing JSON and hostile values, including at nested and array positions. */
export const hostileAttributes: fc.Arbitrary<unknown> = fc.oneof(
  fc.dictionary(
    fc.constantFrom('a', 'b', 'tags', 'v', '$groups'),
    fc.oneof(hostileValue, jsonValue, fc.array(fc.oneof(hostileValue, jsonValue), { maxLength: 3 }), fc.record({ b: hostileValue })),
    { maxKeys: 5 },
  ),
  hostileValue,
);
