/**
 * The names `subscribe` listeners are told when a new ruleset is put in use
 * (src/ruleset/changed-names.ts): those of the gates, experiments and
 * parameters whose definition was added, removed or changed, and those that
 * require a changed gate; and every name when a segment, holdout or layer
 * changed, since those are shared.
 */
import { describe, expect, it } from 'vitest';
import { createClient, type RulesetChange, type RulesetInput } from '../../src/index.js';

const variants = [
  { key: 'control', weight: 50 },
  { key: 'treatment', weight: 50 },
];

/** A segment used by one gate, an experiment in a layer, one in a holdout, and names that depend on none of them. */
const base: RulesetInput = {
  segments: { staff: { when: { email: { $regex: '@acme\\.com$' } } } },
  gates: {
    staff_only: { rules: [{ id: 'staff', segments: ['staff'] }] },
    everyone: { rules: [{ id: 'all', rollout: 100 }] },
  },
  experiments: {
    layered: { variants },
    held: { variants },
    alone: { variants },
  },
  layers: { checkout: { experiments: [{ experiment: 'layered', share: 50 }] } },
  holdouts: { global: { percent: 5, experiments: ['held'] } },
  params: { limit: { default: 10 } },
};

/** What a listener hears when the client goes from `base` to `next`. */
function changeTo(next: RulesetInput, from: RulesetInput = base): RulesetChange[] {
  // The client swallows what onError throws: errors are collected and checked after the change.
  const errors: unknown[] = [];
  const client = createClient({ ruleset: from, environment: 'server', onError: (error) => errors.push(error) });
  const changes: RulesetChange[] = [];
  client.subscribe((change) => changes.push(change));
  expect(client.setRuleset(next)).toBe(true);
  expect(errors).toEqual([]);
  return changes;
}

const EVERY_NAME = {
  gates: ['staff_only', 'everyone'],
  experiments: ['layered', 'held', 'alone'],
  params: ['limit'],
};

describe('subscribe: the names whose definition changed', () => {
  it("an experiment's changed definition lists that experiment alone", () => {
    const next = {
      ...base,
      experiments: {
        ...base.experiments,
        alone: {
          variants: [
            { key: 'control', weight: 30 },
            { key: 'treatment', weight: 70 },
          ],
        },
      },
    };
    expect(changeTo(next)).toEqual([{ gates: [], experiments: ['alone'], params: [] }]);
  });

  it('added and removed names are listed; unchanged ones are not', () => {
    const { everyone: _, ...gates } = base.gates!;
    const next = { ...base, gates, params: { ...base.params, added: { default: true } } };
    expect(changeTo(next)).toEqual([{ gates: ['everyone'], experiments: [], params: ['added'] }]);
  });

  it('a ruleset with the same definitions lists no name', () => {
    expect(changeTo({ ...base, updatedAt: '2026-02-01T00:00:00Z' })).toEqual([
      { gates: [], experiments: [], params: [] },
    ]);
  });

  it('a changed segment lists every name, not only those that use it', () => {
    const next = { ...base, segments: { staff: { when: { email: { $regex: '@acme\\.org$' } } } } };
    expect(changeTo(next)).toEqual([EVERY_NAME]);
  });

  it('a changed holdout lists every name', () => {
    expect(changeTo({ ...base, holdouts: { global: { percent: 10, experiments: ['held'] } } })).toEqual([EVERY_NAME]);
  });

  it('a changed layer lists every name', () => {
    const next = { ...base, layers: { checkout: { experiments: [{ experiment: 'layered', share: 80 }] } } };
    expect(changeTo(next)).toEqual([EVERY_NAME]);
  });

  it('with a shared part changed, names added or removed at the same time are listed too', () => {
    const next = {
      ...base,
      segments: {},
      gates: { everyone: base.gates!['everyone']!, fresh: { rules: [] } },
    };
    expect(changeTo(next)).toEqual([{ ...EVERY_NAME, gates: ['staff_only', 'everyone', 'fresh'] }]);
  });

  it('a changed gate lists the names that require it, through any chain of requires', () => {
    const chain: RulesetInput = {
      gates: {
        root: { rules: [{ id: 'half', rollout: 50 }] },
        middle: { rules: [{ id: 'after-root', requires: [{ gate: 'root', pass: true }] }] },
        leaf: { rules: [{ id: 'after-middle', requires: [{ gate: 'middle', pass: false }] }] },
        unrelated: { rules: [{ id: 'all' }] },
      },
      experiments: { gated: { variants, requires: [{ gate: 'leaf', pass: true }] }, free: { variants } },
      params: {
        limit: { default: 10, rules: [{ id: 'more', value: 20, requires: [{ gate: 'middle', pass: true }] }] },
        other: { default: 1 },
      },
    };
    const next = { ...chain, gates: { ...chain.gates, root: { rules: [{ id: 'half', rollout: 0 }] } } };
    expect(changeTo(next, chain)).toEqual([
      { gates: ['root', 'middle', 'leaf'], experiments: ['gated'], params: ['limit'] },
    ]);
  });
});
