import { describe } from 'vitest';
import { itEvaluates } from './cases.js';

describe('$in / $nin', () => {
  itEvaluates([
    { name: '$in member', when: { country: { $in: ['US', 'CA'] } }, attributes: { country: 'CA' }, expected: true },
    {
      name: '$in non-member',
      when: { country: { $in: ['US', 'CA'] } },
      attributes: { country: 'MX' },
      expected: false,
    },
    {
      name: '$in is case-sensitive',
      when: { country: { $in: ['US'] } },
      attributes: { country: 'us' },
      expected: false,
    },
    { name: '$in is strict about types', when: { id: { $in: [1, 2] } }, attributes: { id: '1' }, expected: false },
    {
      name: '$in array attribute intersects',
      when: { roles: { $in: ['admin', 'owner'] } },
      attributes: { roles: ['viewer', 'owner'] },
      expected: true,
    },
    {
      name: '$in array attribute disjoint',
      when: { roles: { $in: ['admin'] } },
      attributes: { roles: ['viewer', 'editor'] },
      expected: false,
    },
    {
      name: '$in empty array attribute',
      when: { roles: { $in: ['admin'] } },
      attributes: { roles: [] },
      expected: false,
    },
    { name: '$in empty list', when: { country: { $in: [] } }, attributes: { country: 'US' }, expected: false },
    {
      name: '$in null member matches missing',
      when: { country: { $in: [null, 'US'] } },
      attributes: {},
      expected: true,
    },
    { name: '$in missing', when: { country: { $in: ['US'] } }, attributes: {}, expected: false },
    {
      name: '$in operand not a list',
      when: { country: { $in: 'US' } },
      attributes: { country: 'US' },
      expected: false,
    },
    {
      name: '$nin non-member',
      when: { country: { $nin: ['US', 'CA'] } },
      attributes: { country: 'MX' },
      expected: true,
    },
    { name: '$nin member', when: { country: { $nin: ['US', 'CA'] } }, attributes: { country: 'US' }, expected: false },
    {
      name: '$nin array attribute disjoint',
      when: { roles: { $nin: ['admin'] } },
      attributes: { roles: ['viewer'] },
      expected: true,
    },
    {
      name: '$nin array attribute intersects',
      when: { roles: { $nin: ['admin'] } },
      attributes: { roles: ['viewer', 'admin'] },
      expected: false,
    },
    { name: '$nin missing', when: { country: { $nin: ['US'] } }, attributes: {}, expected: true },
    { name: '$nin empty list', when: { country: { $nin: [] } }, attributes: { country: 'US' }, expected: true },
    {
      name: '$nin operand not a list is false too',
      when: { country: { $nin: 'US' } },
      attributes: { country: 'FR' },
      expected: false,
    },
  ]);
});

describe('$ini / $nini ignore case', () => {
  itEvaluates([
    {
      name: '$ini lower attribute, upper list',
      when: { c: { $ini: ['US', 'CA'] } },
      attributes: { c: 'ca' },
      expected: true,
    },
    {
      name: '$ini upper attribute, lower list',
      when: { c: { $ini: ['us'] } },
      attributes: { c: 'US' },
      expected: true,
    },
    { name: '$ini no match', when: { c: { $ini: ['us'] } }, attributes: { c: 'UK' }, expected: false },
    { name: '$ini array attribute', when: { t: { $ini: ['beta'] } }, attributes: { t: ['x', 'BETA'] }, expected: true },
    { name: '$ini numbers stay strict', when: { t: { $ini: [1] } }, attributes: { t: 1 }, expected: true },
    { name: '$ini operand not a list', when: { c: { $ini: 'us' } }, attributes: { c: 'us' }, expected: false },
    { name: '$nini no match', when: { c: { $nini: ['us'] } }, attributes: { c: 'FR' }, expected: true },
    { name: '$nini match in other case', when: { c: { $nini: ['us'] } }, attributes: { c: 'Us' }, expected: false },
    {
      name: '$nini array attribute with a match',
      when: { t: { $nini: ['Beta'] } },
      attributes: { t: ['beta'] },
      expected: false,
    },
    { name: '$nini operand not a list', when: { c: { $nini: 'us' } }, attributes: { c: 'fr' }, expected: false },
  ]);
});

describe('$inGroup / $notInGroup use the groups bound at compile time', () => {
  const groups = { testers: [7, 'ann', 'bob'], empty: [] };
  itEvaluates([
    { name: 'member by number', when: { id: { $inGroup: 'testers' } }, attributes: { id: 7 }, expected: true, groups },
    {
      name: 'member by string',
      when: { id: { $inGroup: 'testers' } },
      attributes: { id: 'ann' },
      expected: true,
      groups,
    },
    {
      name: 'strict: "7" is not 7',
      when: { id: { $inGroup: 'testers' } },
      attributes: { id: '7' },
      expected: false,
      groups,
    },
    { name: 'non-member', when: { id: { $inGroup: 'testers' } }, attributes: { id: 'eve' }, expected: false, groups },
    {
      name: 'array attribute intersects',
      when: { ids: { $inGroup: 'testers' } },
      attributes: { ids: ['x', 'bob'] },
      expected: true,
      groups,
    },
    {
      name: 'unknown group is empty',
      when: { id: { $inGroup: 'nope' } },
      attributes: { id: 7 },
      expected: false,
      groups,
    },
    { name: 'no groups given', when: { id: { $inGroup: 'testers' } }, attributes: { id: 7 }, expected: false },
    {
      name: 'inherited names are not groups',
      when: { id: { $notInGroup: 'constructor' } },
      attributes: { id: 7 },
      expected: true,
      groups,
    },
    {
      name: 'not in: non-member',
      when: { id: { $notInGroup: 'testers' } },
      attributes: { id: 'eve' },
      expected: true,
      groups,
    },
    {
      name: 'not in: member',
      when: { id: { $notInGroup: 'testers' } },
      attributes: { id: 'bob' },
      expected: false,
      groups,
    },
    {
      name: 'not in: unknown group passes',
      when: { id: { $notInGroup: 'nope' } },
      attributes: { id: 7 },
      expected: true,
      groups,
    },
    {
      name: 'not in: empty group passes',
      when: { id: { $notInGroup: 'empty' } },
      attributes: { id: 7 },
      expected: true,
      groups,
    },
    { name: 'group id not a string', when: { id: { $notInGroup: 7 } }, attributes: { id: 1 }, expected: false, groups },
    {
      name: 'a group entry that is not a list matches nobody, even negated',
      when: { id: { $notInGroup: 'bad' } },
      attributes: { id: 1 },
      expected: false,
      groups: { bad: 'x' as unknown as string[] },
    },
  ]);
});
