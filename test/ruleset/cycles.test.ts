import { describe, expect, it } from 'vitest';
import type { GateInput } from '../../src/ruleset/normalize.js';
import { parseRuleset } from '../../src/ruleset/parse.js';
import { issueLines } from './helpers.js';

/** A gate whose single rule requires the given gates to pass. */
function requiring(...gates: string[]): GateInput {
  return { rules: [{ id: 'r', requires: gates.map((gate) => ({ gate, pass: true })) }] };
}

describe('prerequisite cycles', () => {
  it('rejects a gate requiring itself', () => {
    expect(issueLines({ gates: { a: requiring('a') } })).toStrictEqual([
      'gates.a.rules[0].requires[0].gate: prerequisite cycle: a -> a',
    ]);
  });

  it('rejects a gate requiring itself to fail, which is just as undecidable', () => {
    const lines = issueLines({ gates: { a: { rules: [{ id: 'r', requires: [{ gate: 'a', pass: false }] }] } } });
    expect(lines).toStrictEqual(['gates.a.rules[0].requires[0].gate: prerequisite cycle: a -> a']);
  });

  it('spells out a longer cycle once, starting from its smallest gate key', () => {
    const lines = issueLines({ gates: { c: requiring('a'), b: requiring('c'), a: requiring('b') } });
    expect(lines).toStrictEqual(['gates.a.rules[0].requires[0].gate: prerequisite cycle: a -> b -> c -> a']);
  });

  it('reports two separate cycles', () => {
    const lines = issueLines({
      gates: { a: requiring('b'), b: requiring('a'), x: requiring('y'), y: requiring('x'), free: requiring('a') },
    });
    expect(lines).toStrictEqual([
      'gates.a.rules[0].requires[0].gate: prerequisite cycle: a -> b -> a',
      'gates.x.rules[0].requires[0].gate: prerequisite cycle: x -> y -> x',
    ]);
  });

  it('finds a cycle through a later rule of a gate', () => {
    const lines = issueLines({
      gates: {
        a: { rules: [{ id: 'first' }, { id: 'second', requires: [{ gate: 'b', pass: true }] }] },
        b: requiring('a'),
      },
    });
    expect(lines).toStrictEqual(['gates.a.rules[1].requires[0].gate: prerequisite cycle: a -> b -> a']);
  });

  it('accepts shared prerequisites that form no cycle (a diamond)', () => {
    expect(() =>
      parseRuleset({
        gates: { top: requiring('left', 'right'), left: requiring('base'), right: requiring('base'), base: {} },
      }),
    ).not.toThrow();
  });

  it('accepts experiments and parameter rules requiring gates, which cannot close a cycle', () => {
    const document = {
      gates: { a: requiring('b'), b: {} },
      experiments: { e: { requires: [{ gate: 'a', pass: true }], variants: [{ key: 'x', weight: 100 }] } },
      params: { p: { default: 0, rules: [{ id: 'r', value: 1, requires: [{ gate: 'a', pass: false }] }] } },
    };
    expect(() => parseRuleset(document)).not.toThrow();
  });

  it('still finds the cycle when an experiment leads into it', () => {
    const lines = issueLines({
      gates: { a: requiring('b'), b: requiring('a') },
      experiments: { e: { requires: [{ gate: 'a', pass: true }], variants: [{ key: 'x', weight: 100 }] } },
    });
    expect(lines).toStrictEqual(['gates.a.rules[0].requires[0].gate: prerequisite cycle: a -> b -> a']);
  });

  it('handles a chain of 20,000 gates without overflowing the stack', () => {
    const gates: { [key: string]: GateInput } = {};
    for (let i = 0; i < 20_000; i++) gates[`g${i}`] = i + 1 < 20_000 ? requiring(`g${i + 1}`) : requiring('g0');
    const lines = issueLines({ gates });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^gates\.g0\.rules\[0\]\.requires\[0\]\.gate: prerequisite cycle: g0 -> g1 -> .* -> g19999 -> g0$/,
    );
  });
});
