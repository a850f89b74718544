import { describe, expect, it } from 'vitest';
import { compileRuleset, evaluate } from '../../src/eval/index.js';
import { createEvalRecord, type EntityKind } from '../../src/eval/types.js';
import type { GateInput, RulesetInput } from '../../src/ruleset/normalize.js';
import { parseRuleset } from '../../src/ruleset/parse.js';
import { MAX_PREREQUISITE_DECISIONS, MAX_PREREQUISITE_DEPTH } from '../../src/ruleset/defaults.js';
import { issueLines } from './helpers.js';

const MAX = MAX_PREREQUISITE_DEPTH;

/** Gates g0 … g(count-1), each requiring the next to pass; the last serves everyone. */
function chain(count: number): { [key: string]: GateInput } {
  const gates: { [key: string]: GateInput } = {};
  for (let i = 0; i < count; i++)
    gates[`g${i}`] = {
      rules: [{ id: 'r', ...(i + 1 < count ? { requires: [{ gate: `g${i + 1}`, pass: true }] } : {}) }],
    };
  return gates;
}

/** The reason a read of `kind` `name` gets from the evaluator, which parseRuleset must agree with. */
function reasonOf(document: RulesetInput, kind: EntityKind, name: string): string {
  return evaluate(compileRuleset(document), kind, name, { userID: 'u' }, 0, createEvalRecord()).reason;
}

const experimentRequiring = (gate: string) => ({
  requires: [{ gate, pass: true }],
  variants: [{ key: 'x', weight: 100 }],
});
const paramRequiring = (gate: string) => ({
  default: 0,
  rules: [{ id: 'r', value: 1, requires: [{ gate, pass: true }] }],
});

describe('prerequisite depth', () => {
  it(`accepts a gate with ${MAX} levels of prerequisites below it, which evaluates`, () => {
    const document = { gates: chain(MAX + 1) };
    expect(() => parseRuleset(document)).not.toThrow();
    expect(reasonOf(document, 'gate', 'g0')).toBe('TARGETING_MATCH');
  });

  it('rejects one level more, once, at the gate where reads start: evaluation would answer ERROR', () => {
    const document = { gates: chain(MAX + 2) };
    expect(issueLines(document)).toStrictEqual([
      `gates.g0.rules[0].requires[0].gate: prerequisites nest ${MAX + 1} levels deep from here (g0 -> g1 -> g2 -> … -> g${MAX + 1}); evaluation follows at most ${MAX}`,
    ]);
    expect(reasonOf(document, 'gate', 'g0')).toBe('ERROR');
  });

  it('counts the level of an experiment or a parameter rule that requires a gate', () => {
    // g0 has MAX - 1 levels below it: fine from an experiment (MAX levels), not so with one more gate.
    const fits = {
      gates: chain(MAX),
      experiments: { e: experimentRequiring('g0') },
      params: { p: paramRequiring('g0') },
    };
    expect(() => parseRuleset(fits)).not.toThrow();
    expect(reasonOf(fits, 'experiment', 'e')).toBe('SPLIT');
    expect(reasonOf(fits, 'param', 'p')).toBe('TARGETING_MATCH');

    const deeper = { ...fits, gates: chain(MAX + 1) };
    const tail = `levels deep from here (g0 -> g1 -> g2 -> … -> g${MAX}); evaluation follows at most ${MAX}`;
    expect(issueLines(deeper)).toStrictEqual([
      `experiments.e.requires[0].gate: prerequisites nest ${MAX + 1} ${tail}`,
      `params.p.rules[0].requires[0].gate: prerequisites nest ${MAX + 1} ${tail}`,
    ]);
    expect(reasonOf(deeper, 'experiment', 'e')).toBe('ERROR');
    expect(reasonOf(deeper, 'param', 'p')).toBe('ERROR');
  });

  it('follows the deepest branch, and reports nothing for shallow chains', () => {
    const gates = chain(MAX + 2);
    // A shallow branch listed first must not hide the deep one.
    gates['top'] = {
      rules: [
        {
          id: 'r',
          requires: [
            { gate: 'leaf', pass: true },
            { gate: 'g0', pass: true },
          ],
        },
      ],
    };
    gates['leaf'] = {};
    expect(issueLines({ gates })).toStrictEqual([
      `gates.top.rules[0].requires[1].gate: prerequisites nest ${MAX + 2} levels deep from here (top -> g0 -> g1 -> … -> g${MAX + 1}); evaluation follows at most ${MAX}`,
    ]);
    const shallow = { ...chain(3), x: { rules: [{ id: 'r', requires: [{ gate: 'g0', pass: true }] }] } };
    expect(() => parseRuleset({ gates: shallow })).not.toThrow();
  });

  it('leaves a cycle to the cycle check and handles 10,000 gates without overflowing the stack', () => {
    const cyclic = chain(3);
    cyclic['g2'] = { rules: [{ id: 'r', requires: [{ gate: 'g0', pass: true }] }] };
    expect(issueLines({ gates: cyclic })).toStrictEqual([
      'gates.g0.rules[0].requires[0].gate: prerequisite cycle: g0 -> g1 -> g2 -> g0',
    ]);
    expect(issueLines({ gates: chain(10_000) })).toStrictEqual([
      `gates.g0.rules[0].requires[0].gate: prerequisites nest 9999 levels deep from here (g0 -> g1 -> g2 -> … -> g9999); evaluation follows at most ${MAX}`,
    ]);
  });
});

/** Gates g0 … g(levels-1); each of a gate's `rules` rules requires the next gate, which never passes. */
function fan(levels: number, rules: number): { [key: string]: GateInput } {
  const gates: { [key: string]: GateInput } = {};
  for (let i = 0; i < levels; i++)
    gates[`g${i}`] = {
      rules:
        i + 1 < levels
          ? Array.from({ length: rules }, (_, rule) => ({
              id: `r${rule}`,
              requires: [{ gate: `g${i + 1}`, pass: true }],
            }))
          : [],
    };
  return gates;
}

describe('prerequisite work', () => {
  it(`rejects gates that make one read decide more than ${MAX_PREREQUISITE_DECISIONS} gates, where reads start`, () => {
    // 8 levels of 20 rules each requiring the next gate: 20^7 decisions of g7 alone, a read of 38 s before.
    const document = { gates: fan(8, 20), experiments: { e: experimentRequiring('g1') } };
    expect(issueLines(document)).toStrictEqual([
      `gates.g0.rules[0].requires[0].gate: prerequisites make one read decide up to 1.3e+9 gates from here; at most ${MAX_PREREQUISITE_DECISIONS} are allowed (a gate counts each time a rule requires it)`,
      `experiments.e.requires[0].gate: prerequisites make one read decide up to 6.7e+7 gates from here; at most ${MAX_PREREQUISITE_DECISIONS} are allowed (a gate counts each time a rule requires it)`,
    ]);
  });

  it('counts every decision: a gate required by several rules counts each time', () => {
    // g0 decides itself and 9 × (g1 and 9 × g2 ...): 1 + 9 + 81 + 729 + 6561 = 7381 decisions, then 66430 with a level more.
    expect(() => parseRuleset({ gates: fan(5, 9) })).not.toThrow();
    expect(issueLines({ gates: fan(6, 9) })).toStrictEqual([
      `gates.g0.rules[0].requires[0].gate: prerequisites make one read decide up to 66430 gates from here; at most ${MAX_PREREQUISITE_DECISIONS} are allowed (a gate counts each time a rule requires it)`,
    ]);
  });

  it('judges depth and work apart from a cycle elsewhere: one problem does not hide the others', () => {
    const gates: { [key: string]: GateInput } = {
      ...chain(MAX + 2),
      ...Object.fromEntries(Object.entries(fan(6, 9)).map(([key, gate]) => [`f${key}`, renamed(gate, 'g', 'fg')])),
      x: { rules: [{ id: 'r', requires: [{ gate: 'y', pass: true }] }] },
      y: { rules: [{ id: 'r', requires: [{ gate: 'x', pass: true }] }] },
      // Requires the cycle: judged by the cycle check alone.
      z: { rules: [{ id: 'r', requires: [{ gate: 'x', pass: true }] }] },
    };
    const document = { gates, experiments: { e: experimentRequiring('z') } };
    expect(issueLines(document)).toStrictEqual([
      'gates.x.rules[0].requires[0].gate: prerequisite cycle: x -> y -> x',
      `gates.g0.rules[0].requires[0].gate: prerequisites nest ${MAX + 1} levels deep from here (g0 -> g1 -> g2 -> … -> g${MAX + 1}); evaluation follows at most ${MAX}`,
      `gates.fg0.rules[0].requires[0].gate: prerequisites make one read decide up to 66430 gates from here; at most ${MAX_PREREQUISITE_DECISIONS} are allowed (a gate counts each time a rule requires it)`,
    ]);
  });

  it('judges the gates a cycle requires: what a direct read of them would do is reported beside the cycle', () => {
    const gates: { [key: string]: GateInput } = {
      ...chain(MAX + 2),
      ...Object.fromEntries(Object.entries(fan(6, 9)).map(([key, gate]) => [`f${key}`, renamed(gate, 'g', 'fg')])),
      // On the cycle, and the only gate that requires the chain and the fan.
      x: {
        rules: [
          { id: 'r', requires: [{ gate: 'y', pass: true }] },
          { id: 'r2', requires: [{ gate: 'g0', pass: true }] },
          { id: 'r3', requires: [{ gate: 'fg0', pass: true }] },
        ],
      },
      y: { rules: [{ id: 'r', requires: [{ gate: 'x', pass: true }] }] },
    };
    expect(issueLines({ gates })).toStrictEqual([
      'gates.x.rules[0].requires[0].gate: prerequisite cycle: x -> y -> x',
      `gates.g0.rules[0].requires[0].gate: prerequisites nest ${MAX + 1} levels deep from here (g0 -> g1 -> g2 -> … -> g${MAX + 1}); evaluation follows at most ${MAX}`,
      `gates.fg0.rules[0].requires[0].gate: prerequisites make one read decide up to 66430 gates from here; at most ${MAX_PREREQUISITE_DECISIONS} are allowed (a gate counts each time a rule requires it)`,
    ]);
  });

  it('accepts the deepest chain evaluation follows, one gate per level', () => {
    expect(() => parseRuleset({ gates: chain(MAX + 1) })).not.toThrow();
  });
});

/** `gate` with every required gate's name starting `from` made to start `to` instead. */
function renamed(gate: GateInput, from: string, to: string): GateInput {
  return {
    rules: (gate.rules ?? []).map((rule) => ({
      ...rule,
      requires: rule.requires?.map((required) => ({ ...required, gate: to + required.gate.slice(from.length) })),
    })),
  };
}
