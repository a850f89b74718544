import { describe, expect, it } from 'vitest';
import { bucket } from '../../src/eval/hash.js';
import type { ExperimentInput, RulesetInput } from '../../src/ruleset/normalize.js';
import { compile, experiment, unitIds } from './helpers.js';

const variants = [
  { key: 'control', weight: 50, params: { color: 'grey' } },
  { key: 'red', weight: 25, params: { color: 'red' } },
  { key: 'blue', weight: 25 },
];
const one = (definition: Partial<ExperimentInput>, rest: Omit<RulesetInput, 'experiments'> = {}) =>
  compile({ ...rest, experiments: { e: { variants, ...definition } } });

const JAN_1 = Date.parse('2030-01-01T00:00:00Z');
const FEB_1 = Date.parse('2030-02-01T00:00:00Z');

describe('evaluateExperiment', () => {
  it('reports an unknown experiment as ERROR / FLAG_NOT_FOUND with null and index -1', () => {
    expect(experiment(one({}), 'nope', { userID: 'u' })).toMatchObject({
      kind: 'experiment',
      name: 'nope',
      value: null,
      variantIndex: -1,
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
      exposure: false,
    });
  });

  it('assigns variants by cumulative thresholds over bucket(salt, unitId): SPLIT with exposure', () => {
    const c = one({});
    for (const id of unitIds(3000)) {
      const b = bucket('e', id);
      const expected = b < 5000 ? 0 : b < 7500 ? 1 : 2;
      expect(experiment(c, 'e', { userID: id })).toMatchObject({
        value: variants[expected]!.key,
        variantIndex: expected,
        reason: 'SPLIT',
        unit: 'userID',
        unitId: id,
        bucket: b,
        exposure: true,
        ruleId: undefined,
      });
    }
  });

  it('never assigns a variant of weight 0, wherever it sits', () => {
    const c = compile({
      experiments: {
        e: {
          variants: [
            { key: 'none', weight: 0 },
            { key: 'all', weight: 100 },
            { key: 'last', weight: 0 },
          ],
        },
      },
    });
    for (const id of unitIds(500))
      expect(experiment(c, 'e', { userID: id })).toMatchObject({ value: 'all', variantIndex: 1, reason: 'SPLIT' });
  });

  it('records the index of the variant served in ruleset.experiments[name].variants', () => {
    const c = one({});
    const seen = new Set<number>();
    for (const id of unitIds(200)) {
      const record = experiment(c, 'e', { userID: id });
      expect(variants[record.variantIndex]!.key).toBe(record.value);
      seen.add(record.variantIndex);
    }
    expect([...seen].sort()).toEqual([0, 1, 2]);
  });

  it('uses the experiment salt and unit', () => {
    const c = one({ unit: 'deviceID', salt: 'salty' });
    expect(experiment(c, 'e', { userID: 'u', deviceID: 'd7' })).toMatchObject({
      unit: 'deviceID',
      unitId: 'd7',
      bucket: bucket('salty', 'd7'),
    });
  });

  it('serves the shipped variant of a stopped experiment: STATIC without exposure', () => {
    expect(experiment(one({ status: 'stopped', shipped: 'red' }), 'e', {})).toMatchObject({
      value: 'red',
      variantIndex: 1,
      reason: 'STATIC',
      exposure: false,
    });
  });

  it('serves nothing from a stopped experiment without shipped: DISABLED', () => {
    expect(experiment(one({ status: 'stopped' }), 'e', { userID: 'u' })).toMatchObject({
      value: null,
      variantIndex: -1,
      reason: 'DISABLED',
      exposure: false,
    });
  });

  it('is DISABLED outside its [startAt, endAt) window, using the injected time', () => {
    const c = one({ startAt: '2030-01-01T00:00:00Z', endAt: '2030-02-01T00:00:00Z' });
    const user = { userID: 'u1' };
    expect(experiment(c, 'e', user, JAN_1 - 1)).toMatchObject({ value: null, reason: 'DISABLED', exposure: false });
    expect(experiment(c, 'e', user, JAN_1)).toMatchObject({ reason: 'SPLIT', exposure: true });
    expect(experiment(c, 'e', user, FEB_1 - 1)).toMatchObject({ reason: 'SPLIT' });
    expect(experiment(c, 'e', user, FEB_1)).toMatchObject({ value: null, reason: 'DISABLED' });
  });

  it('supports an open-ended schedule on either side', () => {
    expect(experiment(one({ startAt: '2030-01-01T00:00:00Z' }), 'e', { userID: 'u' }, 8.64e15).reason).toBe('SPLIT');
    expect(experiment(one({ startAt: '2030-01-01T00:00:00Z' }), 'e', { userID: 'u' }, 0).reason).toBe('DISABLED');
    expect(experiment(one({ endAt: '2030-01-01T00:00:00Z' }), 'e', { userID: 'u' }, 0).reason).toBe('SPLIT');
    expect(experiment(one({ endAt: '2030-01-01T00:00:00Z' }), 'e', { userID: 'u' }, JAN_1).reason).toBe('DISABLED');
  });

  it('honours a time zone offset in the schedule', () => {
    const c = one({ startAt: '2030-01-01T01:00:00+01:00' });
    expect(experiment(c, 'e', { userID: 'u' }, JAN_1).reason).toBe('SPLIT');
    expect(experiment(c, 'e', { userID: 'u' }, JAN_1 - 1).reason).toBe('DISABLED');
  });

  it('reads a schedule bound only with a time zone (Z or ±hh:mm), never in host-local time', () => {
    // Without a zone, Date.parse would read this as local time: a different instant in UTC, Tokyo and New York.
    for (const field of ['startAt', 'endAt'] as const) {
      const record = experiment(one({ [field]: '2030-01-01T00:00:00' }), 'e', { userID: 'u' }, JAN_1);
      expect(record).toMatchObject({ value: null, reason: 'ERROR', errorCode: 'PARSE_ERROR' });
      expect(record.errorMessage).toBe(
        `invalid ruleset: experiment "e": ${field} "2030-01-01T00:00:00" is not a date-time with a time zone`,
      );
    }
    expect(experiment(one({ startAt: '2030-01-01T00:00:00Z' }), 'e', { userID: 'u' }, JAN_1).reason).toBe('SPLIT');
    expect(experiment(one({ startAt: '2030-01-01T00:00:00Z' }), 'e', { userID: 'u' }, JAN_1 - 1).reason).toBe(
      'DISABLED',
    );
    const plusTwo = one({ startAt: '2030-01-01T02:00:00+02:00' });
    expect(experiment(plusTwo, 'e', { userID: 'u' }, JAN_1).reason).toBe('SPLIT');
    expect(experiment(plusTwo, 'e', { userID: 'u' }, JAN_1 - 1).reason).toBe('DISABLED');
  });

  it('gives forced units their variant: TARGETING_MATCH, ruleId "forced", no exposure', () => {
    const c = one({ forced: { blue: ['qa-1', '42'], red: ['qa-1'] }, when: { country: 'US' } });
    expect(experiment(c, 'e', { userID: 'qa-1' })).toMatchObject({
      value: 'blue',
      variantIndex: 2,
      reason: 'TARGETING_MATCH',
      ruleId: 'forced',
      unitId: 'qa-1',
      exposure: false,
    });
    // Numeric ids compare as strings; forced units skip targeting.
    expect(experiment(c, 'e', { userID: 42, country: 'FR' })).toMatchObject({ value: 'blue', ruleId: 'forced' });
  });

  it('lets forced units skip holdouts, layer slots and allocation', () => {
    const c = compile({
      experiments: { e: { variants, allocation: 0, forced: { red: ['qa'] } } },
      holdouts: { h: { percent: 100, experiments: ['e'] } },
      layers: { l: { experiments: [{ experiment: 'e', share: 0 }] } },
    });
    expect(experiment(c, 'e', { userID: 'qa' })).toMatchObject({
      value: 'red',
      reason: 'TARGETING_MATCH',
      holdout: undefined,
      layer: 'l',
    });
    expect(experiment(c, 'e', { userID: 'someone' }).reason).toBe('HOLDOUT');
  });

  it('checks lifecycle and schedule before forced assignments', () => {
    expect(experiment(one({ status: 'stopped', forced: { blue: ['qa'] } }), 'e', { userID: 'qa' }).reason).toBe(
      'DISABLED',
    );
    expect(
      experiment(one({ startAt: '2030-01-01T00:00:00Z', forced: { blue: ['qa'] } }), 'e', { userID: 'qa' }, 0).reason,
    ).toBe('DISABLED');
  });

  it('returns null / DEFAULT when targeting does not match', () => {
    const c = one({ when: { country: 'US' } });
    expect(experiment(c, 'e', { userID: 'u', country: 'FR' })).toMatchObject({
      value: null,
      variantIndex: -1,
      reason: 'DEFAULT',
      exposure: false,
    });
    expect(experiment(c, 'e', { userID: 'u', country: 'US' }).reason).toBe('SPLIT');
  });

  it('applies segments and prerequisites as targeting', () => {
    const c = one(
      { segments: ['beta'], requires: [{ gate: 'ready', pass: true }] },
      { segments: { beta: { ids: ['u1', 'u2'] } }, gates: { ready: { rules: [{ id: 'r', when: { ok: true } }] } } },
    );
    expect(experiment(c, 'e', { userID: 'u1', ok: true }).reason).toBe('SPLIT');
    expect(experiment(c, 'e', { userID: 'u1', ok: false }).reason).toBe('DEFAULT');
    expect(experiment(c, 'e', { userID: 'u3', ok: true }).reason).toBe('DEFAULT');
  });

  it('checks targeting before the unit: a targeted-out user without id is DEFAULT, a targeted-in one UNIT_MISSING', () => {
    const c = one({ when: { country: 'US' } });
    expect(experiment(c, 'e', { country: 'FR' }).reason).toBe('DEFAULT');
    const missing: Record<string, unknown>[] = [
      {},
      { userID: undefined },
      { userID: null },
      { userID: '' },
      { userID: Number.POSITIVE_INFINITY },
    ];
    for (const user of missing) {
      expect(experiment(c, 'e', { ...user, country: 'US' })).toMatchObject({
        value: null,
        variantIndex: -1,
        reason: 'UNIT_MISSING',
        unitId: undefined,
        bucket: -1,
        exposure: false,
      });
    }
  });

  it('holds units back: null / HOLDOUT with exposure', () => {
    const c = one({}, { holdouts: { h: { percent: 100, experiments: ['e'] } } });
    expect(experiment(c, 'e', { userID: 'u1' })).toMatchObject({
      value: null,
      variantIndex: -1,
      reason: 'HOLDOUT',
      exposure: true,
      holdout: 'h',
      bucket: bucket('h.holdout', 'u1'),
    });
  });

  it('checks targeting and the unit before holdouts', () => {
    const c = one({ when: { country: 'US' } }, { holdouts: { h: { percent: 100, experiments: ['e'] } } });
    expect(experiment(c, 'e', { userID: 'u1', country: 'FR' })).toMatchObject({
      reason: 'DEFAULT',
      holdout: undefined,
      exposure: false,
    });
    expect(experiment(c, 'e', { country: 'US' })).toMatchObject({ reason: 'UNIT_MISSING', holdout: undefined });
    expect(experiment(c, 'e', { userID: 'u1', country: 'US' }).reason).toBe('HOLDOUT');
  });

  it('is NOT_ALLOCATED outside the allocation, with the allocation bucket', () => {
    const c = one({ allocation: 30 });
    let allocated = 0;
    for (const id of unitIds(2000)) {
      const record = experiment(c, 'e', { userID: id });
      const allocationBucket = bucket('e.allocation', id);
      if (allocationBucket < 3000) {
        allocated++;
        expect(record).toMatchObject({ reason: 'SPLIT', bucket: bucket('e', id) });
      } else {
        expect(record).toMatchObject({
          value: null,
          variantIndex: -1,
          reason: 'NOT_ALLOCATED',
          bucket: allocationBucket,
          exposure: false,
        });
      }
    }
    expect(allocated).toBeGreaterThan(0);
  });

  it('serves no one at allocation 0', () => {
    const c = one({ allocation: 0 });
    for (const id of unitIds(200)) expect(experiment(c, 'e', { userID: id }).reason).toBe('NOT_ALLOCATED');
  });

  it('reports an inconsistent experiment as ERROR / PARSE_ERROR', () => {
    const bad: Partial<ExperimentInput>[] = [
      { startAt: 'not a date' },
      { shipped: 'ghost', status: 'stopped' },
      { forced: { ghost: ['u'] } },
      { segments: ['ghost'] },
      {
        variants: [
          { key: 'a', weight: 60 },
          { key: 'b', weight: 60 },
        ],
      },
    ];
    for (const definition of bad) {
      expect(experiment(one(definition), 'e', { userID: 'u' })).toMatchObject({
        value: null,
        variantIndex: -1,
        reason: 'ERROR',
        errorCode: 'PARSE_ERROR',
      });
    }
  });

  it('names every problem of an inconsistent experiment, in compile order', () => {
    const record = experiment(
      one({
        variants: [
          { key: 'a', weight: 60 },
          { key: 'b', weight: 30 },
        ],
        shipped: 'ghost',
        startAt: 'soon',
        endAt: 'later',
        forced: { b: ['u'], phantom: ['v'] },
        segments: ['nowhere'],
      }),
      'e',
      { userID: 'u' },
    );
    expect(record.errorMessage).toBe(
      'invalid ruleset: experiment "e": variant weights add up to 90%, not 100%; ' +
        'shipped variant "ghost" does not exist; startAt "soon" is not a date-time with a time zone; ' +
        'endAt "later" is not a date-time with a time zone; ' +
        'forced variant "phantom" does not exist; the experiment uses unknown segment "nowhere"',
    );
  });

  it('keeps a valid schedule bound when only the other one is missing', () => {
    const fromJan = one({ startAt: '2030-01-01T00:00:00Z' });
    expect(experiment(fromJan, 'e', { userID: 'u' }, JAN_1 - 1).reason).toBe('DISABLED');
    expect(experiment(fromJan, 'e', { userID: 'u' }, FEB_1 * 2).reason).toBe('SPLIT');
    const untilFeb = one({ endAt: '2030-02-01T00:00:00Z' });
    expect(experiment(untilFeb, 'e', { userID: 'u' }, FEB_1).reason).toBe('DISABLED');
    expect(experiment(untilFeb, 'e', { userID: 'u' }, 1).reason).toBe('SPLIT');
  });
});

describe('layers', () => {
  const layered = compile({
    experiments: { a: { variants }, b: { variants }, outside: { variants } },
    layers: {
      checkout: {
        experiments: [
          { experiment: 'a', share: 40 },
          { experiment: 'b', share: 35 },
        ],
      },
    },
  });

  it('admits a unit only when its layer bucket falls in the slot, and names the layer', () => {
    for (const id of unitIds(2000)) {
      const layerBucket = bucket('checkout.layer', id);
      const a = experiment(layered, 'a', { userID: id });
      const b = experiment(layered, 'b', { userID: id });
      expect(a.layer).toBe('checkout');
      expect(b.layer).toBe('checkout');
      if (layerBucket < 4000) expect(a).toMatchObject({ reason: 'SPLIT', bucket: bucket('a', id) });
      else expect(a).toMatchObject({ value: null, reason: 'NOT_ALLOCATED', bucket: layerBucket, exposure: false });
      if (layerBucket >= 4000 && layerBucket < 7500) expect(b.reason).toBe('SPLIT');
      else expect(b).toMatchObject({ reason: 'NOT_ALLOCATED', bucket: layerBucket });
    }
  });

  it('leaves experiments outside any layer alone', () => {
    expect(experiment(layered, 'outside', { userID: 'u1' })).toMatchObject({ reason: 'SPLIT', layer: undefined });
  });

  it('checks the layer slot on the layer unit, then the allocation, then splits; the last bucket taken is recorded', () => {
    const c = compile({
      experiments: { e: { variants, allocation: 50 } },
      layers: { byDevice: { unit: 'deviceID', experiments: [{ experiment: 'e', share: 60 }] } },
    });
    // No layer unit: the unit cannot be placed in the layer.
    expect(experiment(c, 'e', { userID: 'u1' })).toMatchObject({
      value: null,
      reason: 'UNIT_MISSING',
      unitId: 'u1',
      bucket: -1,
      layer: 'byDevice',
      exposure: false,
    });
    const seen = new Set<string>();
    for (const [i, id] of unitIds(3000).entries()) {
      const device = `d${i}`;
      const record = experiment(c, 'e', { userID: id, deviceID: device });
      const layerBucket = bucket('byDevice.layer', device);
      const allocationBucket = bucket('e.allocation', id);
      seen.add(record.reason);
      if (layerBucket >= 6000)
        expect(record).toMatchObject({ reason: 'NOT_ALLOCATED', bucket: layerBucket, unit: 'userID', unitId: id });
      else if (allocationBucket >= 5000)
        expect(record).toMatchObject({ reason: 'NOT_ALLOCATED', bucket: allocationBucket });
      else expect(record).toMatchObject({ reason: 'SPLIT', bucket: bucket('e', id), exposure: true });
    }
    expect([...seen].sort()).toEqual(['NOT_ALLOCATED', 'SPLIT']);
  });

  it('reports an experiment claimed by two layer slots as ERROR / PARSE_ERROR', () => {
    const twice = compile({
      experiments: { a: { variants } },
      layers: {
        x: { experiments: [{ experiment: 'a', share: 50 }] },
        y: { experiments: [{ experiment: 'a', share: 50 }] },
      },
    });
    expect(experiment(twice, 'a', { userID: 'u' })).toMatchObject({
      reason: 'ERROR',
      errorCode: 'PARSE_ERROR',
      errorMessage: 'invalid ruleset: experiment "a": in more than one layer slot ("x", "y")',
    });
    // Twice in one layer is the same problem (parseRuleset refuses both), and not "more than one layer".
    const twiceInOne = compile({
      experiments: { a: { variants } },
      layers: {
        x: {
          experiments: [
            { experiment: 'a', share: 50 },
            { experiment: 'a', share: 50 },
          ],
        },
      },
    });
    expect(experiment(twiceInOne, 'a', { userID: 'u' }).errorMessage).toBe(
      'invalid ruleset: experiment "a": in more than one layer slot ("x", "x")',
    );
  });
});
