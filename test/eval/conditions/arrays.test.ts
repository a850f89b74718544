import { describe } from 'vitest';
import { itEvaluates } from './cases.js';

describe('$all / $alli', () => {
  itEvaluates([
    { name: 'all present', when: { t: { $all: ['a', 'c'] } }, attributes: { t: ['c', 'b', 'a'] }, expected: true },
    { name: 'one absent', when: { t: { $all: ['a', 'd'] } }, attributes: { t: ['c', 'b', 'a'] }, expected: false },
    { name: 'case-sensitive', when: { t: { $all: ['a'] } }, attributes: { t: ['A'] }, expected: false },
    { name: 'not an array', when: { t: { $all: ['a'] } }, attributes: { t: 'a' }, expected: false },
    { name: 'missing', when: { t: { $all: ['a'] } }, attributes: {}, expected: false },
    { name: 'empty list passes any array', when: { t: { $all: [] } }, attributes: { t: [] }, expected: true },
    { name: 'operand not a list', when: { t: { $all: 'a' } }, attributes: { t: ['a'] }, expected: false },
    {
      name: 'items are condition values',
      when: { n: { $all: [{ $gt: 10 }, { $lt: 0 }] } },
      attributes: { n: [-1, 5, 11] },
      expected: true,
    },
    { name: 'item literals coerce', when: { n: { $all: [3] } }, attributes: { n: ['3'] }, expected: true },
    {
      name: '$alli ignores case',
      when: { t: { $alli: ['Beta', 'x'] } },
      attributes: { t: ['X', 'BETA'] },
      expected: true,
    },
    {
      name: '$alli still needs every item',
      when: { t: { $alli: ['beta', 'y'] } },
      attributes: { t: ['X', 'BETA'] },
      expected: false,
    },
    { name: '$alli not an array', when: { t: { $alli: ['a'] } }, attributes: { t: 'A' }, expected: false },
  ]);
});

describe('$size', () => {
  itEvaluates([
    { name: 'exact length', when: { t: { $size: 2 } }, attributes: { t: [1, 2] }, expected: true },
    { name: 'other length', when: { t: { $size: 2 } }, attributes: { t: [1] }, expected: false },
    { name: 'empty array', when: { t: { $size: 0 } }, attributes: { t: [] }, expected: true },
    { name: 'string is not an array', when: { t: { $size: 2 } }, attributes: { t: 'ab' }, expected: false },
    { name: 'missing is not size 0', when: { t: { $size: 0 } }, attributes: {}, expected: false },
    {
      name: 'nested operators',
      when: { t: { $size: { $gte: 2, $lt: 4 } } },
      attributes: { t: [1, 2, 3] },
      expected: true,
    },
    {
      name: 'nested operators fail',
      when: { t: { $size: { $gte: 2, $lt: 4 } } },
      attributes: { t: [1, 2, 3, 4] },
      expected: false,
    },
  ]);
});

describe('$elemMatch', () => {
  itEvaluates([
    {
      name: 'operator object on primitives',
      when: { s: { $elemMatch: { $gte: 90 } } },
      attributes: { s: [12, 95] },
      expected: true,
    },
    {
      name: 'operator object, no element',
      when: { s: { $elemMatch: { $gte: 90 } } },
      attributes: { s: [12, 50] },
      expected: false,
    },
    {
      name: 'all operators on the same element',
      when: { s: { $elemMatch: { $gt: 10, $lt: 20 } } },
      attributes: { s: [5, 25] },
      expected: false,
    },
    {
      name: 'sub-condition on objects',
      when: { orders: { $elemMatch: { status: 'paid', total: { $gt: 100 } } } },
      attributes: {
        orders: [
          { status: 'paid', total: 20 },
          { status: 'paid', total: 120 },
        ],
      },
      expected: true,
    },
    {
      name: 'sub-condition needs one element to match all parts',
      when: { orders: { $elemMatch: { status: 'paid', total: { $gt: 100 } } } },
      attributes: {
        orders: [
          { status: 'open', total: 200 },
          { status: 'paid', total: 20 },
        ],
      },
      expected: false,
    },
    {
      name: 'sub-condition with dotted path',
      when: { o: { $elemMatch: { 'a.b': 1 } } },
      attributes: { o: [{ a: { b: 1 } }] },
      expected: true,
    },
    {
      name: 'null elements never match',
      when: { s: { $elemMatch: { $exists: false } } },
      attributes: { s: [null] },
      expected: false,
    },
    {
      name: 'falsy elements are tested',
      when: { s: { $elemMatch: { $eq: 0 } } },
      attributes: { s: [1, 0] },
      expected: true,
    },
    { name: 'not an array', when: { s: { $elemMatch: { $eq: 'a' } } }, attributes: { s: 'a' }, expected: false },
    { name: 'operand not an object', when: { s: { $elemMatch: 'a' } }, attributes: { s: ['a'] }, expected: false },
    {
      name: 'negated',
      when: { s: { $not: { $elemMatch: { $eq: 'x' } } } },
      attributes: { s: ['a', 'b'] },
      expected: true,
    },
  ]);
});
