import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { parseRuleset } from '../../src/ruleset/parse.js';
import { sharedSalts } from '../../src/ruleset/shared-salts.js';

const rollout = (id: string, percent: number, extra: object = {}) => ({ id, rollout: percent, ...extra });
const variants = [
  { key: 'control', weight: 50 },
  { key: 'treatment', weight: 50 },
];

describe('sharedSalts', () => {
  it('finds a gate and a parameter of one name whose rules share an id', () => {
    const ruleset = parseRuleset({
      version: 1,
      gates: { checkout: { rules: [rollout('rollout', 20)] } },
      params: { checkout: { default: 1, rules: [rollout('rollout', 50, { value: 2 })] } },
    });
    expect(sharedSalts(ruleset)).toEqual([
      { salt: 'checkout.rollout', unit: 'userID', decisions: ['gates.checkout.rules[0]', 'params.checkout.rules[0]'] },
    ]);
  });

  it('finds defaults that meet across kinds: rule r of gate x and experiment x.r, rule allocation and an allocation', () => {
    const ruleset = parseRuleset({
      version: 1,
      gates: { x: { rules: [rollout('r', 10), rollout('allocation', 30)] } },
      experiments: { 'x.r': { variants }, x: { allocation: 40, variants } },
    });
    expect(sharedSalts(ruleset)).toEqual([
      { salt: 'x.r', unit: 'userID', decisions: ['gates.x.rules[0]', 'experiments["x.r"] (variants)'] },
      { salt: 'x.allocation', unit: 'userID', decisions: ['gates.x.rules[1]', 'experiments.x (allocation)'] },
    ]);
  });

  it('counts the salts a ruleset sets itself, layers and holdouts included', () => {
    const ruleset = parseRuleset({
      version: 1,
      experiments: { a: { salt: 'shared', variants }, b: { salt: 'shared', variants } },
      layers: { l: { salt: 'shared', experiments: [] } },
      holdouts: { h: { salt: 'shared', percent: 5 } },
    });
    expect(sharedSalts(ruleset)).toEqual([
      {
        salt: 'shared',
        unit: 'userID',
        decisions: ['experiments.a (variants)', 'experiments.b (variants)', 'layers.l', 'holdouts.h'],
      },
    ]);
  });

  it('leaves out decisions that hash nothing or hash another unit', () => {
    const ruleset = parseRuleset({
      version: 1,
      gates: {
        checkout: {
          rules: [rollout('everyone', 100), rollout('nobody', 0), rollout('devices', 20, { unit: 'deviceID' })],
        },
      },
      params: {
        checkout: { default: 1, rules: [rollout('everyone', 30, { value: 2 }), rollout('devices', 20, { value: 3 })] },
      },
      experiments: { solo: { variants: [{ key: 'only', weight: 100 }] }, 'solo.allocation': { variants } },
      holdouts: { all: { salt: 'solo', percent: 100 } },
    });
    expect(sharedSalts(ruleset)).toEqual([]);
  });

  it('warns about something real: a gate and a parameter sharing a salt pick exactly the same units', () => {
    // The premise of the warning, checked on the evaluator rather than assumed.
    const ruleset = {
      version: 1,
      gates: { checkout: { rules: [rollout('rollout', 20)] } },
      params: { checkout: { default: 'old', rules: [rollout('rollout', 20, { value: 'new' })] } },
    };
    expect(sharedSalts(parseRuleset(ruleset))).toHaveLength(1);
    const client = createClient({ ruleset, environment: 'server' });
    const users = Array.from({ length: 2000 }, (_, index) => ({ userID: `user-${index}` }));
    const passed = users.filter((user) => client.checkGate('checkout', user));
    const gotNew = users.filter((user) => client.getParam<string>('checkout', 'old', user) === 'new');
    expect(passed.length).toBeGreaterThan(300);
    expect(gotNew).toEqual(passed);
  });

  it('spells the allocation salt as the evaluator does: rule allocation of gate x admits exactly the units experiment x allocates', () => {
    const ruleset = {
      version: 1,
      gates: { x: { rules: [rollout('allocation', 30)] } },
      experiments: { x: { allocation: 30, variants } },
    };
    expect(sharedSalts(parseRuleset(ruleset)).map((shared) => shared.salt)).toEqual(['x.allocation']);
    const client = createClient({ ruleset, environment: 'server' });
    const users = Array.from({ length: 2000 }, (_, index) => ({ userID: `user-${index}` }));
    const passed = users.filter((user) => client.checkGate('x', user));
    const allocated = users.filter((user) => client.getExperiment('x', user).inExperiment);
    expect(passed.length).toBeGreaterThan(300);
    expect(allocated).toEqual(passed);
  });
});
