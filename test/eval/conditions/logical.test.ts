import { describe } from 'vitest';
import type { Condition } from '../../../src/ruleset/types.js';
import { itEvaluates } from './cases.js';

const adultInUs: Condition = { $and: [{ country: 'US' }, { age: { $gte: 21 } }] };
const usOrCa: Condition = { $or: [{ country: 'US' }, { country: 'CA' }] };

describe('$and', () => {
  itEvaluates([
    { name: 'all hold', when: adultInUs, attributes: { country: 'US', age: 30 }, expected: true },
    { name: 'one fails', when: adultInUs, attributes: { country: 'US', age: 20 }, expected: false },
    { name: 'empty list passes', when: { $and: [] }, attributes: {}, expected: true },
    { name: 'not a list', when: { $and: { country: 'US' } }, attributes: { country: 'US' }, expected: false },
    {
      name: 'an item that is not an object',
      when: { $and: [{ country: 'US' }, 'x'] },
      attributes: { country: 'US' },
      expected: false,
    },
  ]);
});

describe('$or', () => {
  itEvaluates([
    { name: 'first holds', when: usOrCa, attributes: { country: 'US' }, expected: true },
    { name: 'second holds', when: usOrCa, attributes: { country: 'CA' }, expected: true },
    { name: 'none holds', when: usOrCa, attributes: { country: 'MX' }, expected: false },
    { name: 'empty list passes', when: { $or: [] }, attributes: {}, expected: true },
    {
      name: 'an empty condition in the list passes',
      when: { $or: [{ country: 'US' }, {}] },
      attributes: {},
      expected: true,
    },
    { name: 'not a list', when: { $or: 'x' }, attributes: {}, expected: false },
  ]);
});

describe('$nor', () => {
  itEvaluates([
    {
      name: 'none holds',
      when: { $nor: [{ country: 'US' }, { age: { $lt: 18 } }] },
      attributes: { country: 'FR', age: 30 },
      expected: true,
    },
    {
      name: 'one holds',
      when: { $nor: [{ country: 'US' }, { age: { $lt: 18 } }] },
      attributes: { country: 'FR', age: 10 },
      expected: false,
    },
    {
      name: 'empty list fails (it is "not $or", and an empty $or passes)',
      when: { $nor: [] },
      attributes: {},
      expected: false,
    },
    { name: 'malformed list stays false', when: { $nor: [1] }, attributes: {}, expected: false },
  ]);
});

describe('$not', () => {
  itEvaluates([
    {
      name: 'condition level, inner fails',
      when: { $not: { country: 'US' } },
      attributes: { country: 'FR' },
      expected: true,
    },
    {
      name: 'condition level, inner holds',
      when: { $not: { country: 'US' } },
      attributes: { country: 'US' },
      expected: false,
    },
    { name: 'condition level, empty inner', when: { $not: {} }, attributes: {}, expected: false },
    { name: 'condition level, operand not an object', when: { $not: 'US' }, attributes: {}, expected: false },
    { name: 'condition level, operand a list', when: { $not: [{ a: 1 }] }, attributes: {}, expected: false },
    {
      name: 'field level with operators',
      when: { age: { $not: { $gt: 65 } } },
      attributes: { age: 30 },
      expected: true,
    },
    {
      name: 'field level with a literal',
      when: { plan: { $not: 'free' } },
      attributes: { plan: 'free' },
      expected: false,
    },
    { name: 'double negation', when: { $not: { $not: { plan: 'pro' } } }, attributes: { plan: 'pro' }, expected: true },
    {
      name: 'unknown operator under $not is true',
      when: { plan: { $not: { $like: 'p%' } } },
      attributes: { plan: 'pro' },
      expected: true,
    },
  ]);
});

describe('a logical operator with an operand of the wrong shape', () => {
  // The whole condition is false: under a $not or a $nor, a false that flipped to true would match everyone.
  itEvaluates([
    { name: '$and not a list, under $not', when: { $not: { $and: 'x' } }, attributes: {}, expected: false },
    {
      name: '$or with an item that is no object, under $not',
      when: { $not: { $or: [1] } },
      attributes: {},
      expected: false,
    },
    { name: '$not not an object, under $not', when: { $not: { $not: 'US' } }, attributes: {}, expected: false },
    { name: '$and not a list, in a $nor', when: { $nor: [{ $and: 'x' }] }, attributes: {}, expected: false },
    {
      name: '$nor not a list, under $not next to a part that holds',
      when: { plan: 'pro', $not: { $nor: {} } },
      attributes: { plan: 'pro' },
      expected: false,
    },
    {
      name: 'next to a part that holds, in an $or',
      when: { $or: [{ $and: 'x' }, { plan: 'pro' }] },
      attributes: { plan: 'pro' },
      expected: false,
    },
    {
      name: 'in a condition tested on array elements, under $not',
      when: { orders: { $elemMatch: { $not: { $or: 'x' }, status: 'paid' } } },
      attributes: { orders: [{ status: 'paid' }] },
      expected: false,
    },
  ]);
});

describe('keys of one object are ANDed', () => {
  itEvaluates([
    {
      name: 'fields and $or all hold',
      when: { plan: 'pro', ...usOrCa },
      attributes: { plan: 'pro', country: 'CA' },
      expected: true,
    },
    {
      name: '$or holds, field fails',
      when: { plan: 'pro', ...usOrCa },
      attributes: { plan: 'free', country: 'CA' },
      expected: false,
    },
    {
      name: 'field holds, $or fails',
      when: { plan: 'pro', ...usOrCa },
      attributes: { plan: 'pro', country: 'MX' },
      expected: false,
    },
    {
      name: 'several operators on one field',
      when: { age: { $gt: 1, $lt: 3, $ne: 2 } },
      attributes: { age: 2 },
      expected: false,
    },
    { name: 'empty condition passes', when: {}, attributes: {}, expected: true },
  ]);
});

describe('unknown operators', () => {
  itEvaluates([
    { name: 'field operator', when: { plan: { $like: 'pro' } }, attributes: { plan: 'pro' }, expected: false },
    { name: 'unknown with a known one', when: { age: { $gt: 1, $foo: 1 } }, attributes: { age: 5 }, expected: false },
    {
      name: 'a condition-level $ key is an attribute name',
      when: { $segment: 'a' },
      attributes: { $segment: 'a' },
      expected: true,
    },
    {
      name: 'an inherited operator name is unknown',
      when: { plan: { $toString: 1 } },
      attributes: { plan: 'x' },
      expected: false,
    },
  ]);
});
