import { describe, expect, it } from 'vitest';
import { normalizeRuleset } from '../../src/ruleset/normalize.js';
import type { RulesetInput } from '../../src/ruleset/normalize.js';
import { fullDocument } from './helpers.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) deepFreeze((value as { [key: string]: unknown })[key]);
    Object.freeze(value);
  }
  return value;
}

describe('normalizeRuleset', () => {
  it('fills the top-level defaults of an empty document', () => {
    expect(normalizeRuleset({})).toStrictEqual({
      version: 1,
      gates: {},
      experiments: {},
      layers: {},
      holdouts: {},
      params: {},
      segments: {},
    });
  });

  it('fills every default of every entity', () => {
    const ruleset = normalizeRuleset(fullDocument());
    expect(ruleset).toStrictEqual({
      version: 1,
      revision: 'r42',
      gates: {
        new_checkout: {
          unit: 'userID',
          enabled: true,
          salt: 'new_checkout',
          rules: [
            { id: 'staff', rollout: 100, salt: 'staff', unit: 'userID', segments: ['staff'] },
            { id: 'beta', rollout: 50, salt: 'beta', unit: 'userID', requires: [{ gate: 'beta_program', pass: true }] },
          ],
        },
        beta_program: {
          unit: 'companyID',
          enabled: false,
          salt: 'beta_program',
          // A rule's unit defaults to its gate's unit, not to userID.
          rules: [{ id: 'all', rollout: 100, salt: 'all', unit: 'companyID' }],
        },
      },
      experiments: {
        button_color: {
          unit: 'userID',
          salt: 'button_color',
          allocation: 100,
          variants: [
            { key: 'red', weight: 33.33, params: {} },
            { key: 'green', weight: 33.33, params: {} },
            { key: 'blue', weight: 33.34, params: { color: '#22d' } },
          ],
          status: 'running',
          startAt: '2025-03-01T00:00:00Z',
          endAt: '2025-04-01T00:00:00+02:00',
          forced: { blue: ['qa-1', 'qa-2'] },
        },
        checkout_copy: {
          unit: 'userID',
          salt: 'checkout_copy',
          allocation: 50,
          variants: [
            { key: 'short', weight: 50, params: {} },
            { key: 'long', weight: 50, params: {} },
          ],
          status: 'stopped',
          shipped: 'long',
          when: { country: { $in: ['US'] } },
          layer: 'checkout',
        },
      },
      layers: {
        checkout: { unit: 'userID', salt: 'checkout.layer', experiments: [{ experiment: 'checkout_copy', share: 40 }] },
      },
      holdouts: {
        global: {
          unit: 'userID',
          salt: 'global.holdout',
          percent: 5,
          gates: ['new_checkout'],
          experiments: ['button_color'],
          params: ['shipping_threshold'],
        },
      },
      params: {
        shipping_threshold: {
          unit: 'userID',
          salt: 'shipping_threshold',
          default: 50,
          rules: [{ id: 'canada', value: 75, rollout: 100, salt: 'canada', unit: 'userID', when: { country: 'CA' } }],
        },
      },
      segments: {
        staff: { unit: 'userID', ids: ['u1', 2], when: { email: { $regexi: '@ACME\\.com$' } } },
        europe: { unit: 'userID', when: { country: { $in: ['DE', 'FR'] } } },
      },
    });
  });

  it('keeps explicit values instead of defaults', () => {
    const ruleset = normalizeRuleset({
      gates: {
        g: {
          unit: 'deviceID',
          enabled: true,
          salt: 's',
          rules: [{ id: 'r', rollout: 0, salt: 'rs', unit: 'companyID' }],
        },
      },
      layers: { l: { unit: 'deviceID', salt: 'ls', experiments: [] } },
      holdouts: { h: { unit: 'deviceID', salt: 'hs', percent: 0, gates: [], experiments: [], params: [] } },
      params: {
        p: {
          unit: 'deviceID',
          salt: 'ps',
          default: null,
          rules: [{ id: 'r', value: [1], rollout: 0, salt: 'x', unit: 'u' }],
        },
      },
      segments: { s: { unit: 'deviceID', ids: [] } },
    });
    expect(ruleset.gates['g']).toStrictEqual({
      unit: 'deviceID',
      enabled: true,
      salt: 's',
      rules: [{ id: 'r', rollout: 0, salt: 'rs', unit: 'companyID' }],
    });
    expect(ruleset.layers['l']).toStrictEqual({ unit: 'deviceID', salt: 'ls', experiments: [] });
    expect(ruleset.holdouts['h']).toStrictEqual({
      unit: 'deviceID',
      salt: 'hs',
      percent: 0,
      gates: [],
      experiments: [],
      params: [],
    });
    expect(ruleset.params['p']).toStrictEqual({
      unit: 'deviceID',
      salt: 'ps',
      default: null,
      rules: [{ id: 'r', value: [1], rollout: 0, salt: 'x', unit: 'u' }],
    });
    expect(ruleset.segments['s']).toStrictEqual({ unit: 'deviceID', ids: [] });
  });

  it('gives a parameter rule its parameter unit by default', () => {
    const ruleset = normalizeRuleset({
      params: { p: { unit: 'deviceID', default: 1, rules: [{ id: 'r', value: 2 }] } },
    });
    expect(ruleset.params['p']?.rules[0]?.unit).toBe('deviceID');
  });

  it('fills an empty rule list for a gate and a parameter without rules', () => {
    const ruleset = normalizeRuleset({ gates: { g: {} }, params: { p: { default: 'x' } } });
    expect(ruleset.gates['g']?.rules).toStrictEqual([]);
    expect(ruleset.params['p']?.rules).toStrictEqual([]);
  });

  it('takes an experiment layer from the first layer listing it, ignoring a written one', () => {
    const ruleset = normalizeRuleset({
      experiments: {
        a: { variants: [{ key: 'x', weight: 100 }], layer: 'elsewhere' },
        b: { variants: [{ key: 'x', weight: 100 }] },
        c: { variants: [{ key: 'x', weight: 100 }] },
      },
      layers: {
        one: { experiments: [{ experiment: 'a', share: 50 }] },
        two: {
          experiments: [
            { experiment: 'b', share: 50 },
            { experiment: 'a', share: 50 },
          ],
        },
      },
    });
    expect(ruleset.experiments['a']?.layer).toBe('one');
    expect(ruleset.experiments['b']?.layer).toBe('two');
    expect(ruleset.experiments['c']).not.toHaveProperty('layer');
  });

  it('does not mutate its input (frozen deeply) and leaves it equal to before', () => {
    const input = fullDocument();
    const before = structuredClone(input);
    normalizeRuleset(deepFreeze(input));
    expect(input).toStrictEqual(before);
  });

  it('shares no objects with its input', () => {
    const input = fullDocument();
    const ruleset = normalizeRuleset(input);
    const inputObjects = new Set<unknown>();
    const collect = (value: unknown): void => {
      if (typeof value !== 'object' || value === null) return;
      inputObjects.add(value);
      for (const child of Object.values(value)) collect(child);
    };
    collect(input);
    const shared: unknown[] = [];
    const check = (value: unknown): void => {
      if (typeof value !== 'object' || value === null) return;
      if (inputObjects.has(value)) shared.push(value);
      for (const child of Object.values(value)) check(child);
    };
    check(ruleset);
    expect(shared).toStrictEqual([]);
  });

  it('keeps keys named __proto__ as own data instead of changing prototypes', () => {
    const input = JSON.parse(
      '{"gates":{"__proto__":{"rules":[{"id":"r","when":{"__proto__":{"$eq":1}}}]}},"params":{"p":{"default":{"__proto__":2}}}}',
    ) as RulesetInput;
    const ruleset = normalizeRuleset(input);
    expect(Object.keys(ruleset.gates)).toStrictEqual(['__proto__']);
    expect(Object.getPrototypeOf(ruleset.gates)).toBe(Object.prototype);
    const when = ruleset.gates['__proto__']?.rules[0]?.when;
    expect(Object.keys(when ?? {})).toStrictEqual(['__proto__']);
    expect(Object.getPrototypeOf(when)).toBe(Object.prototype);
    expect(Object.keys(ruleset.params['p']?.default as object)).toStrictEqual(['__proto__']);
  });

  it('does not validate: a trusted ruleset with bad weights passes through unchanged', () => {
    const ruleset = normalizeRuleset({ experiments: { e: { variants: [{ key: 'a', weight: 10 }] } } });
    expect(ruleset.experiments['e']?.variants).toStrictEqual([{ key: 'a', weight: 10, params: {} }]);
  });
});
