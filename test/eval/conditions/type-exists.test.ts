import { describe } from 'vitest';
import { itEvaluates } from './cases.js';

describe('$exists', () => {
  itEvaluates([
    { name: 'true: present', when: { plan: { $exists: true } }, attributes: { plan: 'pro' }, expected: true },
    { name: 'true: falsy but present', when: { plan: { $exists: true } }, attributes: { plan: 0 }, expected: true },
    {
      name: 'true: null is not present',
      when: { plan: { $exists: true } },
      attributes: { plan: null },
      expected: false,
    },
    { name: 'true: missing', when: { plan: { $exists: true } }, attributes: {}, expected: false },
    { name: 'false: missing', when: { plan: { $exists: false } }, attributes: {}, expected: true },
    { name: 'false: undefined', when: { plan: { $exists: false } }, attributes: { plan: undefined }, expected: true },
    { name: 'false: present', when: { plan: { $exists: false } }, attributes: { plan: '' }, expected: false },
    {
      name: 'nested path missing halfway',
      when: { 'a.b.c': { $exists: false } },
      attributes: { a: {} },
      expected: true,
    },
  ]);
});

describe('$type', () => {
  itEvaluates([
    { name: 'string', when: { x: { $type: 'string' } }, attributes: { x: '' }, expected: true },
    { name: 'number', when: { x: { $type: 'number' } }, attributes: { x: Number.NaN }, expected: true },
    { name: 'boolean', when: { x: { $type: 'boolean' } }, attributes: { x: true }, expected: true },
    { name: 'null', when: { x: { $type: 'null' } }, attributes: { x: null }, expected: true },
    { name: 'missing is null', when: { x: { $type: 'null' } }, attributes: {}, expected: true },
    { name: 'object', when: { x: { $type: 'object' } }, attributes: { x: { a: 1 } }, expected: true },
    { name: 'array is not object', when: { x: { $type: 'object' } }, attributes: { x: [] }, expected: false },
    { name: 'array', when: { x: { $type: 'array' } }, attributes: { x: [] }, expected: true },
    { name: 'numeric string is a string', when: { x: { $type: 'number' } }, attributes: { x: '1' }, expected: false },
    { name: 'bigint is none of the types', when: { x: { $type: 'number' } }, attributes: { x: 1n }, expected: false },
    {
      name: 'function is none of the types',
      when: { x: { $type: 'object' } },
      attributes: { x: () => 1 },
      expected: false,
    },
    { name: 'unknown type name', when: { x: { $type: 'unknown' } }, attributes: { x: 1n }, expected: false },
    {
      name: 'unknown type name under $not',
      when: { x: { $not: { $type: 'date' } } },
      attributes: { x: 1 },
      expected: true,
    },
  ]);
});
