/**
 * One read path, three clients: the lean client reads the same gates,
 * experiments (a layer, a holdout, an allocation, targeting), experiment
 * params and parameters as the lite and the full client, user by user, for
 * users passed to each read and for a bound user.
 */
import { describe, expect, it } from 'vitest';
import { createClient as createFullClient } from '../../src/index.js';
import { createClient as createLiteClient } from '../../src/lite.js';
import { createClient } from '../../src/lean.js';
import { everyRead, readsFor, shopRuleset, visitors } from './shop-ruleset.js';

const users = visitors(500);
const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe('lean, lite and full read alike', () => {
  it('for 500 users passed to each read', () => {
    const lean = createClient({ ruleset: shopRuleset, logger: silent });
    const lite = createLiteClient({ ruleset: shopRuleset, logger: silent });
    const full = createFullClient({ ruleset: shopRuleset, environment: 'server', logger: silent });
    const distinct = new Set<string>();
    for (const user of users) {
      const expected = everyRead(readsFor(full, user));
      expect(everyRead(readsFor(lean, user))).toEqual(expected);
      expect(everyRead(readsFor(lite, user))).toEqual(expected);
      distinct.add(JSON.stringify(expected));
    }
    // The users differ in what they read: a comparison of many answers, not of 500 defaults.
    expect(distinct.size).toBeGreaterThan(50);
  });

  it('for a bound user, switched with setUser', () => {
    const lean = createClient({ ruleset: shopRuleset, user: users[0], logger: silent });
    const full = createFullClient({ ruleset: shopRuleset, environment: 'server', logger: silent });
    expect(everyRead(lean)).toEqual(everyRead(readsFor(full, users[0]!)));
    for (const user of users.slice(1, 100)) {
      lean.setUser(user);
      expect(everyRead(lean)).toEqual(everyRead(readsFor(full, user)));
    }
  });

  it('for a ruleset that the source-less lean client is given later with setRuleset', () => {
    const lean = createClient({ logger: silent });
    expect(lean.setRuleset(shopRuleset)).toBe(true);
    expect(lean.status().origin).toBe('static');
    expect(lean.getRuleset()).toBe(shopRuleset);
    const full = createFullClient({ ruleset: shopRuleset, environment: 'server', logger: silent });
    for (const user of users.slice(0, 100))
      expect(everyRead(readsFor(lean, user))).toEqual(everyRead(readsFor(full, user)));
  });
});
