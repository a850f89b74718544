import { describe, expect, it } from 'vitest';
import { bucket } from '../../src/eval/hash.js';
import { compile, param, unitIds } from './helpers.js';
import { evaluateGate, evaluateParam } from '../../src/eval/index.js';
import { createEvalRecord } from '../../src/eval/types.js';

const limits = compile({
  params: {
    max_items: {
      default: 10,
      rules: [
        { id: 'vip', when: { plan: 'vip' }, value: 100 },
        { id: 'beta', salt: 'beta-salt', when: { beta: true }, value: 25, rollout: 40 },
      ],
    },
    theme: {
      unit: 'deviceID',
      salt: 'theme-salt',
      default: { dark: false },
      rules: [{ id: 'r', value: { dark: true }, rollout: 50 }],
    },
    held: { default: 'off', rules: [{ id: 'all', value: 'on' }] },
  },
  holdouts: { h: { percent: 100, params: ['held'] } },
});

describe('evaluateParam', () => {
  it('reports an unknown parameter as ERROR / FLAG_NOT_FOUND with null', () => {
    expect(param(limits, 'nope', { userID: 'u' })).toMatchObject({
      kind: 'param',
      name: 'nope',
      value: null,
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
      exposure: false,
    });
  });

  it('serves a rollout-100 rule value: TARGETING_MATCH with exposure and ruleId', () => {
    expect(param(limits, 'max_items', { userID: 'u', plan: 'vip' })).toMatchObject({
      value: 100,
      reason: 'TARGETING_MATCH',
      ruleId: 'vip',
      exposure: true,
      bucket: -1,
    });
  });

  it('serves the rule value inside the rollout and the default outside it, both SPLIT with exposure', () => {
    let inside = 0;
    for (const id of unitIds(2000)) {
      const b = bucket('max_items.beta-salt', id);
      const record = param(limits, 'max_items', { userID: id, beta: true });
      expect(record).toMatchObject({
        reason: 'SPLIT',
        ruleId: 'beta',
        unitId: id,
        bucket: b,
        exposure: true,
        value: b < 4000 ? 25 : 10,
      });
      if (b < 4000) inside++;
    }
    expect(inside).toBeGreaterThan(0);
    expect(inside).toBeLessThan(2000);
  });

  it('uses the parameter unit and salt', () => {
    const record = param(limits, 'theme', { userID: 'u', deviceID: 'd1' });
    expect(record).toMatchObject({ unit: 'deviceID', unitId: 'd1', bucket: bucket('theme-salt.r', 'd1') });
    expect(record.value).toEqual(bucket('theme-salt.r', 'd1') < 5000 ? { dark: true } : { dark: false });
  });

  it('serves the default with UNIT_MISSING when a partial rollout has no unit id', () => {
    expect(param(limits, 'max_items', { beta: true })).toMatchObject({
      value: 10,
      reason: 'UNIT_MISSING',
      ruleId: 'beta',
      unitId: undefined,
      bucket: -1,
      exposure: false,
    });
    expect(param(limits, 'max_items', { userID: undefined, beta: true }).reason).toBe('UNIT_MISSING');
  });

  it('serves the default with DEFAULT and no exposure when no rule matches', () => {
    expect(param(limits, 'max_items', { userID: 'u' })).toMatchObject({
      value: 10,
      reason: 'DEFAULT',
      exposure: false,
      ruleId: undefined,
    });
  });

  it('serves the default to held-out units: HOLDOUT with exposure', () => {
    expect(param(limits, 'held', { userID: 'u' })).toMatchObject({
      value: 'off',
      reason: 'HOLDOUT',
      exposure: true,
      holdout: 'h',
    });
  });

  it('applies segments and prerequisites on rules', () => {
    const c = compile({
      segments: { staff: { when: { staff: true } } },
      gates: { on: { rules: [{ id: 'r', when: { on: true } }] } },
      params: {
        p: { default: 0, rules: [{ id: 'r', value: 1, segments: ['staff'], requires: [{ gate: 'on', pass: true }] }] },
      },
    });
    expect(param(c, 'p', { staff: true, on: true }).value).toBe(1);
    expect(param(c, 'p', { staff: true, on: false }).value).toBe(0);
    expect(param(c, 'p', { staff: false, on: true }).value).toBe(0);
  });

  it('serves the known default with ERROR / PARSE_ERROR when the parameter is inconsistent', () => {
    const c = compile({ params: { p: { default: 'safe', rules: [{ id: 'r', value: 'x', segments: ['ghost'] }] } } });
    expect(param(c, 'p', { userID: 'u' })).toMatchObject({
      value: 'safe',
      reason: 'ERROR',
      errorCode: 'PARSE_ERROR',
      errorMessage: 'invalid ruleset: param "p": rule "r" uses unknown segment "ghost"',
    });
  });

  // Gates and parameters share one evaluator; a record reused across them must not carry anything over.
  it('leaves nothing behind in a record reused between a parameter and a gate', () => {
    const c = compile({
      gates: { off: { enabled: false, rules: [{ id: 'all' }] } },
      params: { p: { default: 0, rules: [{ id: 'half', value: 1, rollout: 50 }] } },
    });
    const record = createEvalRecord();
    evaluateParam(c, 'p', { userID: 'u' }, 0, record);
    expect(record).toMatchObject({ kind: 'param', ruleId: 'half', reason: 'SPLIT', exposure: true });
    expect(evaluateGate(c, 'off', { userID: 'u' }, 0, record)).toStrictEqual({
      ...createEvalRecord(),
      kind: 'gate',
      name: 'off',
      value: false,
      reason: 'DISABLED',
    });
    expect(evaluateParam(c, 'p', { userID: 'u' }, 0, record)).toMatchObject({
      kind: 'param',
      name: 'p',
      ruleId: 'half',
      unit: 'userID',
      unitId: 'u',
    });
  });

  it('serves a rule value of false or null as it is, not as the default', () => {
    const c = compile({
      params: {
        f: { default: true, rules: [{ id: 'r', value: false }] },
        n: { default: 'x', rules: [{ id: 'r', value: null }] },
      },
    });
    expect(param(c, 'f', { userID: 'u' })).toMatchObject({ value: false, reason: 'TARGETING_MATCH' });
    expect(param(c, 'n', { userID: 'u' })).toMatchObject({ value: null, reason: 'TARGETING_MATCH' });
  });
});
