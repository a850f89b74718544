import { describe, expect, it } from 'vitest';
import { compileCondition } from '../../../src/eval/conditions/index.js';
import { itEvaluates } from './cases.js';

describe('ordering of numbers', () => {
  itEvaluates([
    { name: '$gt above', when: { age: { $gt: 17 } }, attributes: { age: 18 }, expected: true },
    { name: '$gt equal', when: { age: { $gt: 18 } }, attributes: { age: 18 }, expected: false },
    { name: '$gte equal', when: { age: { $gte: 18 } }, attributes: { age: 18 }, expected: true },
    { name: '$gte below', when: { age: { $gte: 18 } }, attributes: { age: 17.9 }, expected: false },
    { name: '$lt below', when: { age: { $lt: 18 } }, attributes: { age: -1 }, expected: true },
    { name: '$lt equal', when: { age: { $lt: 18 } }, attributes: { age: 18 }, expected: false },
    { name: '$lte equal', when: { age: { $lte: 18 } }, attributes: { age: 18 }, expected: true },
    { name: '$lte above', when: { age: { $lte: 18 } }, attributes: { age: 19 }, expected: false },
    { name: 'range inside', when: { age: { $gte: 18, $lt: 65 } }, attributes: { age: 40 }, expected: true },
    { name: 'range upper edge', when: { age: { $gte: 18, $lt: 65 } }, attributes: { age: 65 }, expected: false },
    { name: 'NaN compares false', when: { age: { $gte: 0 } }, attributes: { age: Number.NaN }, expected: false },
  ]);
});

describe('ordering coerces like JavaScript', () => {
  itEvaluates([
    { name: 'numeric string against number', when: { n: { $gt: 9 } }, attributes: { n: '10' }, expected: true },
    { name: 'number against numeric string operand', when: { n: { $lt: '10' } }, attributes: { n: 9 }, expected: true },
    {
      name: 'strings compare by code unit, not numerically',
      when: { n: { $lt: '10' } },
      attributes: { n: '9' },
      expected: false,
    },
    {
      name: 'strings are case-sensitive (upper before lower)',
      when: { w: { $gt: 'a' } },
      attributes: { w: 'Z' },
      expected: false,
    },
    {
      name: 'strings in dictionary order',
      when: { w: { $gt: 'apple', $lt: 'banana' } },
      attributes: { w: 'apricot' },
      expected: true,
    },
    { name: 'non-numeric string against number', when: { n: { $gte: 0 } }, attributes: { n: 'abc' }, expected: false },
    { name: 'missing is null, which orders like 0', when: { n: { $gte: 0, $lte: 0 } }, attributes: {}, expected: true },
    { name: 'missing is below 1', when: { n: { $lt: 1 } }, attributes: {}, expected: true },
    { name: 'missing is not above 0', when: { n: { $gt: 0 } }, attributes: {}, expected: false },
    { name: 'bigint compares with numbers', when: { n: { $gt: 5 } }, attributes: { n: 6n }, expected: true },
    {
      name: 'dates compare by time against numbers',
      when: { d: { $gt: 0 } },
      attributes: { d: new Date(5) },
      expected: true,
    },
    {
      // The Date becomes a number and the ISO text NaN (docs/conditions.md, comparison).
      name: 'a Date is neither before nor after a date-time string',
      when: { $or: [{ d: { $lt: '2030-01-01T00:00:00Z' } }, { d: { $gte: '2030-01-01T00:00:00Z' } }] },
      attributes: { d: new Date('2026-01-01T00:00:00Z') },
      expected: false,
    },
    {
      name: 'a Date is not its ISO text for a string literal',
      when: { d: '2026-01-01T00:00:00.000Z' },
      attributes: { d: new Date('2026-01-01T00:00:00Z') },
      expected: false,
    },
  ]);
});

describe('array attributes compare as their text', () => {
  itEvaluates([
    { name: 'a one-item array as its item', when: { n: { $gt: 5 } }, attributes: { n: [7] }, expected: true },
    { name: 'a longer array is not numeric', when: { n: { $gt: 5 } }, attributes: { n: [1, 7] }, expected: false },
    { name: 'nor below a number', when: { n: { $lt: 5 } }, attributes: { n: [1, 7] }, expected: false },
    {
      name: '$elemMatch compares elements',
      when: { n: { $elemMatch: { $gt: 5 } } },
      attributes: { n: [1, 7] },
      expected: true,
    },
  ]);
});

describe('array and object operands', () => {
  itEvaluates([
    { name: 'an array operand compares as its text', when: { n: { $gt: [5] } }, attributes: { n: 6 }, expected: true },
    { name: 'a two-item array is not a number', when: { n: { $gt: [1, 2] } }, attributes: { n: 6 }, expected: false },
    { name: 'as text against a string', when: { s: { $lt: ['b'] } }, attributes: { s: 'a' }, expected: true },
  ]);

  it('are converted at compile time, so later changes to the condition do not matter', () => {
    const operand = [5];
    const above = compileCondition({ n: { $gt: operand } });
    operand[0] = 50;
    expect(above({ n: 6 })).toBe(true);
  });
});
