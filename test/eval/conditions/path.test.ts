import { describe, expect, it } from 'vitest';
import { compilePath } from '../../../src/eval/conditions/path.js';
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

describe('compilePath', () => {
  it('returns null for anything missing and the value otherwise', () => {
    const read = compilePath('a.b');
    expect(read({ a: { b: 0 } })).toBe(0);
    expect(read({ a: { b: undefined } })).toBeNull();
    expect(read({ a: {} })).toBeNull();
    expect(read({})).toBeNull();
    expect(read(null)).toBeNull();
    expect(read('a')).toBeNull();
  });

  it('sees getters, including inherited ones', () => {
    class Account {
      get tier(): string {
        return 'gold';
      }
    }
    expect(compilePath('account.tier')({ account: new Account() })).toBe('gold');
  });
});
