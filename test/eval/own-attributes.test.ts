import { describe, expect, it } from 'vitest';
import { compileCondition, type Attributes } from '../../src/eval/conditions/index.js';
import { readUnitId } from '../../src/eval/unit-id.js';
import { createClient } from '../../src/index.js';
import { createClient as createLiteClient } from '../../src/lite.js';

/** Names every plain object inherits, and `__proto__`, which reads its prototype. */
const INHERITED = ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];

/** The same attributes as a plain object and as one without a prototype. */
function both(attributes: object): Attributes[] {
  return [attributes as Attributes, Object.assign(Object.create(null) as object, attributes) as Attributes];
}

describe('attributes are own properties only', () => {
  it.each(INHERITED)('%s is missing, at the top and nested, unless the user has it', (name) => {
    for (const attributes of both({ a: { b: {} }, plan: 'pro' })) {
      expect(compileCondition({ [name]: { $exists: true } })(attributes)).toBe(false);
      expect(compileCondition({ [name]: { $exists: false } })(attributes)).toBe(true);
      expect(compileCondition({ [`a.${name}`]: { $exists: true } })(attributes)).toBe(false);
      expect(compileCondition({ [`a.b.${name}`]: { $type: 'object' } })(attributes)).toBe(false);
      expect(compileCondition({ [`a.${name}.name`]: { $exists: true } })(attributes)).toBe(false);
      expect(compileCondition({ [name]: null })(attributes)).toBe(true);
      expect(compileCondition({ $or: [{ [name]: { $exists: true } }, { plan: 'free' }] })(attributes)).toBe(false);
    }
    // An own property of that name is an attribute like any other (JSON.parse defines `__proto__` as one).
    const own = JSON.parse(`{${JSON.stringify(name)}:"x","a":{${JSON.stringify(name)}:"y"}}`) as Attributes;
    expect(compileCondition({ [name]: 'x', [`a.${name}`]: 'y' })(own)).toBe(true);
  });

  it("the issue's condition no longer matches every user", () => {
    const ruleset = { gates: { g: { rules: [{ id: 'r', when: { toString: { $exists: true } } }] } } };
    const full = createClient({ ruleset, environment: 'server', onError: () => {} });
    const lite = createLiteClient({ ruleset });
    for (const user of [{ userID: 'u' }, Object.assign(Object.create(null) as object, { userID: 'u' }), {}]) {
      expect(full.checkGate('g', user)).toBe(false);
      expect(lite.checkGate('g', user)).toBe(false);
    }
    expect(full.checkGate('g', { userID: 'u', toString: 'mine' })).toBe(true);
  });

  it.each(INHERITED)('a unit named %s has no id unless the user has one', (name) => {
    for (const attributes of both({ userID: 'u' })) expect(readUnitId(attributes as never, name)).toBeUndefined();
    expect(readUnitId(JSON.parse(`{${JSON.stringify(name)}:"id-1"}`) as never, name)).toBe('id-1');
  });

  it('an inherited unit id is not bucketed, in rollouts and experiments', () => {
    class Visitor {
      get userID(): string {
        return 'from-prototype';
      }
    }
    const ruleset = {
      gates: { g: { rules: [{ id: 'half', rollout: 50 }] } },
      experiments: {
        e: {
          variants: [
            { key: 'a', weight: 50 },
            { key: 'b', weight: 50 },
          ],
        },
      },
    };
    const client = createClient({ ruleset, environment: 'server', onError: () => {} });
    // Read as a user without an id: the same details as for `{}`, not those of the id on the prototype.
    expect(client.getGateDetails('g', new Visitor() as never)).toEqual(client.getGateDetails('g', {}));
    expect(client.getGateDetails('g', new Visitor() as never)).not.toEqual(
      client.getGateDetails('g', { userID: 'from-prototype' }),
    );
    expect(client.getExperiment('e', new Visitor() as never).variant).toBeNull();
    expect(client.getExperiment('e', { userID: 'from-prototype' }).variant).not.toBeNull();
  });

  it('saved groups are read by own name only', () => {
    for (const groups of [{ staff: ['u1'] }, Object.assign(Object.create(null) as object, { staff: ['u1'] })]) {
      for (const name of INHERITED) {
        expect(compileCondition({ id: { $inGroup: name } }, groups as never)({ id: 'u1' })).toBe(false);
        expect(compileCondition({ id: { $notInGroup: name } }, groups as never)({ id: 'u1' })).toBe(true);
      }
      expect(compileCondition({ id: { $inGroup: 'staff' } }, groups as never)({ id: 'u1' })).toBe(true);
    }
  });
});
