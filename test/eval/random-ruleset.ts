/** Seeded random rulesets and users for the differential and fuzz tests: valid for parseRuleset by construction. */
import type { RulesetInput, User } from '../../src/index.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Rand = () => number;

export const silent = { debug() {}, info() {}, warn() {}, error() {} };
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const pct = (r: Rand): number => pick(r, [0, 0.01, 1, 10, 33.33, 50, 99.99, 100]);

const COUNTRIES = ['US', 'CA', 'DE', 'fr', 'É', ''];
const VERSIONS = ['1.2.3', 'v1.2.3', '1.2.3-rc.1', '1.2.3+build.5', '1.10.0', '2.0.0-alpha', '0.9', '10'];
const DATES = ['2025-03-01T00:00:00Z', '2025-02-28T23:30:00-01:00', '2026-01-01'];
export const SEGMENT_IDS = ['u1', 'u2', 'u3', 4, 'd1'];

/** A random attribute value, drawn so that conditions sometimes match. */
function attributeValue(r: Rand, name: string): Json | undefined {
  switch (name) {
    case 'country':
      return pick(r, [...COUNTRIES, null]);
    case 'age':
      return pick(r, [0, 17, 18, 30, -0, 65.5, '21', 'abc', null]);
    case 'appVersion':
      return pick(r, [...VERSIONS, 3, null, '']);
    case 'tags':
      return pick(r, [[], ['a'], ['a', 'b'], ['B', 'c'], [1, 'a'], 'a', null, [['a']]]);
    case 'created':
      return pick(r, [...DATES, 1_740_787_200_000, null]);
    case 'org':
      return pick<Json>(r, [{ plan: 'pro', seats: 5 }, { plan: 'free' }, [{ plan: 'pro' }], null, 'pro']);
    case 'email':
      return pick(r, ['a@acme.com', 'B@ACME.COM', 'x@mail.test', 'ü@acme.com', 42, null]);
    default:
      return pick(r, ['x', 1, true, null]);
  }
}

export function user(r: Rand): User {
  const u: Record<string, unknown> = {};
  if (r() < 0.9)
    u.userID = pick<unknown>(r, [
      'u1',
      'u2',
      'u3',
      'ü-1',
      '😀',
      `u${Math.floor(r() * 1000)}`,
      7,
      '',
      -0,
      1e21,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      0.1 + 0.2,
      '\ud800',
      true,
    ]);
  if (r() < 0.7) u.deviceID = pick(r, ['d1', 'd2', `d${Math.floor(r() * 1000)}`]);
  for (const name of ['country', 'age', 'appVersion', 'tags', 'created', 'org', 'email']) {
    if (r() < 0.8) {
      const value = attributeValue(r, name);
      if (value !== undefined) u[name] = value;
    }
  }
  return u as User;
}

/** One attribute test: a literal or an operator object valid for parseRuleset. */
function attributeTest(r: Rand, name: string): Json {
  const value = attributeValue(r, name) ?? 'x';
  switch (Math.floor(r() * 16)) {
    case 0:
      return value;
    case 1:
      return { $eq: value };
    case 2:
      return { $ne: value };
    case 3:
      return { [pick(r, ['$gt', '$gte', '$lt', '$lte'])]: pick(r, [18, '18', 'M', ...DATES, 0]) };
    case 4:
      return { [pick(r, ['$in', '$nin', '$ini', '$nini'])]: [value, pick(r, ['a', 'US', 'us', 1, null, 'b'])] };
    case 5:
      return { [pick(r, ['$all', '$alli'])]: pick(r, [['a'], ['A', 'b'], [{ $gt: 0 }], []]) };
    case 6:
      return { $size: pick(r, [0, 1, 2, { $gt: 0 }]) };
    case 7:
      return { $elemMatch: pick<Json>(r, [{ $eq: 'a' }, { plan: 'pro' }, { $gt: 0 }, { $in: ['a', 'b'] }]) };
    case 8:
      return { $exists: r() < 0.5 };
    case 9:
      return { $type: pick(r, ['string', 'number', 'boolean', 'null', 'object', 'array']) };
    case 10:
      return {
        [pick(r, ['$veq', '$vne', '$vgt', '$vgte', '$vlt', '$vlte'])]: pick(r, VERSIONS),
      };
    case 11:
      return { [pick(r, ['$regex', '$regexi'])]: pick(r, ['@acme\\.com$', '^u', 'É', '^\\d+$', 'é|ü', '^$']) };
    case 12:
      return { [pick(r, ['$inGroup', '$notInGroup'])]: 'listed' };
    case 13:
      return { $not: pick(r, [{ $elemMatch: { $eq: 'a' } }, { $in: ['US'] }, value, { $regex: '^a' }]) };
    case 14:
      return { $exists: true, $ne: value };
    default:
      return { $not: { $elemMatch: { plan: 'pro' } } };
  }
}

const PATHS = ['country', 'age', 'appVersion', 'tags', 'created', 'org', 'org.plan', 'email', 'userID', 'tags.0'];

export function condition(r: Rand, depth = 0): Json {
  const c: Record<string, Json> = {};
  const n = 1 + Math.floor(r() * 2);
  for (let i = 0; i < n; i++) {
    const roll = r();
    if (depth < 2 && roll < 0.12) c.$and = [condition(r, depth + 1), condition(r, depth + 1)];
    else if (depth < 2 && roll < 0.22) c.$or = pick(r, [[], [condition(r, depth + 1), condition(r, depth + 1)]]);
    else if (depth < 2 && roll < 0.28) c.$nor = pick(r, [[], [condition(r, depth + 1)]]);
    else if (depth < 2 && roll < 0.34) c.$not = condition(r, depth + 1);
    else {
      const path = pick(r, PATHS);
      c[path] = attributeTest(r, path.split('.')[0] as string);
    }
  }
  return c;
}

function targeting(r: Rand, gates: string[]): Record<string, Json> {
  const t: Record<string, Json> = {};
  if (r() < 0.6) t.when = condition(r);
  if (r() < 0.15) t.segments = [pick(r, ['listed', 'pros'])];
  if (r() < 0.2 && gates.length > 0) t.requires = [{ gate: pick(r, gates), pass: r() < 0.5 }];
  return t;
}

function variants(r: Rand): Json[] {
  const n = 1 + Math.floor(r() * 3);
  const weights =
    n === 1
      ? [100]
      : n === 2
        ? pick(r, [
            [50, 50],
            [0, 100],
            [99.99, 0.01],
          ])
        : [33.33, 33.33, 33.34];
  return weights.map((weight, i) => ({ key: `v${i}`, weight, params: { i, color: pick(r, ['red', 'blue']) } }));
}

/** A random ruleset that parseRuleset should accept (prerequisites only on earlier gates: no cycles). */
export function randomRuleset(r: Rand): RulesetInput {
  const gates: Record<string, Json> = {};
  const names: string[] = [];
  const gateCount = 2 + Math.floor(r() * 4);
  for (let g = 0; g < gateCount; g++) {
    const rules: Json[] = [];
    const ruleCount = Math.floor(r() * 3);
    for (let i = 0; i < ruleCount; i++) {
      const rule: Record<string, Json> = { id: `r${i}`, ...targeting(r, names) };
      if (r() < 0.7) rule.rollout = pct(r);
      if (r() < 0.2) rule.unit = pick(r, ['deviceID', 'userID', 'email']);
      if (r() < 0.1) rule.salt = 'shared';
      rules.push(rule);
    }
    const gate: Record<string, Json> = { rules };
    if (r() < 0.1) gate.enabled = false;
    if (r() < 0.15) gate.unit = 'deviceID';
    gates[`g${g}`] = gate;
    names.push(`g${g}`);
  }
  const experiments: Record<string, Json> = {};
  const expCount = 1 + Math.floor(r() * 4);
  const layered: string[] = [];
  for (let e = 0; e < expCount; e++) {
    const vs = variants(r);
    const exp: Record<string, Json> = { ...targeting(r, names), variants: vs };
    if (r() < 0.5) exp.allocation = pct(r);
    if (r() < 0.15) exp.status = 'stopped';
    if (r() < 0.15) exp.shipped = 'v0';
    if (r() < 0.15) exp.forced = { v0: ['u1'] };
    if (r() < 0.1) exp.startAt = '2026-06-01T00:00:00Z';
    if (r() < 0.1) exp.endAt = '2027-01-01T00:00:00Z';
    if (r() < 0.4) layered.push(`e${e}`);
    experiments[`e${e}`] = exp;
  }
  const layers: Record<string, Json> =
    layered.length > 0
      ? {
          L: {
            experiments: layered.map((experiment) => ({ experiment, share: Math.floor(100 / layered.length) })),
          },
        }
      : {};
  const holdouts: Record<string, Json> =
    r() < 0.4
      ? {
          h: {
            percent: pct(r),
            gates: r() < 0.5 ? [pick(r, names)] : [],
            experiments: r() < 0.5 ? ['e0'] : [],
            params: r() < 0.5 ? ['p0'] : [],
          },
        }
      : {};
  const params: Record<string, Json> = {};
  for (let p = 0; p < 2; p++) {
    const rules: Json[] = [];
    const ruleCount = Math.floor(r() * 3);
    for (let i = 0; i < ruleCount; i++) {
      const rule: Record<string, Json> = { id: `r${i}`, value: pick(r, [1, 'x', null, { a: 1 }, [1], true]) };
      Object.assign(rule, targeting(r, names));
      if (r() < 0.6) rule.rollout = pct(r);
      rules.push(rule);
    }
    params[`p${p}`] = { default: pick(r, [0, 'd', null, false]), rules };
  }
  // One gate per random condition, so the gate's value is exactly evalCondition's answer.
  const conditions: Record<string, Json> = {};
  for (let c = 0; c < 4; c++) conditions[`c${c}`] = { rules: [{ id: 'only', when: condition(r) }] };
  return {
    gates: { ...gates, ...conditions },
    experiments,
    layers,
    holdouts,
    params,
    segments: {
      listed: { ids: SEGMENT_IDS },
      pros: { when: { 'org.plan': 'pro' } },
    },
  } as unknown as RulesetInput;
}
