import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCondition, evalCondition } from '../../../src/eval/conditions/index.js';
import type { Attributes, SavedGroups } from '../../../src/eval/conditions/index.js';
import type { Condition } from '../../../src/ruleset/types.js';
import {
  anyJsonCondition,
  condition,
  hostileAttributes,
  hostileValue,
  jsonAttributes,
  materialize,
} from './arbitraries.js';

const groups: SavedGroups = { g1: [1, 'a'], empty: [] };

/** Compiles once and answers twice: both answers are the same boolean (the compiled form is reused). */
function answers(when: Condition, attributes: unknown, savedGroups?: SavedGroups): boolean {
  const compiled = compileCondition(when, savedGroups);
  const first = compiled(attributes as Attributes);
  expect(typeof first).toBe('boolean');
  expect(compiled(attributes as Attributes)).toBe(first);
  return first;
}

describe('never throws', () => {
  it('for operator-heavy conditions and JSON attributes', () => {
    fc.assert(
      fc.property(condition, jsonAttributes, (when, attributes) => void answers(when, attributes, groups)),
      { numRuns: 3000 },
    );
  });

  it('for arbitrary JSON objects as conditions', () => {
    fc.assert(
      fc.property(anyJsonCondition, jsonAttributes, (when, attributes) => void answers(when, attributes)),
      { numRuns: 1000 },
    );
  });

  it('for hostile attributes (cycles, BigInt, Symbols, throwing getters and traps, revoked proxies)', () => {
    fc.assert(
      fc.property(
        condition,
        hostileAttributes,
        (when, attributes) => void answers(when, materialize(attributes), groups),
      ),
      { numRuns: 3000 },
    );
  });

  it('for hostile values where a condition or groups should be', () => {
    fc.assert(
      fc.property(hostileValue, hostileValue, jsonAttributes, (when, savedGroups, attributes) => {
        void answers(materialize(when) as Condition, attributes, materialize(savedGroups) as SavedGroups);
      }),
      { numRuns: 500 },
    );
  });

  it('for hostile values inside a condition', () => {
    fc.assert(
      fc.property(
        hostileValue,
        fc.constantFrom('$eq', '$in', '$regex', '$vgt', '$elemMatch', '$all', '$and'),
        (operand, operator) => {
          const value = materialize(operand);
          void answers({ a: { [operator]: value } } as unknown as Condition, { a: 1 });
          void answers({ [operator]: value } as unknown as Condition, { a: 1 });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('and compiles a condition that throws while being read to false', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const trap = Object.defineProperty({}, 'a', {
      enumerable: true,
      get: () => {
        throw new Error('getter');
      },
    });
    expect(answers(proxy as Condition, {})).toBe(false);
    expect(answers(trap as Condition, { a: 1 })).toBe(false);
    expect(answers({ a: { $inGroup: 'g' } }, { a: 1 }, proxy as SavedGroups)).toBe(false);
  });

  it('for a condition nested deeper than the stack allows', () => {
    let deep: Condition = { a: 1 };
    for (let i = 0; i < 100_000; i++) deep = { $not: deep };
    expect(answers(deep, { a: 1 })).toBe(false);
  });
});

describe('a throw while evaluating makes the whole condition false', () => {
  const throwing = Object.defineProperty({}, 'age', {
    get() {
      throw new Error('boom');
    },
  });

  it('even under a negation', () => {
    expect(evalCondition({ $not: { age: { $gt: 1 } } }, throwing)).toBe(false);
    expect(evalCondition({ $nor: [{ age: 1 }] }, throwing)).toBe(false);
    expect(evalCondition({ age: { $not: { $eq: 1 } } }, throwing)).toBe(false);
  });

  it('even when a later $or branch always holds', () => {
    expect(evalCondition({ $or: [{ age: 1 }, {}] }, throwing)).toBe(false);
  });

  it('but a branch that decides first is not affected', () => {
    expect(evalCondition({ $or: [{}, { age: 1 }] }, throwing)).toBe(true);
    expect(evalCondition({ $and: [{ x: 1 }, { age: 1 }] }, throwing)).toBe(false);
  });

  it('for cyclic attributes compared by deep equality', () => {
    const node: { self?: unknown } = {};
    node.self = node;
    expect(evalCondition({ $not: { node: { self: {} } } }, { node })).toBe(false);
  });
});
