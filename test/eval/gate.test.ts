import { describe, expect, it } from 'vitest';
import { bucket } from '../../src/eval/hash.js';
import { MAX_PREREQUISITE_DEPTH, evaluateGate } from '../../src/eval/index.js';
import { createEvalRecord } from '../../src/eval/types.js';
import type { GateInput, RulesetInput } from '../../src/ruleset/normalize.js';
import { compile, gate, unitIds } from './helpers.js';

const checkout = compile({
  gates: {
    new_checkout: {
      rules: [
        { id: 'staff', when: { email: { $regex: '@acme\\.com$' } } },
        { id: 'north_america', when: { country: { $in: ['US', 'CA'] } }, rollout: 20 },
      ],
    },
    off: { enabled: false, rules: [{ id: 'all' }] },
    by_company: { unit: 'companyID', salt: 'custom', rules: [{ id: 'r', salt: 'rs', rollout: 50 }] },
    mixed_units: { rules: [{ id: 'r', unit: 'deviceID', rollout: 50 }] },
  },
});

describe('evaluateGate', () => {
  it('reports an unknown gate as ERROR / FLAG_NOT_FOUND with false', () => {
    const record = gate(checkout, 'nope', { userID: 'u1' });
    expect(record).toMatchObject({
      kind: 'gate',
      name: 'nope',
      value: false,
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
      exposure: false,
    });
    expect(record.errorMessage).toContain('nope');
  });

  it('returns false / DISABLED without exposure when the kill switch is off', () => {
    expect(gate(checkout, 'off', { userID: 'u1' })).toMatchObject({
      value: false,
      reason: 'DISABLED',
      exposure: false,
      ruleId: undefined,
    });
  });

  it('lets the first matching rule decide: rollout 100 gives TARGETING_MATCH with exposure', () => {
    const record = gate(checkout, 'new_checkout', { userID: 'u1', email: 'ann@acme.com', country: 'US' });
    expect(record).toMatchObject({
      value: true,
      reason: 'TARGETING_MATCH',
      ruleId: 'staff',
      unit: 'userID',
      unitId: 'u1',
      bucket: -1,
      exposure: true,
    });
  });

  it('passes a rollout-100 rule without a unit id (no hash needed)', () => {
    expect(gate(checkout, 'new_checkout', { email: 'ann@acme.com' })).toMatchObject({
      value: true,
      reason: 'TARGETING_MATCH',
      unitId: undefined,
      bucket: -1,
    });
  });

  it('splits a partial rollout by bucket(`gate.salt.rule.salt`, unitId) < threshold', () => {
    let passed = 0;
    let failed = 0;
    for (const id of unitIds(2000)) {
      const record = gate(checkout, 'new_checkout', { userID: id, country: 'CA' });
      const expected = bucket('new_checkout.north_america', id);
      expect(record).toMatchObject({
        reason: 'SPLIT',
        ruleId: 'north_america',
        unit: 'userID',
        unitId: id,
        bucket: expected,
        exposure: true,
      });
      expect(record.value).toBe(expected < 2000);
      if (record.value) passed++;
      else failed++;
    }
    expect(passed).toBeGreaterThan(0);
    expect(failed).toBeGreaterThan(0);
  });

  it('uses the custom gate salt, rule salt and the gate unit', () => {
    const record = gate(checkout, 'by_company', { userID: 'u1', companyID: 'acme' });
    expect(record).toMatchObject({ unit: 'companyID', unitId: 'acme', bucket: bucket('custom.rs', 'acme') });
  });

  it('uses a rule unit that differs from the gate unit', () => {
    const record = gate(checkout, 'mixed_units', { userID: 'u1', deviceID: 'd1' });
    expect(record).toMatchObject({ unit: 'deviceID', unitId: 'd1', bucket: bucket('mixed_units.r', 'd1') });
  });

  it('gives false / UNIT_MISSING (not a hash of "undefined") when a partial rollout has no unit id', () => {
    const missing: Record<string, unknown>[] = [
      {},
      { userID: undefined },
      { userID: null },
      { userID: '' },
      { userID: Number.NaN },
      { userID: {} },
      { userID: true },
    ];
    for (const user of missing) {
      expect(gate(checkout, 'new_checkout', { ...user, country: 'US' })).toMatchObject({
        value: false,
        reason: 'UNIT_MISSING',
        ruleId: 'north_america',
        unitId: undefined,
        bucket: -1,
        exposure: false,
      });
    }
  });

  it('hashes a numeric unit id as its decimal string', () => {
    expect(gate(checkout, 'new_checkout', { userID: 42, country: 'US' })).toMatchObject({
      unitId: '42',
      bucket: bucket('new_checkout.north_america', '42'),
    });
  });

  it('returns false / DEFAULT without exposure when no rule matches', () => {
    expect(gate(checkout, 'new_checkout', { userID: 'u1', country: 'FR' })).toMatchObject({
      value: false,
      reason: 'DEFAULT',
      exposure: false,
      ruleId: undefined,
    });
    expect(gate(compile({ gates: { empty: {} } }), 'empty', { userID: 'u1' })).toMatchObject({
      value: false,
      reason: 'DEFAULT',
    });
  });

  it('resets a reused record, so nothing leaks from the previous evaluation', () => {
    const out = createEvalRecord();
    evaluateGate(checkout, 'new_checkout', { userID: 'u1', country: 'US' }, 0, out);
    const record = evaluateGate(checkout, 'off', { userID: 'u1' }, 0, out);
    expect(record).toBe(out);
    expect(record).toEqual({ ...createEvalRecord(), kind: 'gate', name: 'off', value: false, reason: 'DISABLED' });
  });
});

describe('gate holdouts', () => {
  const held = compile({
    gates: { g: { rules: [{ id: 'all' }] }, free: { rules: [{ id: 'all' }] } },
    holdouts: { everyone: { percent: 100, gates: ['g'] }, nobody: { percent: 0, gates: ['free'] } },
  });

  it('holds a unit back: false / HOLDOUT with exposure and the holdout named', () => {
    expect(gate(held, 'g', { userID: 'u1' })).toMatchObject({
      value: false,
      reason: 'HOLDOUT',
      exposure: true,
      holdout: 'everyone',
      unit: 'userID',
      unitId: 'u1',
      bucket: bucket('everyone.holdout', 'u1'),
    });
  });

  it('does not hold back a unit outside the holdout percent', () => {
    expect(gate(held, 'free', { userID: 'u1' })).toMatchObject({
      value: true,
      reason: 'TARGETING_MATCH',
      holdout: undefined,
    });
  });

  it('holds back exactly the units whose holdout bucket is below the threshold', () => {
    const partial = compile({
      gates: { g: { rules: [{ id: 'all' }] } },
      holdouts: { h: { percent: 30, salt: 'hs', gates: ['g'] } },
    });
    for (const id of unitIds(1000)) {
      expect(gate(partial, 'g', { userID: id }).reason).toBe(bucket('hs', id) < 3000 ? 'HOLDOUT' : 'TARGETING_MATCH');
    }
  });

  it('holds back the bucket just below the threshold and not the one at it', () => {
    const partial = compile({
      gates: { g: { rules: [{ id: 'all' }] } },
      holdouts: { h: { percent: 30, salt: 'hs', gates: ['g'] } },
    });
    // Found by search: the ids whose buckets are the last held-out one and the first one let through.
    expect([bucket('hs', 'u11064'), bucket('hs', 'u11668')]).toStrictEqual([2999, 3000]);
    expect(gate(partial, 'g', { userID: 'u11064' }).reason).toBe('HOLDOUT');
    expect(gate(partial, 'g', { userID: 'u11668' }).reason).toBe('TARGETING_MATCH');
  });

  it('cannot hold back a user without the holdout unit', () => {
    expect(gate(held, 'g', { deviceID: 'd1' })).toMatchObject({ value: true, reason: 'TARGETING_MATCH' });
  });

  it('goes on to the next holdout when the user lacks the unit of an earlier one', () => {
    const two = compile({
      gates: { g: { rules: [{ id: 'all' }] } },
      holdouts: { companies: { unit: 'companyID', percent: 100, gates: ['g'] }, users: { percent: 100, gates: ['g'] } },
    });
    expect(gate(two, 'g', { userID: 'u1' })).toMatchObject({ reason: 'HOLDOUT', holdout: 'users', unit: 'userID' });
    // With both units, the first holdout in ruleset order holds the user back.
    expect(gate(two, 'g', { userID: 'u1', companyID: 'c1' })).toMatchObject({
      holdout: 'companies',
      unit: 'companyID',
      unitId: 'c1',
    });
  });

  it('checks the kill switch before the holdout', () => {
    const disabled = compile({ gates: { g: { enabled: false } }, holdouts: { h: { percent: 100, gates: ['g'] } } });
    expect(gate(disabled, 'g', { userID: 'u1' })).toMatchObject({ reason: 'DISABLED', holdout: undefined });
  });
});

describe('prerequisites', () => {
  const prerequisites = compile({
    gates: {
      base: { rules: [{ id: 'us', when: { country: 'US' } }] },
      needs_base: { rules: [{ id: 'r', requires: [{ gate: 'base', pass: true }] }] },
      without_base: { rules: [{ id: 'r', requires: [{ gate: 'base', pass: false }] }] },
      chained: {
        rules: [
          { id: 'r', requires: [{ gate: 'needs_base', pass: true }] },
          { id: 'fallback', rollout: 0 },
        ],
      },
    },
  });

  it('requires another gate to pass', () => {
    expect(gate(prerequisites, 'needs_base', { userID: 'u', country: 'US' })).toMatchObject({
      value: true,
      ruleId: 'r',
    });
    expect(gate(prerequisites, 'needs_base', { userID: 'u', country: 'FR' })).toMatchObject({
      value: false,
      reason: 'DEFAULT',
    });
  });

  it('requires another gate to fail', () => {
    expect(gate(prerequisites, 'without_base', { userID: 'u', country: 'FR' }).value).toBe(true);
    expect(gate(prerequisites, 'without_base', { userID: 'u', country: 'US' }).value).toBe(false);
  });

  it('evaluates prerequisites recursively; a failed one moves on to the next rule', () => {
    expect(gate(prerequisites, 'chained', { userID: 'u', country: 'US' })).toMatchObject({ value: true, ruleId: 'r' });
    expect(gate(prerequisites, 'chained', { userID: 'u', country: 'FR' })).toMatchObject({
      value: false,
      reason: 'SPLIT',
      ruleId: 'fallback',
    });
  });

  it('counts a held-out or disabled prerequisite as failing', () => {
    const c = compile({
      gates: {
        base: { rules: [{ id: 'all' }] },
        off: { enabled: false },
        a: { rules: [{ id: 'r', requires: [{ gate: 'base', pass: true }] }] },
        b: { rules: [{ id: 'r', requires: [{ gate: 'off', pass: false }] }] },
      },
      holdouts: { h: { percent: 100, gates: ['base'] } },
    });
    expect(gate(c, 'a', { userID: 'u' }).value).toBe(false);
    expect(gate(c, 'b', { userID: 'u' }).value).toBe(true);
  });

  // parseRuleset rejects cycles; a trusted ruleset that skips validation must still not hang or overflow the stack.
  it('guards against a prerequisite cycle at runtime with ERROR / GENERAL', () => {
    const cyclic = compile({
      gates: {
        a: { rules: [{ id: 'r', requires: [{ gate: 'b', pass: true }] }] },
        b: { rules: [{ id: 'r', requires: [{ gate: 'a', pass: true }] }] },
      },
    });
    const record = gate(cyclic, 'a', { userID: 'u' });
    expect(record).toMatchObject({
      value: false,
      reason: 'ERROR',
      errorCode: 'GENERAL',
      exposure: false,
      ruleId: undefined,
    });
    // a sits at even depths and b at odd ones, so the first depth past the limit (33) is at b.
    expect(record.errorMessage).toBe(
      `evaluation failed: prerequisites deeper than ${MAX_PREREQUISITE_DEPTH} levels at gate "b" (a cycle?)`,
    );
  });

  it(`allows a chain of ${MAX_PREREQUISITE_DEPTH} nested prerequisites and stops one beyond`, () => {
    const chain = (length: number): RulesetInput => {
      const gates: Record<string, GateInput> = { g0: { rules: [{ id: 'all' }] } };
      for (let i = 1; i <= length; i++)
        gates[`g${i}`] = { rules: [{ id: 'r', requires: [{ gate: `g${i - 1}`, pass: true }] }] };
      return { gates };
    };
    const ok = compile(chain(MAX_PREREQUISITE_DEPTH));
    expect(gate(ok, `g${MAX_PREREQUISITE_DEPTH}`, { userID: 'u' })).toMatchObject({
      value: true,
      reason: 'TARGETING_MATCH',
    });
    const tooDeep = compile(chain(MAX_PREREQUISITE_DEPTH + 1));
    expect(gate(tooDeep, `g${MAX_PREREQUISITE_DEPTH + 1}`, { userID: 'u' })).toMatchObject({
      value: false,
      reason: 'ERROR',
      errorCode: 'GENERAL',
    });
  });

  it('reports a prerequisite on an unknown gate as ERROR / PARSE_ERROR', () => {
    const dangling = compile({ gates: { a: { rules: [{ id: 'r', requires: [{ gate: 'ghost', pass: true }] }] } } });
    const record = gate(dangling, 'a', { userID: 'u' });
    expect(record).toMatchObject({ value: false, reason: 'ERROR', errorCode: 'PARSE_ERROR' });
    expect(record.errorMessage).toContain('ghost');
  });
});

describe('segments', () => {
  const segmented = compile({
    segments: {
      beta: { ids: ['u1', 2, 'u3'] },
      companies: { unit: 'companyID', ids: ['acme'] },
      germans: { when: { country: 'DE' } },
      beta_germans: { ids: ['u1', 'u2'], when: { country: 'DE' } },
    },
    gates: {
      beta: { rules: [{ id: 'r', segments: ['beta'] }] },
      companies: { rules: [{ id: 'r', segments: ['companies'] }] },
      germans: { rules: [{ id: 'r', segments: ['germans'] }] },
      both: { rules: [{ id: 'r', segments: ['beta_germans'] }] },
      all_of: { rules: [{ id: 'r', segments: ['beta', 'germans'] }] },
      in_group: { rules: [{ id: 'r', when: { userID: { $inGroup: 'beta' } } }] },
    },
  });

  it('matches when the id list contains the unit id, comparing as strings', () => {
    expect(gate(segmented, 'beta', { userID: 'u1' }).value).toBe(true);
    expect(gate(segmented, 'beta', { userID: 2 }).value).toBe(true);
    expect(gate(segmented, 'beta', { userID: '2' }).value).toBe(true);
    expect(gate(segmented, 'beta', { userID: 'u2' }).value).toBe(false);
    expect(gate(segmented, 'beta', {}).value).toBe(false);
  });

  it("uses the segment's own unit", () => {
    expect(gate(segmented, 'companies', { userID: 'acme' }).value).toBe(false);
    expect(gate(segmented, 'companies', { userID: 'u9', companyID: 'acme' }).value).toBe(true);
  });

  it('matches a condition-only segment on attributes', () => {
    expect(gate(segmented, 'germans', { country: 'DE' }).value).toBe(true);
    expect(gate(segmented, 'germans', { country: 'FR' }).value).toBe(false);
  });

  it('requires both the ids and the condition when a segment has both', () => {
    expect(gate(segmented, 'both', { userID: 'u1', country: 'DE' }).value).toBe(true);
    expect(gate(segmented, 'both', { userID: 'u1', country: 'FR' }).value).toBe(false);
    expect(gate(segmented, 'both', { userID: 'u3', country: 'DE' }).value).toBe(false);
  });

  it('requires every listed segment', () => {
    expect(gate(segmented, 'all_of', { userID: 'u1', country: 'DE' }).value).toBe(true);
    expect(gate(segmented, 'all_of', { userID: 'u1', country: 'FR' }).value).toBe(false);
    expect(gate(segmented, 'all_of', { userID: 'u7', country: 'DE' }).value).toBe(false);
  });

  it('exposes segments with ids to $inGroup conditions', () => {
    expect(gate(segmented, 'in_group', { userID: 'u3' }).value).toBe(true);
    expect(gate(segmented, 'in_group', { userID: 'u4' }).value).toBe(false);
  });

  it('reports a rule naming an unknown segment as ERROR / PARSE_ERROR', () => {
    const dangling = compile({ gates: { g: { rules: [{ id: 'r', segments: ['ghost'] }] } } });
    expect(gate(dangling, 'g', { userID: 'u' })).toMatchObject({
      reason: 'ERROR',
      errorCode: 'PARSE_ERROR',
      value: false,
    });
    expect(gate(dangling, 'g', { userID: 'u' }).errorMessage).toBe(
      'invalid ruleset: gate "g": rule "r" uses unknown segment "ghost"',
    );
  });
});
