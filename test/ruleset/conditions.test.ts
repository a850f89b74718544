import { describe, expect, it } from 'vitest';
import { FIELD_OPERATORS } from '../../src/ruleset/operator-names.js';
import type { Condition } from '../../src/ruleset/types.js';
import { parseRuleset } from '../../src/ruleset/parse.js';
import { issueLines } from './helpers.js';

/** A document whose one gate rule has the condition `when`, plus segments for $inGroup. */
function documentWith(when: unknown): unknown {
  return {
    gates: { g: { rules: [{ id: 'r', when }] } },
    segments: { beta_users: { ids: ['u1'] }, europe: { when: { country: 'DE' } } },
  };
}

function linesFor(when: unknown): string[] {
  return issueLines(documentWith(when));
}

const PATH = 'gates.g.rules[0].when';

describe('condition checks: accepted conditions', () => {
  const valid: [string, Condition][] = [
    ['an empty condition', {}],
    [
      'literals of every JSON type',
      { a: 'x', b: 1, c: true, d: null, e: [1, 2], f: { nested: 'object' }, 'dotted.path': 3 },
    ],
    [
      'comparisons',
      { age: { $gt: 18, $lte: 65 }, name: { $lt: 'm' }, x: { $eq: { any: ['json'] } }, y: { $ne: null } },
    ],
    [
      'set operators',
      {
        c: { $in: ['US'] },
        d: { $nin: [] },
        e: { $ini: ['us'] },
        f: { $nini: ['x'] },
        g: { $all: [1] },
        h: { $alli: ['A'] },
      },
    ],
    [
      '$all and $alli with operator objects as items',
      { a: { $all: [{ $gt: 10 }, 'x'] }, b: { $alli: [{ $regex: '^a' }] } },
    ],
    ['$size with a number and with operators', { tags: { $size: 2 }, list: { $size: { $gt: 0, $lt: 10 } } }],
    [
      '$elemMatch with operators and with a condition',
      { tags: { $elemMatch: { $eq: 'a' } }, orders: { $elemMatch: { total: { $gt: 10 }, $or: [{ a: 1 }] } } },
    ],
    ['$exists and $type', { email: { $exists: true }, age: { $type: 'number' }, tags: { $type: 'array' } }],
    [
      'version operators',
      { appVersion: { $vgte: '2.1.0', $vlt: '3.0.0' }, os: { $veq: '1', $vne: '2', $vgt: '0', $vlte: '9' } },
    ],
    ['safe regexes', { email: { $regex: '@acme\\.com$' }, phone: { $regexi: '^\\d{3}-\\d{4}$' } }],
    ['group membership', { userID: { $inGroup: 'beta_users', $notInGroup: 'beta_users' } }],
    [
      'logical operators, nested',
      { $and: [{ a: 1 }, { $or: [{ b: 2 }, { $nor: [{ c: 3 }] }] }], $not: { d: 4 }, e: { $not: { $in: [1] } } },
    ],
    ['an empty $or and $and', { $or: [], $and: [] }],
    ['a field-level $not with a literal', { a: { $not: 5 } }],
  ];
  it.each(valid)('accepts %s', (_name, when) => {
    expect(() => parseRuleset(documentWith(when))).not.toThrow();
  });

  it('checks conditions of experiments, parameter rules and segments too', () => {
    const lines = issueLines({
      experiments: { e: { when: { a: { $bad: 1 } }, variants: [{ key: 'x', weight: 100 }] } },
      params: { p: { default: 0, rules: [{ id: 'r', value: 1, when: { a: { $bad: 1 } } }] } },
      segments: { s: { when: { a: { $bad: 1 } } } },
    });
    expect(lines).toStrictEqual([
      'experiments.e.when.a.$bad: unknown operator "$bad"',
      'params.p.rules[0].when.a.$bad: unknown operator "$bad"',
      'segments.s.when.a.$bad: unknown operator "$bad"',
    ]);
  });
});

describe('condition checks: rejected conditions', () => {
  const invalid: [string, unknown, string][] = [
    [
      'an unknown field operator',
      { email: { $regx: 'a' } },
      `${PATH}.email.$regx: unknown operator "$regx" (did you mean "$regex"?)`,
    ],
    [
      'an unknown top-level $ key',
      { $where: 'x' },
      `${PATH}.$where: unknown operator "$where" (a condition's keys are $and, $or, $nor, $not or attribute names)`,
    ],
    [
      'a field operator at the top level',
      { $in: [1] },
      `${PATH}.$in: operator "$in" must be applied to an attribute, e.g. {"country": {"$in": …}}`,
    ],
    [
      'an operator object mixing $ and plain keys',
      { a: { $gt: 1, b: 2 } },
      `${PATH}.a: an operator object cannot mix operators ("$gt") with plain keys ("b")`,
    ],
    ['$and with an object', { $and: { a: 1 } }, `${PATH}.$and: expected an array of conditions`],
    ['$or containing a non-object', { $or: [{ a: 1 }, 'b'] }, `${PATH}.$or[1]: expected a condition object`],
    ['$not with an array', { $not: [{ a: 1 }] }, `${PATH}.$not: expected a condition object`],
    ['$in with a non-array', { c: { $in: 'US' } }, `${PATH}.c.$in: expected an array`],
    ['$nin with a non-array', { c: { $nin: 1 } }, `${PATH}.c.$nin: expected an array`],
    ['$ini with a non-array', { c: { $ini: {} } }, `${PATH}.c.$ini: expected an array`],
    ['$nini with a non-array', { c: { $nini: null } }, `${PATH}.c.$nini: expected an array`],
    ['$all with a non-array', { c: { $all: 'a' } }, `${PATH}.c.$all: expected an array`],
    ['$alli with a non-array', { c: { $alli: true } }, `${PATH}.c.$alli: expected an array`],
    // Their items are condition values, evaluated like the value of an attribute (docs/conditions.md).
    [
      '$all with an unknown operator in an item',
      { tags: { $all: ['a', { $bogus: 1 }] } },
      `${PATH}.tags.$all[1].$bogus: unknown operator "$bogus"`,
    ],
    [
      '$alli with an item regex that could hang',
      { tags: { $alli: [{ $regex: '(a|a)*' }] } },
      `${PATH}.tags.$alli[0].$regex: unsafe regular expression: branches of "(a|a)*" can match the same text, which can take exponential time`,
    ],
    [
      '$all with an item regex that does not compile',
      { tags: { $all: [{ $regex: '[' }] } },
      `${PATH}.tags.$all[0].$regex: invalid regular expression (/[/: Unterminated character class)`,
    ],
    ['$gt with a boolean', { age: { $gt: true } }, `${PATH}.age.$gt: expected a number or a string`],
    [
      '$size with a string',
      { tags: { $size: '2' } },
      `${PATH}.tags.$size: expected a number or an operator object, e.g. {"$gt": 0}`,
    ],
    [
      '$size with an unknown nested operator',
      { tags: { $size: { $big: 1 } } },
      `${PATH}.tags.$size.$big: unknown operator "$big"`,
    ],
    [
      '$elemMatch with a non-object',
      { tags: { $elemMatch: ['a'] } },
      `${PATH}.tags.$elemMatch: expected an object (an operator object or a condition)`,
    ],
    [
      '$elemMatch with a bad nested operator',
      { tags: { $elemMatch: { $in: 'a' } } },
      `${PATH}.tags.$elemMatch.$in: expected an array`,
    ],
    [
      '$elemMatch with a bad nested condition',
      { orders: { $elemMatch: { total: { $gt: [] } } } },
      `${PATH}.orders.$elemMatch.total.$gt: expected a number or a string`,
    ],
    ['$exists with a string', { email: { $exists: 'yes' } }, `${PATH}.email.$exists: expected true or false`],
    [
      '$type with an unknown type',
      { age: { $type: 'integer' } },
      `${PATH}.age.$type: expected one of string, number, boolean, null, object, array`,
    ],
    ['a version operator with a number', { v: { $vgt: 2 } }, `${PATH}.v.$vgt: expected a version string, e.g. "2.1.0"`],
    ['$regex with a number', { e: { $regex: 5 } }, `${PATH}.e.$regex: expected a string (a regular expression)`],
    [
      '$regex that does not compile',
      { e: { $regex: '/???***[)' } },
      `${PATH}.e.$regex: invalid regular expression (//???***[)/: Nothing to repeat)`,
    ],
    [
      '$regexi that could hang',
      { e: { $regexi: '^(a+)+$' } },
      `${PATH}.e.$regexi: unsafe regular expression: nested quantifiers in "(a+)+" can take exponential time`,
    ],
    [
      '$regexi whose branches overlap only ignoring case',
      { e: { $regexi: '(A|a)+' } },
      `${PATH}.e.$regexi: unsafe regular expression: branches of "(A|a)+" can match the same text, which can take exponential time`,
    ],
    [
      '$inGroup with an unknown segment',
      { userID: { $inGroup: 'beta_user' } },
      `${PATH}.userID.$inGroup: unknown segment "beta_user" (did you mean "beta_users"?)`,
    ],
    [
      '$notInGroup with a segment without ids',
      { userID: { $notInGroup: 'europe' } },
      `${PATH}.userID.$notInGroup: segment "europe" has no ids to look up`,
    ],
    [
      '$inGroup with a non-string',
      { userID: { $inGroup: ['beta_users'] } },
      `${PATH}.userID.$inGroup: expected the name of a segment`,
    ],
    [
      'an unknown operator deep inside logical operators',
      { $and: [{ $or: [{ a: { $not: { $foo: 1 } } }] }] },
      `${PATH}.$and[0].$or[0].a.$not.$foo: unknown operator "$foo"`,
    ],
    [
      'an attribute path with dots',
      { 'user.age': { $gt: {} } },
      `${PATH}["user.age"].$gt: expected a number or a string`,
    ],
  ];
  it.each(invalid)('rejects %s', (_name, when, line) => {
    expect(linesFor(when)).toStrictEqual([line]);
  });

  it('reports every bad operator of one condition', () => {
    expect(linesFor({ a: { $in: 1, $exists: 1 }, b: { $zzz: 1 } })).toStrictEqual([
      `${PATH}.a.$in: expected an array`,
      `${PATH}.a.$exists: expected true or false`,
      `${PATH}.b.$zzz: unknown operator "$zzz"`,
    ]);
  });

  it('knows every operator of the shared operator list', () => {
    // Each operator with an operand of the right type for it is accepted: the list is not duplicated here.
    const operands: { [operator: string]: unknown } = {
      $in: [],
      $nin: [],
      $ini: [],
      $nini: [],
      $all: [],
      $alli: [],
      $size: 1,
      $elemMatch: {},
      $regex: 'a',
      $regexi: 'a',
      $exists: true,
      $type: 'null',
      $not: 1,
      $inGroup: 'beta_users',
      $notInGroup: 'beta_users',
    };
    for (const operator of FIELD_OPERATORS) {
      const operand = operands[operator] ?? (operator.startsWith('$v') ? '1.0.0' : 1);
      expect(() => parseRuleset(documentWith({ a: { [operator]: operand } })), operator).not.toThrow();
    }
  });
});
