import { describe, expect, it } from 'vitest';
import { ConfigError, isSplitkitError } from '../../src/errors/index.js';
import { normalizeRuleset } from '../../src/ruleset/normalize.js';
import { parseRuleset } from '../../src/ruleset/parse.js';
import { fullDocument, issueLines, minimalDocument, withChanges } from './helpers.js';

describe('parseRuleset: accepted documents', () => {
  it('accepts the minimal document and returns it normalized', () => {
    expect(parseRuleset(minimalDocument())).toStrictEqual(normalizeRuleset(minimalDocument()));
  });

  it('accepts the same document as JSON text', () => {
    expect(parseRuleset(JSON.stringify(minimalDocument()))).toStrictEqual(normalizeRuleset(minimalDocument()));
  });

  it('accepts a document using every entity', () => {
    const ruleset = parseRuleset(fullDocument());
    expect(ruleset.revision).toBe('r42');
    expect(ruleset.experiments['checkout_copy']?.layer).toBe('checkout');
  });

  it('accepts its own output again (the derived layer field agrees with the layers)', () => {
    const once = parseRuleset(fullDocument());
    expect(parseRuleset(JSON.parse(JSON.stringify(once)))).toStrictEqual(once);
  });

  it('accepts an empty object', () => {
    expect(parseRuleset({}).gates).toStrictEqual({});
  });

  it('does not modify the input it validates', () => {
    const input = fullDocument();
    const before = structuredClone(input);
    parseRuleset(input);
    expect(input).toStrictEqual(before);
  });
});

describe('parseRuleset: documents that are not rulesets', () => {
  it.each([
    [null, 'expected a ruleset object, got null'],
    [[], 'expected a ruleset object, got an array'],
    [42, 'expected a ruleset object, got a number'],
    [undefined, 'expected a ruleset object, got nothing'],
    ['"text"', 'expected a ruleset object, got a string'],
  ])('rejects %j with one issue', (input, message) => {
    expect(issueLines(input)).toStrictEqual([message]);
  });

  it('rejects invalid JSON text with one issue naming the parse error', () => {
    const lines = issueLines('{"gates": ');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^invalid JSON \(.+\)$/);
  });

  it.each([
    [2, 'version: unsupported ruleset version 2; this SDK reads version 1'],
    [0, 'version: unsupported ruleset version 0; this SDK reads version 1'],
    ['1', 'version: expected version 1, got a string'],
    [null, 'version: expected version 1, got null'],
    [{ major: 1 }, 'version: expected version 1, got an object'],
  ])('rejects version %j with one issue, hiding the rest', (version, line) => {
    expect(issueLines({ version, gates: 5, bogus: true })).toStrictEqual([line]);
  });

  it('rejects runaway nesting with one issue instead of overflowing the stack', () => {
    let when: unknown = { a: 1 };
    for (let i = 0; i < 100_000; i++) when = { $not: when };
    const lines = issueLines({ gates: { g: { rules: [{ id: 'r', when }] } } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^gates\.g\.rules\[0\]\.when(\.\$not)+: nested more than 64 levels deep$/);
  });

  it('rejects a cyclic object built in code with one issue', () => {
    const document: { [key: string]: unknown } = { gates: {} };
    (document['gates'] as { [key: string]: unknown })['g'] = document;
    expect(issueLines(document)).toHaveLength(1);
  });

  it('turns a throwing getter into a ConfigError with the cause attached', () => {
    const document = {
      get gates(): never {
        throw new TypeError('boom');
      },
    };
    let caught: unknown;
    try {
      parseRuleset(document);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect(isSplitkitError(caught)).toBe(true);
    expect((caught as ConfigError).code).toBe('INVALID_RULESET');
    expect((caught as ConfigError).issues).toStrictEqual([
      { path: '', message: 'the ruleset could not be read (boom)' },
    ]);
    expect((caught as ConfigError).cause).toBeInstanceOf(TypeError);
  });
});

describe('parseRuleset: structural issues', () => {
  it('reports a rollout out of range with the exact path and message', () => {
    const input = withChanges((d) => {
      d.gates!['new_checkout']!.rules![1]!.rollout = 150;
    });
    expect(issueLines(input)).toStrictEqual([
      'gates.new_checkout.rules[1].rollout: expected a number between 0 and 100',
    ]);
  });

  it('formats the error message as path: message lines', () => {
    const input = withChanges((d) => {
      d.gates!['new_checkout']!.rules![1]!.rollout = -1;
    });
    expect(() => parseRuleset(input)).toThrow(
      'Invalid ruleset:\ngates.new_checkout.rules[1].rollout: expected a number between 0 and 100',
    );
  });

  it.each([
    [
      'rollout',
      (d: Doc) => void (d.gates!['new_checkout']!.rules![0]!.rollout = 100.001),
      'gates.new_checkout.rules[0].rollout',
    ],
    [
      'allocation',
      (d: Doc) => void (d.experiments!['checkout_copy']!.allocation = 12.345),
      'experiments.checkout_copy.allocation',
    ],
    [
      'weight',
      (d: Doc) => void (d.experiments!['button_color']!.variants[0]!.weight = 33.333),
      'experiments.button_color.variants[0].weight',
    ],
    [
      'share',
      (d: Doc) => void (d.layers!['checkout']!.experiments[0]!.share = 0.001),
      'layers.checkout.experiments[0].share',
    ],
    ['holdout percent', (d: Doc) => void (d.holdouts!['global']!.percent = 5.555), 'holdouts.global.percent'],
    // A tiny excess too: only the rounding error of binary floating point is tolerated, not 0.001 hundredths.
    [
      'holdout percent, by a tiny excess,',
      (d: Doc) => void (d.holdouts!['global']!.percent = 5.00001),
      'holdouts.global.percent',
    ],
    [
      'param rule rollout',
      (d: Doc) => void (d.params!['shipping_threshold']!.rules![0]!.rollout = 1.005),
      'params.shipping_threshold.rules[0].rollout',
    ],
  ])('rejects a %s with more than two decimals', (_name, change, path) => {
    const lines = issueLines(withChanges(change));
    // 100.001 is also out of range; either message is one issue at that path.
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^${path.replace(/[.[\]]/g, '\\$&')}: expected (at most two decimals|a number between 0 and 100)$`),
    );
  });

  it('accepts percentages with two decimals that binary floating point cannot represent exactly', () => {
    const input = withChanges((d) => {
      d.gates!['new_checkout']!.rules![0]!.rollout = 0.07;
      d.layers!['checkout']!.experiments[0]!.share = 99.99;
      d.holdouts!['global']!.percent = 0.01;
    });
    expect(() => parseRuleset(input)).not.toThrow();
  });

  it.each([
    [
      'a string percentage',
      (d: Doc) => void ((d.holdouts!['global'] as unknown as Loose)['percent'] = '5'),
      'holdouts.global.percent: expected a number between 0 and 100',
    ],
    [
      'a non-boolean enabled',
      (d: Doc) => void ((d.gates!['beta_program'] as unknown as Loose)['enabled'] = 'no'),
      'gates.beta_program.enabled: expected a boolean',
    ],
    [
      'an unknown status',
      (d: Doc) => void ((d.experiments!['checkout_copy'] as unknown as Loose)['status'] = 'paused'),
      'experiments.checkout_copy.status: expected "running" or "stopped"',
    ],
    [
      'a non-array rules',
      (d: Doc) => void ((d.gates!['beta_program'] as unknown as Loose)['rules'] = {}),
      'gates.beta_program.rules: expected an array',
    ],
    [
      'a gate that is not an object',
      (d: Doc) => void ((d.gates as unknown as Loose)['beta_program'] = true),
      'gates.beta_program: expected an object',
    ],
    [
      'an empty rule id',
      (d: Doc) => void (d.gates!['beta_program']!.rules![0]!.id = ''),
      'gates.beta_program.rules[0].id: expected a non-empty string',
    ],
    [
      'an empty variant key',
      (d: Doc) => void (d.experiments!['button_color']!.variants[0]!.key = ''),
      'experiments.button_color.variants[0].key: expected a non-empty string',
    ],
    [
      'an empty unit',
      (d: Doc) => void (d.gates!['beta_program']!.unit = ''),
      'gates.beta_program.unit: expected a non-empty string',
    ],
    [
      'a missing rule id',
      (d: Doc) => void delete (d.gates!['beta_program']!.rules![0] as unknown as Loose)['id'],
      'gates.beta_program.rules[0].id: missing (expected a string)',
    ],
    [
      'a missing variant list',
      (d: Doc) => void delete (d.experiments!['button_color'] as unknown as Loose)['variants'],
      'experiments.button_color.variants: missing (expected an array)',
    ],
    [
      'an empty variant list',
      (d: Doc) => void (d.experiments!['button_color']!.variants = []),
      'experiments.button_color.variants: expected at least one variant',
    ],
    [
      'a missing param default',
      (d: Doc) => void delete (d.params!['shipping_threshold'] as unknown as Loose)['default'],
      'params.shipping_threshold.default: missing (expected a JSON value)',
    ],
    [
      'a missing prerequisite pass',
      (d: Doc) => void delete (d.gates!['new_checkout']!.rules![1]!.requires![0] as unknown as Loose)['pass'],
      'gates.new_checkout.rules[1].requires[0].pass: missing (expected a boolean)',
    ],
    [
      'a date without a time zone',
      (d: Doc) => void (d.experiments!['button_color']!.startAt = '2025-03-01T00:00:00'),
      'experiments.button_color.startAt: expected an ISO-8601 date-time with a time zone, e.g. 2025-03-01T00:00:00Z',
    ],
    [
      'a date only',
      (d: Doc) => void (d.experiments!['button_color']!.endAt = '2025-04-01'),
      'experiments.button_color.endAt: expected an ISO-8601 date-time with a time zone, e.g. 2025-03-01T00:00:00Z',
    ],
    ['an empty gate key', (d: Doc) => void (d.gates![''] = {}), 'gates[""]: expected a non-empty key'],
    [
      'a condition that is not an object',
      (d: Doc) => void ((d.segments!['europe'] as unknown as Loose)['when'] = [1]),
      'segments.europe.when: expected an object',
    ],
    [
      'a segment id that is neither string nor number',
      (d: Doc) => void ((d.segments!['staff'] as unknown as Loose)['ids'] = [true]),
      'segments.staff.ids[0]: expected a string or a number',
    ],
    [
      'a revision that is neither a string nor an integer >= 0',
      (d: Doc) => void ((d as unknown as Loose)['revision'] = 7.5),
      'revision: expected a string or an integer >= 0',
    ],
    [
      'a negative revision number',
      (d: Doc) => void ((d as unknown as Loose)['revision'] = -1),
      'revision: expected a number >= 0',
    ],
  ])('reports %s', (_name, change, line) => {
    expect(issueLines(withChanges(change))).toStrictEqual([line]);
  });

  it('rejects unknown keys at the key itself, naming it and suggesting the right one', () => {
    const input = withChanges((d) => {
      (d.gates!['new_checkout']!.rules![0] as unknown as Loose)['rolout'] = 20;
      (d.experiments!['button_color'] as unknown as Loose)['variant'] = [];
      (d as unknown as Loose)['gate'] = {};
      (d.segments!['europe'] as unknown as Loose)['xyz'] = 1;
    });
    expect(issueLines(input)).toStrictEqual([
      'gates.new_checkout.rules[0].rolout: unknown key "rolout" (did you mean "rollout"?)',
      'experiments.button_color.variant: unknown key "variant" (did you mean "variants"?)',
      'segments.europe.xyz: unknown key "xyz"',
      'gate: unknown key "gate" (did you mean "gates"?)',
    ]);
  });

  it('rejects keys named __proto__ anywhere (the schema library would skip them unvalidated)', () => {
    const text =
      '{"gates":{"__proto__":{"rules":[{"id":"r","rollout":150}]},"g":{"__proto__":1,"rules":[{"id":"r","when":{"__proto__":{"$bad":1}}}]}}}';
    expect(issueLines(text)).toStrictEqual([
      'gates.__proto__: the key "__proto__" is not allowed',
      'gates.g.__proto__: the key "__proto__" is not allowed',
      'gates.g.rules[0].when.__proto__: the key "__proto__" is not allowed',
    ]);
  });

  it('quotes keys that are not identifiers in paths', () => {
    const input = withChanges((d) => {
      d.gates!['my gate'] = { rules: [{ id: 'r', rollout: 101 }] };
    });
    expect(issueLines(input)).toStrictEqual(['gates["my gate"].rules[0].rollout: expected a number between 0 and 100']);
  });

  it('rejects values that are not JSON in objects built in code', () => {
    const input = withChanges((d) => {
      d.params!['shipping_threshold']!.default = Number.NaN;
      d.experiments!['button_color']!.variants[0]!.params = { f: (() => 1) as unknown as number };
    });
    expect(issueLines(input)).toStrictEqual([
      'experiments.button_color.variants[0].params.f: expected a JSON value',
      'params.shipping_threshold.default: expected a finite number, got NaN',
    ]);
  });

  it('names the exact path of a number JSON cannot hold deep inside a condition or a value (1e309 parses as Infinity)', () => {
    const text = JSON.stringify({
      gates: { g: { rules: [{ id: 'r', when: { $and: [{ a: { $in: [1, 'INF'] } }, { b: { $not: 'NEG' } }] } }] } },
      experiments: { e: { variants: [{ key: 'a', weight: 100, params: { q: { r: ['x', 'INF'] } } }] } },
      params: { p: { default: { x: 'INF' } } },
      segments: { s: { ids: ['u-1', 'INF', true] } },
    })
      .replaceAll('"INF"', '1e309')
      .replaceAll('"NEG"', '-1e309');
    expect(issueLines(text)).toStrictEqual([
      'gates.g.rules[0].when.$and[0].a.$in[1]: expected a finite number, got Infinity',
      'gates.g.rules[0].when.$and[1].b.$not: expected a finite number, got -Infinity',
      'experiments.e.variants[0].params.q.r[1]: expected a finite number, got Infinity',
      'params.p.default.x: expected a finite number, got Infinity',
      'segments.s.ids[1]: expected a finite number, got Infinity',
      'segments.s.ids[2]: expected a string or a number',
    ]);
  });
});

type Doc = ReturnType<typeof fullDocument>;
type Loose = { [key: string]: unknown };
