import { describe, expect, it } from 'vitest';
import { analyzeExperiment, designFromRuleset, parseMetricSpec } from '../../src/analysis/index.js';
import type { AnalysisOptions } from '../../src/analysis/index.js';
import { resolveOptions } from '../../src/analysis/resolve-options.js';
import { ConfigError } from '../../src/errors/index.js';
import { BUTTON } from './fixtures.js';

function issuesOf(options: AnalysisOptions): string[] {
  try {
    resolveOptions(options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('INVALID_OPTIONS');
    return (error as ConfigError).issues.map((i) => i.path);
  }
  throw new Error('expected a ConfigError');
}

describe('analysis options', () => {
  it('fills defaults: first variant is control, 95% confidence, 80% power, secondary/increase metrics', () => {
    const resolved = resolveOptions({ experiment: BUTTON, metrics: [{ key: 'purchase', kind: 'count' }] });
    expect(resolved).toMatchObject({ control: 0, confidence: 0.95, power: 0.8, maxSegmentValues: 20, segments: [] });
    expect(resolved.metrics[0]).toMatchObject({
      role: 'secondary',
      direction: 'increase',
      event: 'purchase',
      minDetectableEffect: 0.05,
    });
  });

  it('accepts a ruleset experiment as is (extra fields ignored) with its key added', () => {
    const fromRuleset = {
      key: 'button_color',
      unit: 'deviceID',
      salt: 'x',
      allocation: 100,
      status: 'running' as const,
      variants: [
        { key: 'control', weight: 50, params: {} },
        { key: 'green', weight: 50, params: { color: 'green' } },
      ],
    };
    expect(resolveOptions({ experiment: fromRuleset, metrics: [] }).variants).toEqual([
      { key: 'control', weight: 50 },
      { key: 'green', weight: 50 },
    ]);
  });

  it('lists every problem with its path at once', () => {
    const paths = issuesOf({
      experiment: {
        key: '',
        unit: 'deviceID',
        control: 'nope',
        variants: [
          { key: 'a', weight: -1 },
          { key: 'a', weight: 1 },
        ],
      },
      metrics: [
        { key: 'm', kind: 'median' as 'sum' },
        { key: 'm', kind: 'conversion', winsorize: { upper: 0.9 } },
        { key: 'r', kind: 'ratio', numerator: 'a' },
        { key: 's', kind: 'sum', winsorize: { lower: 0.9, upper: 0.1 }, minDetectableEffect: -1 },
      ],
      confidence: 1.5,
      segments: [''],
    });
    expect(paths).toEqual(
      expect.arrayContaining([
        'experiment.key',
        'experiment.variants[0].weight',
        'experiment.variants[1].key',
        'experiment.control',
        'confidence',
        'segments[0]',
        'metrics[0].kind',
        'metrics[1].key',
        'metrics[1].winsorize',
        'metrics[2].denominator',
        'metrics[3].winsorize',
        'metrics[3].minDetectableEffect',
      ]),
    );
  });

  it('needs two variants', () => {
    expect(issuesOf({ experiment: { ...BUTTON, variants: [{ key: 'a', weight: 1 }] }, metrics: [] })).toContain(
      'experiment.variants',
    );
  });

  it('names lists of the wrong shape instead of throwing a TypeError or spreading a string', () => {
    const wrong = (extra: object) => issuesOf({ experiment: BUTTON, metrics: [], ...extra } as AnalysisOptions);
    expect(wrong({ segments: 'country' })).toEqual(['segments']);
    expect(wrong({ notes: 'weights assumed equal' })).toEqual(['notes']);
    expect(wrong({ notes: ['ok', 5] })).toEqual(['notes[1]']);
    expect(wrong({ corrections: 'holm' })).toEqual(['corrections']);
    expect(wrong({ priors: 'flat' })).toEqual(['priors']);
    expect(wrong({ experiment: { ...BUTTON, weightsAssumed: 'yes' } })).toEqual(['experiment.weightsAssumed']);
    for (const winsorize of [null, 0.99])
      expect(wrong({ metrics: [{ key: 'revenue', kind: 'sum', winsorize }] })).toEqual(['metrics[0].winsorize']);
    const holes = { ...BUTTON, variants: [null, ...BUTTON.variants], control: 'green' };
    expect(wrong({ experiment: holes })).toEqual(['experiment.variants[0].key', 'experiment.variants[0].weight']);
    expect(issuesOf(null as unknown as AnalysisOptions)).toEqual(['']);
  });

  it('names exposures, events or identities that are not iterable', () => {
    const input = { experiment: BUTTON, metrics: [], exposures: [], events: [] };
    for (const [field, value] of [
      ['exposures', null],
      ['events', undefined],
      ['identities', 'identify'],
    ] as const) {
      try {
        analyzeExperiment({ ...input, [field]: value } as unknown as Parameters<typeof analyzeExperiment>[0]);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).issues).toEqual([
          { path: field, message: 'expected an array (or another iterable) of events' },
        ]);
      }
    }
    function* none() {}
    expect(analyzeExperiment({ ...input, exposures: none(), identities: none() }).units).toBe(0);
  });
});

describe('metric spec syntax', () => {
  it('parses kinds, roles, directions and options', () => {
    expect(parseMetricSpec('purchase:conversion', 'primary')).toEqual({
      key: 'purchase',
      kind: 'conversion',
      role: 'primary',
    });
    expect(parseMetricSpec('revenue:sum:winsorize=0.99')).toEqual({
      key: 'revenue',
      kind: 'sum',
      role: 'secondary',
      winsorize: { upper: 0.99 },
    });
    expect(parseMetricSpec('latency:sum:decrease', 'guardrail')).toMatchObject({
      direction: 'decrease',
      role: 'guardrail',
    });
    expect(parseMetricSpec('clicks:count:winsorize=0.01,0.99:mde=0.02:event=click:guardrail')).toEqual({
      key: 'clicks',
      kind: 'count',
      role: 'guardrail',
      winsorize: { lower: 0.01, upper: 0.99 },
      minDetectableEffect: 0.02,
      event: 'click',
    });
  });

  it('parses ratio parts: names sum values, #names count events', () => {
    expect(parseMetricSpec('rps:ratio:purchase/#session')).toMatchObject({
      kind: 'ratio',
      numerator: 'purchase',
      denominator: { event: 'session', aggregate: 'count' },
    });
  });

  it.each([
    ['', 'expected <key>:<kind>'],
    ['x:median', 'unknown kind'],
    ['x:ratio:a', 'numerator>/<denominator'],
    ['x:ratio:a/#', 'needs an event name'],
    ['x:sum:winsorize=2', 'in [0, 1]'],
    ['x:sum:winsorize=', 'in [0, 1]'],
    ['x:sum:mde=0', 'positive'],
    ['x:sum:sideways', 'unknown option'],
  ])('rejects %j', (spec, message) => {
    expect(() => parseMetricSpec(spec)).toThrowError(
      expect.objectContaining({ code: 'INVALID_OPTIONS', message: expect.stringContaining(message) }),
    );
  });
});

describe('design from a ruleset', () => {
  const ruleset = {
    version: 1,
    experiments: {
      button_color: {
        unit: 'deviceID',
        variants: [
          { key: 'control', weight: 30 },
          { key: 'green', weight: 70 },
        ],
      },
      defaults: {
        variants: [
          { key: 'a', weight: 50 },
          { key: 'b', weight: 50 },
        ],
      },
    },
  };

  it('reads unit, variants and weights; the unit defaults to userID', () => {
    expect(designFromRuleset(ruleset, 'button_color')).toEqual({
      key: 'button_color',
      unit: 'deviceID',
      variants: [
        { key: 'control', weight: 30 },
        { key: 'green', weight: 70 },
      ],
    });
    expect(designFromRuleset(ruleset, 'defaults', 'b')).toMatchObject({ unit: 'userID', control: 'b' });
  });

  it('throws a ConfigError naming the path when the experiment is missing or malformed', () => {
    expect(() => designFromRuleset(ruleset, 'nope')).toThrowError(ConfigError);
    expect(() => designFromRuleset(ruleset, 'toString')).toThrowError(/experiments\.toString/);
    expect(() => designFromRuleset({ experiments: { x: { variants: [{ key: 1 }] } } }, 'x')).toThrowError(
      /experiments\.x\.variants\[0\]/,
    );
  });
});
