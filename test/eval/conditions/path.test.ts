import { describe, expect, it } from 'vitest';
import { testAtPath } from '../../../src/eval/conditions/path.js';
import { itEvaluates } from './cases.js';

describe('dotted paths', () => {
  itEvaluates([
    { name: 'one level', when: { 'org.tier': 'gold' }, attributes: { org: { tier: 'gold' } }, expected: true },
    { name: 'three levels', when: { 'a.b.c': 1 }, attributes: { a: { b: { c: 1 } } }, expected: true },
    { name: 'five levels', when: { 'a.b.c.d.e': { $gt: 4 } }, attributes: { a: { b: { c: { d: { e: 5 } } } } }, expected: true },
    { name: 'through null', when: { 'org.tier': 'gold' }, attributes: { org: null }, expected: false },
    { name: 'through a number', when: { 'org.tier': 'gold' }, attributes: { org: 7 }, expected: false },
    { name: 'through a string', when: { 'name.length': 3 }, attributes: { name: 'ann' }, expected: false },
    { name: 'array index', when: { 'tags.1': 'b' }, attributes: { tags: ['a', 'b'] }, expected: true },
    { name: 'array length', when: { 'tags.length': 2 }, attributes: { tags: ['a', 'b'] }, expected: true },
    { name: 'missing through an object is null', when: { 'org.tier': null }, attributes: { org: {} }, expected: true },
    { name: 'a key containing a dot is not reachable', when: { 'a.b': 1 }, attributes: { 'a.b': 1 }, expected: false },
    { name: 'attribute names starting with $', when: { '$groups.0': 'x' }, attributes: { $groups: ['x'] }, expected: true },
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

  it('sees getters, including inherited ones', () => {
    class Account {
      get tier(): string {
        return 'gold';
      }
    }
    expect(valueAt('account.tier', { account: new Account() })).toBe('gold');
  });
});
