import { describe, expect, it } from 'vitest';
import { testAtPath } from '../../../src/eval/conditions/path.js';
import { itEvaluates } from './cases.js';

describe('dotted paths', () => {
  itEvaluates([
    { name: 'one level', when: { 'org.tier': 'gold' }, attributes: { org: { tier: 'gold' } }, expected: true },
    { name: 'three levels', when: { 'a.b.c': 1 }, attributes: { a: { b: { c: 1 } } }, expected: true },
    {
      name: 'five levels',
      when: { 'a.b.c.d.e': { $gt: 4 } },
      attributes: { a: { b: { c: { d: { e: 5 } } } } },
      expected: true,
    },
    { name: 'through null', when: { 'org.tier': 'gold' }, attributes: { org: null }, expected: false },
    { name: 'through a number', when: { 'org.tier': 'gold' }, attributes: { org: 7 }, expected: false },
    { name: 'through a string', when: { 'name.length': 3 }, attributes: { name: 'ann' }, expected: false },
    { name: 'array index', when: { 'tags.1': 'b' }, attributes: { tags: ['a', 'b'] }, expected: true },
    { name: 'array length', when: { 'tags.length': 2 }, attributes: { tags: ['a', 'b'] }, expected: true },
    { name: 'missing through an object is null', when: { 'org.tier': null }, attributes: { org: {} }, expected: true },
    { name: 'a key containing a dot is not reachable', when: { 'a.b': 1 }, attributes: { 'a.b': 1 }, expected: false },
    {
      name: 'attribute names starting with $',
      when: { '$groups.0': 'x' },
      attributes: { $groups: ['x'] },
      expected: true,
    },
    { name: 'empty key', when: { '': 1 }, attributes: { '': 1 }, expected: true },
  ]);
});

describe('testAtPath', () => {
  // Records the value the test is given, so the path walk itself can be checked.
  function valueAt(path: string, attributes: unknown): unknown {
    let seen: unknown = 'not called';
    testAtPath(path, (value) => {
      seen = value;
      return true;
    })(attributes);
    return seen;
  }

  it('passes null for anything missing and the value otherwise', () => {
    expect(valueAt('a.b', { a: { b: 0 } })).toBe(0);
    expect(valueAt('a.b', { a: { b: undefined } })).toBeNull();
    expect(valueAt('a.b', { a: {} })).toBeNull();
    expect(valueAt('a.b', {})).toBeNull();
    expect(valueAt('a.b', null)).toBeNull();
    expect(valueAt('a.b', 'a')).toBeNull();
    expect(valueAt('a', { a: undefined })).toBeNull();
    expect(valueAt('a', 7)).toBeNull();
    expect(valueAt('a.b.c', { a: { b: { c: 'x' } } })).toBe('x');
    expect(valueAt('a.b.c', { a: null })).toBeNull();
  });

  it('returns what the test returns', () => {
    expect(testAtPath('a', (value) => value === 1)({ a: 1 })).toBe(true);
    expect(testAtPath('a', (value) => value === 1)({ a: 2 })).toBe(false);
    expect(testAtPath('a.b', (value) => value === 1)({ a: { b: 1 } })).toBe(true);
    expect(testAtPath('a.b', (value) => value === 1)({ a: { b: 2 } })).toBe(false);
  });

  it("sees own getters, not inherited ones (a class's getters are on its prototype)", () => {
    class Account {
      get tier(): string {
        return 'gold';
      }
    }
    const own = Object.defineProperty({}, 'tier', { get: () => 'gold', enumerable: true });
    expect(valueAt('account.tier', { account: own })).toBe('gold');
    expect(valueAt('account.tier', { account: new Account() })).toBeNull();
    expect(valueAt('account.tier', { account: { ...new Account(), tier: 'silver' } })).toBe('silver');
  });

  it.each([
    'toString',
    '__proto__',
    'constructor',
    'hasOwnProperty',
    'valueOf',
    'a.toString',
    'a.__proto__.x',
    'a.constructor.name',
    'tags.push',
    'name.length',
  ])('reads %s as missing unless it is an own property', (path) => {
    const plain = { a: {}, tags: [], name: 'ann' };
    const bare = Object.assign(Object.create(null) as object, {
      a: Object.create(null) as object,
      tags: [],
      name: 'ann',
    });
    expect(valueAt(path, plain)).toBeNull();
    expect(valueAt(path, bare)).toBeNull();
    const key = path.split('.').at(-1)!;
    const ownValue = path
      .split('.')
      .reduceRight<unknown>((inner, step) => JSON.parse(`{${JSON.stringify(step)}:${JSON.stringify(inner)}}`), 'own');
    expect(valueAt(path, ownValue), key).toBe('own');
  });
});
