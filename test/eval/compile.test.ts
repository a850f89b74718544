import { describe, expect, it } from 'vitest';
import { BUCKET_COUNT, compileRuleset, percentToThreshold } from '../../src/eval/index.js';
import { readUnitId } from '../../src/eval/unit-id.js';
import { normalizeRuleset } from '../../src/ruleset/normalize.js';
import type { Ruleset } from '../../src/ruleset/types.js';
import { experiment, gate } from './helpers.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

const sample = (): Ruleset =>
  normalizeRuleset({
    segments: { beta: { ids: ['u1'] } },
    gates: { g: { rules: [{ id: 'r', rollout: 20, segments: ['beta'], when: { userID: { $inGroup: 'beta' } } }] } },
    experiments: {
      e: {
        variants: [
          { key: 'a', weight: 50 },
          { key: 'b', weight: 50 },
        ],
        forced: { a: ['qa'] },
        startAt: '2030-01-01T00:00:00Z',
      },
    },
    layers: { l: { experiments: [{ experiment: 'e', share: 50 }] } },
    holdouts: { h: { percent: 5, gates: ['g'], experiments: ['e'] } },
    params: { p: { default: 1, rules: [{ id: 'r', value: 2 }] } },
  });

describe('compileRuleset', () => {
  it('neither mutates nor depends on mutating the ruleset (works on a deeply frozen one)', () => {
    const ruleset = deepFreeze(sample());
    const before = JSON.stringify(ruleset);
    const compiled = compileRuleset(ruleset);
    expect(JSON.stringify(ruleset)).toBe(before);
    expect(gate(compiled, 'g', { userID: 'u1' }).ruleId).toBe('r');
  });

  it('gives independent compiled rulesets that can be used interleaved', () => {
    const first = compileRuleset(sample());
    const second = compileRuleset(
      normalizeRuleset({ experiments: { e: { variants: [{ key: 'only', weight: 100 }] } } }),
    );
    const now = Date.parse('2031-01-01T00:00:00Z');
    for (const id of ['u1', 'u2', 'é-1', 'u3']) {
      const a = experiment(first, 'e', { userID: id }, now);
      expect(experiment(second, 'e', { userID: id }, now).value).toBe('only');
      expect(experiment(first, 'e', { userID: id }, now)).toEqual(a);
    }
  });
});

describe('percentToThreshold', () => {
  it('maps a percent with two decimals to hundredths of a percent', () => {
    expect(percentToThreshold(0)).toBe(0);
    expect(percentToThreshold(0.01)).toBe(1);
    expect(percentToThreshold(20)).toBe(2000);
    expect(percentToThreshold(33.33)).toBe(3333);
    // 0.29 * 100 is 28.999999999999996 in binary floating point: rounding, not truncation.
    expect(percentToThreshold(0.29)).toBe(29);
    expect(percentToThreshold(100)).toBe(BUCKET_COUNT);
  });

  it('clamps to [0, 10000] and maps non-numbers to 0', () => {
    expect(percentToThreshold(150)).toBe(10000);
    expect(percentToThreshold(-5)).toBe(0);
    expect(percentToThreshold(Number.NaN)).toBe(0);
    expect(percentToThreshold(Number.POSITIVE_INFINITY)).toBe(0);
    expect(percentToThreshold('50' as unknown as number)).toBe(0);
  });
});

describe('readUnitId', () => {
  it('accepts non-empty strings and finite numbers', () => {
    expect(readUnitId({ userID: 'u1' }, 'userID')).toBe('u1');
    expect(readUnitId({ userID: 0 }, 'userID')).toBe('0');
    expect(readUnitId({ userID: -0 }, 'userID')).toBe('0');
    expect(readUnitId({ userID: 1.5 }, 'userID')).toBe('1.5');
  });

  it('rejects everything else, so nothing is ever hashed as "undefined"', () => {
    for (const value of [
      undefined,
      null,
      '',
      Number.NaN,
      Number.POSITIVE_INFINITY,
      true,
      {},
      [],
      ['u1'],
      1n,
      Symbol('u'),
    ]) {
      expect(readUnitId({ userID: value }, 'userID')).toBeUndefined();
    }
    expect(readUnitId({}, 'userID')).toBeUndefined();
    expect(readUnitId({}, 'toString')).toBeUndefined();
    expect(readUnitId({}, '__proto__')).toBeUndefined();
  });
});
