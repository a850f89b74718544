/**
 * `splitkit validate` and `serve` warn about what a valid ruleset says and cannot do: an empty id in a QA
 * allowlist or a segment, a `$size` no list length equals, an empty version operand. Each is checked against
 * what the evaluator does with it, so the warning says what really happens.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { parseRuleset } from '../../src/ruleset/parse.js';
import { neverMatches, neverMatchWarning } from '../../src/ruleset/never-matches.js';

const split = [
  { key: 'red', weight: 50 },
  { key: 'blue', weight: 50 },
];
const ruleset = {
  version: 1,
  experiments: { button: { variants: split, forced: { red: ['qa-1', ''], blue: ['qa-2'] } } },
  segments: { staff: { ids: ['u1', '', 7] } },
  gates: {
    tags: {
      rules: [
        { id: 'none', when: { tags: { $size: -1 } } },
        { id: 'half', when: { $or: [{ tags: { $size: 1.5 } }, { tags: { $size: { $lt: 0 } } }] } },
        { id: 'app', when: { app: { $vgte: '' } } },
        { id: 'fine', when: { tags: { $size: 0 }, app: { $vgte: '1.2.0' } } },
      ],
    },
  },
  // A parameter's value is data, not a condition, whatever its keys.
  params: { p: { default: { $size: -1, $veq: '' } } },
};

describe('never matches', () => {
  it('lists every empty allowlist or segment id, impossible $size and empty version, with its path', () => {
    expect(neverMatches(parseRuleset(ruleset)).map(neverMatchWarning)).toEqual([
      'experiments.button.forced.red[1]: an empty id: no unit has it (an empty unit id is no id), so it never matches',
      'segments.staff.ids[1]: an empty id: no unit has it (an empty unit id is no id), so it never matches',
      'gates.tags.rules[0].when.tags.$size: no list has -1 items, so it never matches',
      'gates.tags.rules[1].when.$or[0].tags.$size: no list has 1.5 items, so it never matches',
      'gates.tags.rules[2].when.app.$vgte: an empty version reads as "0"',
    ]);
  });

  it('says what the evaluator does with them', () => {
    const client = createClient({ ruleset, environment: 'server' });
    // An empty id is no id: that visitor is not forced, nor bucketed.
    expect(client.getExperimentDetails('button', { userID: '' })).toMatchObject({
      variant: null,
      reason: 'UNIT_MISSING',
    });
    expect(client.getExperimentDetails('button', { userID: 'qa-1' })).toMatchObject({ variant: 'red' });
    for (const tags of [[], ['a'], ['a', 'b']])
      expect(client.getGateDetails('tags', { tags, app: '0.0.1' }).ruleId).not.toMatch(/^(none|half)$/);
    // "0.0.1" is at least "": the empty operand reads as "0".
    expect(client.getGateDetails('tags', { tags: ['a'], app: '0.0.1' }).ruleId).toBe('app');
  });

  it('finds nothing in a ruleset without them', () => {
    expect(neverMatches(parseRuleset({ version: 1, gates: { g: { rules: [{ id: 'r', rollout: 50 }] } } }))).toEqual([]);
  });
});
