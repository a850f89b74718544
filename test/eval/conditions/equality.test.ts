import { describe } from 'vitest';
import { itEvaluates } from './cases.js';

describe('string literals compare the attribute as a string', () => {
  itEvaluates([
    { name: 'same string', when: { plan: 'pro' }, attributes: { plan: 'pro' }, expected: true },
    { name: 'other string', when: { plan: 'pro' }, attributes: { plan: 'free' }, expected: false },
    { name: 'case matters', when: { plan: 'pro' }, attributes: { plan: 'Pro' }, expected: false },
    { name: 'number attribute in string form', when: { zip: '94105' }, attributes: { zip: 94105 }, expected: true },
    { name: 'boolean attribute in string form', when: { beta: 'true' }, attributes: { beta: true }, expected: true },
    { name: 'missing attribute reads as "null"', when: { plan: 'null' }, attributes: {}, expected: true },
    { name: 'missing attribute is not "pro"', when: { plan: 'pro' }, attributes: {}, expected: false },
    { name: 'array attribute in string form', when: { tags: 'a,b' }, attributes: { tags: ['a', 'b'] }, expected: true },
    {
      name: 'a one-item array reads as its item',
      when: { roles: 'admin' },
      attributes: { roles: ['admin'] },
      expected: true,
    },
    {
      name: 'a literal is no "contains" test on an array',
      when: { roles: 'admin' },
      attributes: { roles: ['admin', 'owner'] },
      expected: false,
    },
    {
      name: 'symbol attribute fails',
      when: { plan: 'Symbol(pro)' },
      attributes: { plan: Symbol('pro') },
      expected: false,
    },
  ]);
});

describe('number literals compare the attribute as a number', () => {
  itEvaluates([
    { name: 'same number', when: { seats: 3 }, attributes: { seats: 3 }, expected: true },
    { name: 'other number', when: { seats: 3 }, attributes: { seats: 4 }, expected: false },
    { name: 'numeric string', when: { seats: 3 }, attributes: { seats: '3' }, expected: true },
    { name: 'padded numeric string', when: { seats: 3 }, attributes: { seats: ' 3.0 ' }, expected: true },
    { name: 'non-numeric string', when: { seats: 3 }, attributes: { seats: 'three' }, expected: false },
    { name: 'true is 1', when: { seats: 1 }, attributes: { seats: true }, expected: true },
    { name: 'missing is 0', when: { seats: 0 }, attributes: {}, expected: true },
    { name: 'missing is not 1', when: { seats: 1 }, attributes: {}, expected: false },
    { name: 'bigint converts', when: { seats: 7 }, attributes: { seats: 7n }, expected: true },
  ]);
});

describe('boolean literals compare the truthiness of a present attribute', () => {
  itEvaluates([
    { name: 'true matches true', when: { beta: true }, attributes: { beta: true }, expected: true },
    { name: 'true matches a non-empty string', when: { beta: true }, attributes: { beta: 'yes' }, expected: true },
    { name: 'true does not match 0', when: { beta: true }, attributes: { beta: 0 }, expected: false },
    { name: 'false matches false', when: { beta: false }, attributes: { beta: false }, expected: true },
    { name: 'false matches the empty string', when: { beta: false }, attributes: { beta: '' }, expected: true },
    { name: 'false does not match a missing attribute', when: { beta: false }, attributes: {}, expected: false },
    { name: 'false does not match null', when: { beta: false }, attributes: { beta: null }, expected: false },
    { name: 'true does not match a missing attribute', when: { beta: true }, attributes: {}, expected: false },
  ]);
});

describe('null literal matches missing or null only', () => {
  itEvaluates([
    { name: 'missing', when: { team: null }, attributes: {}, expected: true },
    { name: 'null', when: { team: null }, attributes: { team: null }, expected: true },
    { name: 'undefined counts as missing', when: { team: null }, attributes: { team: undefined }, expected: true },
    { name: 'zero', when: { team: null }, attributes: { team: 0 }, expected: false },
    { name: 'empty string', when: { team: null }, attributes: { team: '' }, expected: false },
    { name: 'false', when: { team: null }, attributes: { team: false }, expected: false },
  ]);
});

describe('array and object literals compare deeply by JSON text', () => {
  itEvaluates([
    { name: 'equal array', when: { langs: ['en', 'fr'] }, attributes: { langs: ['en', 'fr'] }, expected: true },
    { name: 'order matters', when: { langs: ['en', 'fr'] }, attributes: { langs: ['fr', 'en'] }, expected: false },
    { name: 'shorter array', when: { langs: ['en', 'fr'] }, attributes: { langs: ['en'] }, expected: false },
    { name: 'string with same text', when: { langs: ['en'] }, attributes: { langs: '["en"]' }, expected: false },
    {
      name: 'equal object',
      when: { geo: { city: 'Oslo', zip: 150 } },
      attributes: { geo: { city: 'Oslo', zip: 150 } },
      expected: true,
    },
    {
      name: 'key order matters',
      when: { geo: { city: 'Oslo', zip: 150 } },
      attributes: { geo: { zip: 150, city: 'Oslo' } },
      expected: false,
    },
    {
      name: 'extra key',
      when: { geo: { city: 'Oslo' } },
      attributes: { geo: { city: 'Oslo', zip: 150 } },
      expected: false,
    },
    { name: 'nested arrays', when: { m: [[1, 2], { a: [] }] }, attributes: { m: [[1, 2], { a: [] }] }, expected: true },
    { name: 'empty object literal matches {}', when: { prefs: {} }, attributes: { prefs: {} }, expected: true },
    { name: 'empty object literal against missing', when: { prefs: {} }, attributes: {}, expected: false },
    {
      name: 'object mixing $ and plain keys is a literal',
      when: { o: { $gt: 1, x: 2 } },
      attributes: { o: { $gt: 1, x: 2 } },
      expected: true,
    },
  ]);
});

describe('$eq and $ne are strict', () => {
  itEvaluates([
    { name: '$eq same', when: { plan: { $eq: 'pro' } }, attributes: { plan: 'pro' }, expected: true },
    { name: '$eq no coercion', when: { seats: { $eq: 3 } }, attributes: { seats: '3' }, expected: false },
    { name: '$eq false against missing', when: { beta: { $eq: false } }, attributes: {}, expected: false },
    { name: '$eq null against missing', when: { beta: { $eq: null } }, attributes: {}, expected: true },
    {
      name: '$eq with an array operand never matches',
      when: { l: { $eq: ['a'] } },
      attributes: { l: ['a'] },
      expected: false,
    },
    { name: '$ne different', when: { plan: { $ne: 'pro' } }, attributes: { plan: 'free' }, expected: true },
    { name: '$ne same', when: { plan: { $ne: 'pro' } }, attributes: { plan: 'pro' }, expected: false },
    { name: '$ne against missing', when: { plan: { $ne: 'pro' } }, attributes: {}, expected: true },
    { name: '$ne null needs a value', when: { plan: { $ne: null } }, attributes: {}, expected: false },
  ]);
});
