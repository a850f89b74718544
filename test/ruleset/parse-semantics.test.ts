import { describe, expect, it } from 'vitest';
import { parseRuleset } from '../../src/ruleset/parse.js';
import { type fullDocument, issueLines, withChanges } from './helpers.js';

type Doc = ReturnType<typeof fullDocument>;
type Loose = { [key: string]: unknown };

describe('parseRuleset: experiments', () => {
  it.each([
    [
      'weights below 100',
      (d: Doc) => void (d.experiments!['button_color']!.variants[2]!.weight = 33.33),
      'experiments.button_color.variants: weights add up to 99.99, expected 100',
    ],
    [
      'weights above 100',
      (d: Doc) => void (d.experiments!['checkout_copy']!.variants[0]!.weight = 60),
      'experiments.checkout_copy.variants: weights add up to 110, expected 100',
    ],
    [
      'a duplicate variant key',
      (d: Doc) => void (d.experiments!['button_color']!.variants[1]!.key = 'red'),
      'experiments.button_color.variants[1].key: duplicate variant key "red" (also variants[0])',
    ],
    [
      'an unknown shipped variant',
      (d: Doc) => void (d.experiments!['checkout_copy']!.shipped = 'lng'),
      'experiments.checkout_copy.shipped: unknown variant "lng" (did you mean "long"?); the variants are "short", "long"',
    ],
    [
      'an unknown forced variant',
      (d: Doc) => void (d.experiments!['button_color']!.forced = { purple: ['u1'] }),
      'experiments.button_color.forced.purple: unknown variant "purple"; the variants are "red", "green", "blue"',
    ],
    [
      'a schedule that ends before it starts',
      (d: Doc) => void (d.experiments!['button_color']!.endAt = '2025-02-28T23:59:59Z'),
      'experiments.button_color.endAt: expected a time after startAt (2025-03-01T00:00:00Z)',
    ],
    [
      'a schedule that ends when it starts (time zones compared)',
      (d: Doc) => void (d.experiments!['button_color']!.endAt = '2025-03-01T01:00:00+01:00'),
      'experiments.button_color.endAt: expected a time after startAt (2025-03-01T00:00:00Z)',
    ],
  ])('reports %s', (_name, change, line) => {
    expect(issueLines(withChanges(change))).toStrictEqual([line]);
  });

  it('reports a unit forced to two variants at its second place, naming the first', () => {
    const input = withChanges((d) => {
      d.experiments!['button_color']!.forced = { blue: ['qa-1', 'qa-2'], red: ['qa-3', 'qa-2'], 'a b': ['qa-1'] };
      d.experiments!['button_color']!.variants[1]!.key = 'a b';
    });
    expect(issueLines(input)).toStrictEqual([
      'experiments.button_color.forced.red[1]: unit "qa-2" is already forced to variant "blue" (experiments.button_color.forced.blue[1]); a unit can be forced to one variant only',
      'experiments.button_color.forced["a b"][0]: unit "qa-1" is already forced to variant "blue" (experiments.button_color.forced.blue[0]); a unit can be forced to one variant only',
    ]);
  });

  it('accepts a unit listed twice under one variant, and the same unit forced in two experiments of one layer', () => {
    const input = withChanges((d) => {
      d.experiments!['button_color']!.forced = { blue: ['qa-1', 'qa-1'] };
      d.experiments!['checkout_copy']!.forced = { short: ['qa-1'] };
      d.experiments!['other'] = { variants: [{ key: 'on', weight: 100 }], forced: { on: ['qa-1'] } };
      d.layers!['checkout']!.experiments.push({ experiment: 'other', share: 10 });
    });
    expect(() => parseRuleset(input)).not.toThrow();
  });

  it('accepts weights that only add up to 100 in hundredths', () => {
    const input = withChanges((d) => {
      delete d.experiments!['button_color']!.forced;
      d.experiments!['button_color']!.variants = [
        { key: 'a', weight: 0.1 },
        { key: 'b', weight: 0.2 },
        { key: 'c', weight: 99.7 },
      ];
    });
    expect(() => parseRuleset(input)).not.toThrow();
  });
});

describe('parseRuleset: rule ids', () => {
  it('reports a duplicate gate rule id', () => {
    const input = withChanges((d) => void (d.gates!['new_checkout']!.rules![1]!.id = 'staff'));
    expect(issueLines(input)).toStrictEqual([
      'gates.new_checkout.rules[1].id: duplicate rule id "staff" (also rules[0])',
    ]);
  });

  it('reports a duplicate parameter rule id', () => {
    const input = withChanges((d) => {
      d.params!['shipping_threshold']!.rules!.push({ id: 'canada', value: 1 });
    });
    expect(issueLines(input)).toStrictEqual([
      'params.shipping_threshold.rules[1].id: duplicate rule id "canada" (also rules[0])',
    ]);
  });

  it('allows the same rule id in different gates', () => {
    const input = withChanges((d) => void (d.gates!['beta_program']!.rules![0]!.id = 'staff'));
    expect(() => parseRuleset(input)).not.toThrow();
  });
});

describe('parseRuleset: references', () => {
  it.each([
    [
      'a prerequisite gate',
      (d: Doc) => void (d.gates!['new_checkout']!.rules![1]!.requires![0]!.gate = 'beta_progrm'),
      'gates.new_checkout.rules[1].requires[0].gate: unknown gate "beta_progrm" (did you mean "beta_program"?)',
    ],
    [
      'an experiment prerequisite',
      (d: Doc) => void (d.experiments!['button_color']!.requires = [{ gate: 'nope', pass: false }]),
      'experiments.button_color.requires[0].gate: unknown gate "nope"',
    ],
    [
      'a parameter rule prerequisite',
      (d: Doc) => void (d.params!['shipping_threshold']!.rules![0]!.requires = [{ gate: 'nope', pass: true }]),
      'params.shipping_threshold.rules[0].requires[0].gate: unknown gate "nope"',
    ],
    [
      'a rule segment',
      (d: Doc) => void (d.gates!['new_checkout']!.rules![0]!.segments = ['staff', 'stuff']),
      'gates.new_checkout.rules[0].segments[1]: unknown segment "stuff" (did you mean "staff"?)',
    ],
    [
      'an experiment segment',
      (d: Doc) => void (d.experiments!['checkout_copy']!.segments = ['asia']),
      'experiments.checkout_copy.segments[0]: unknown segment "asia"',
    ],
    [
      'a holdout gate',
      (d: Doc) => void (d.holdouts!['global']!.gates = ['new_checkout', 'gone']),
      'holdouts.global.gates[1]: unknown gate "gone"',
    ],
    [
      'a holdout experiment',
      (d: Doc) => void (d.holdouts!['global']!.experiments = ['gone']),
      'holdouts.global.experiments[0]: unknown experiment "gone"',
    ],
    [
      'a holdout parameter',
      (d: Doc) => void (d.holdouts!['global']!.params = ['gone']),
      'holdouts.global.params[0]: unknown parameter "gone"',
    ],
    [
      'a layer slot',
      (d: Doc) => void d.layers!['checkout']!.experiments.push({ experiment: 'gone', share: 1 }),
      'layers.checkout.experiments[1].experiment: unknown experiment "gone"',
    ],
  ])('reports an unknown %s', (_name, change, line) => {
    expect(issueLines(withChanges(change))).toStrictEqual([line]);
  });

  it('does not report references to an entity that exists but is malformed', () => {
    const input = withChanges((d) => void ((d.gates as unknown as Loose)['beta_program'] = { rules: 'broken' }));
    expect(issueLines(input)).toStrictEqual(['gates.beta_program.rules: expected an array']);
  });

  it('does not judge $inGroup against a segment that is itself malformed', () => {
    const input = withChanges((d) => {
      (d.segments as unknown as Loose)['staff'] = null;
      d.gates!['new_checkout']!.rules![0]!.when = { userID: { $inGroup: 'staff' } };
    });
    expect(issueLines(input)).toStrictEqual(['segments.staff: expected an object']);
  });

  it('does not check references into a map that is itself malformed', () => {
    const input = withChanges((d) => void ((d as unknown as Loose)['segments'] = ['staff']));
    expect(issueLines(input)).toStrictEqual(['segments: expected an object']);
  });

  it('requires a segment to have ids, a condition or both', () => {
    const input = withChanges((d) => void (d.segments!['empty'] = { unit: 'deviceID' }));
    expect(issueLines(input)).toStrictEqual(['segments.empty: a segment needs `ids`, `when` or both']);
  });
});

describe('parseRuleset: layers', () => {
  it('reports an experiment listed in two layers', () => {
    const input = withChanges((d) => {
      d.layers!['other'] = { experiments: [{ experiment: 'checkout_copy', share: 10 }] };
    });
    expect(issueLines(input)).toStrictEqual([
      'layers.other.experiments[0].experiment: experiment "checkout_copy" is already in layer "checkout"; an experiment belongs to at most one layer',
    ]);
  });

  it('reports an experiment listed twice in one layer', () => {
    const input = withChanges((d) =>
      d.layers!['checkout']!.experiments.push({ experiment: 'checkout_copy', share: 10 }),
    );
    expect(issueLines(input)).toStrictEqual([
      'layers.checkout.experiments[1].experiment: experiment "checkout_copy" is already in this layer (experiments[0]); an experiment belongs to at most one layer',
    ]);
  });

  it('reports shares adding up to more than 100 and accepts exactly 100', () => {
    const over = withChanges((d) => {
      d.layers!['checkout']!.experiments = [
        { experiment: 'checkout_copy', share: 60.01 },
        { experiment: 'button_color', share: 40 },
      ];
    });
    expect(issueLines(over)).toStrictEqual(['layers.checkout.experiments: shares add up to 100.01, more than 100']);
    const full = withChanges((d) => {
      d.layers!['checkout']!.experiments = [
        { experiment: 'checkout_copy', share: 60 },
        { experiment: 'button_color', share: 40 },
      ];
    });
    expect(() => parseRuleset(full)).not.toThrow();
  });

  it("reports an experiment whose unit is not the layer's unit", () => {
    const input = withChanges((d) => void (d.experiments!['checkout_copy']!.unit = 'deviceID'));
    expect(issueLines(input)).toStrictEqual([
      'layers.checkout.experiments[0].experiment: experiment "checkout_copy" uses unit "deviceID", but the layer\'s unit is "userID"',
    ]);
  });

  it('compares units after defaults: a layer on deviceID needs its experiments on deviceID', () => {
    const input = withChanges((d) => void (d.layers!['checkout']!.unit = 'deviceID'));
    expect(issueLines(input)).toStrictEqual([
      'layers.checkout.experiments[0].experiment: experiment "checkout_copy" uses unit "userID", but the layer\'s unit is "deviceID"',
    ]);
  });

  it.each([
    [
      'names another layer than the one listing it',
      'other',
      'experiments.checkout_copy.layer: the experiment is in layer "checkout", not "other"',
    ],
    [
      'names a layer that does not exist',
      'chekout',
      'experiments.button_color.layer: unknown layer "chekout" (did you mean "checkout"?)',
    ],
  ])('reports a written layer field that %s', (_name, layer, line) => {
    const input = withChanges((d) => {
      d.layers!['other'] = { experiments: [] };
      const experiment = layer === 'other' ? 'checkout_copy' : 'button_color';
      d.experiments![experiment]!.layer = layer;
    });
    expect(issueLines(input)).toStrictEqual([line]);
  });

  it('reports a written layer field when no layer lists the experiment', () => {
    const input = withChanges((d) => void (d.experiments!['button_color']!.layer = 'checkout'));
    expect(issueLines(input)).toStrictEqual([
      'experiments.button_color.layer: layer "checkout" does not list this experiment',
    ]);
  });
});

describe('parseRuleset: many problems at once', () => {
  it('reports structural problems first, then semantic ones, without one hiding another', () => {
    const input = withChanges((d) => {
      const rules = d.gates!['new_checkout']!.rules!;
      rules[0]!.rollout = 150; // structural, in the same gate as the next two
      rules[1]!.id = 'staff'; // duplicate id
      rules[1]!.requires![0]!.gate = 'missing';
      (d.experiments!['button_color'] as unknown as Loose)['colour'] = 'red';
      d.experiments!['button_color']!.variants[0]!.weight = 10; // weights now 76.67
      d.experiments!['checkout_copy']!.when = { country: { $inn: ['US'] } };
      d.holdouts!['global']!.percent = 101;
      d.holdouts!['global']!.params = ['nope'];
    });
    expect(issueLines(input)).toStrictEqual([
      'gates.new_checkout.rules[0].rollout: expected a number between 0 and 100',
      'experiments.button_color.colour: unknown key "colour"',
      'holdouts.global.percent: expected a number between 0 and 100',
      'gates.new_checkout.rules[1].id: duplicate rule id "staff" (also rules[0])',
      'experiments.button_color.variants: weights add up to 76.67, expected 100',
      'holdouts.global.params[0]: unknown parameter "nope"',
      'gates.new_checkout.rules[1].requires[0].gate: unknown gate "missing"',
      'experiments.checkout_copy.when.country.$inn: unknown operator "$inn" (did you mean "$in"?)',
    ]);
  });

  it('skips the weight sum when a weight is already reported', () => {
    const input = withChanges(
      (d) => void ((d.experiments!['button_color']!.variants[0] as unknown as Loose)['weight'] = 'heavy'),
    );
    expect(issueLines(input)).toStrictEqual([
      'experiments.button_color.variants[0].weight: expected a number between 0 and 100',
    ]);
  });
});
