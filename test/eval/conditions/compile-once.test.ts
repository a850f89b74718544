import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCondition, evalCondition } from '../../../src/eval/conditions/index.js';
import type { SavedGroups } from '../../../src/eval/conditions/index.js';
import type { Condition } from '../../../src/ruleset/types.js';
import { condition, jsonAttributes } from './arbitraries.js';

const groups: SavedGroups = { g1: [1, 'a'], empty: [] };

describe('compile once, evaluate many times', () => {
  it('gives the same answers as evalCondition, call after call', () => {
    fc.assert(
      fc.property(condition, fc.array(jsonAttributes, { minLength: 1, maxLength: 8 }), (when, users) => {
        const compiled = compileCondition(when, groups);
        for (const attributes of [...users, ...users]) {
          expect(compiled(attributes)).toBe(evalCondition(when, attributes, groups));
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('does not see changes made to the condition after compiling', () => {
    fc.assert(
      fc.property(condition, fc.array(jsonAttributes, { minLength: 1, maxLength: 4 }), (when, users) => {
        const original = structuredClone(when);
        const compiled = compileCondition(when, groups);
        scramble(when);
        for (const attributes of users) expect(compiled(attributes)).toBe(evalCondition(original, attributes, groups));
      }),
      { numRuns: 500 },
    );
  });

  it('binds groups at compile time', () => {
    const mutable: { [id: string]: (string | number)[] } = { beta: ['ann'] };
    const inBeta = compileCondition({ user: { $inGroup: 'beta' } }, mutable);
    mutable.beta = ['bob'];
    (mutable.beta as (string | number)[]).push('eve');
    expect(inBeta({ user: 'ann' })).toBe(true);
    expect(inBeta({ user: 'bob' })).toBe(false);
  });
});

// Replaces every leaf and list in place, so a compiled condition that kept references would change its answers.
function scramble(node: unknown): void {
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (Array.isArray(value)) value.splice(0, value.length, 'scrambled');
    else if (typeof value === 'object' && value !== null) scramble(value);
    else record[key] = typeof value === 'string' ? `${value}!` : 'scrambled';
  }
}

describe('compiled constants', () => {
  it('an empty condition passes everyone and a malformed one nobody', () => {
    expect(compileCondition({})({})).toBe(true);
    expect(compileCondition(null as unknown as Condition)({})).toBe(false);
    expect(compileCondition([] as unknown as Condition)({})).toBe(false);
    expect(compileCondition('a' as unknown as Condition)({})).toBe(false);
  });
});
