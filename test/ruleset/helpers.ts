/** Shared documents and helpers for the ruleset tests. */
import { expect } from 'vitest';
import { ConfigError } from '../../src/errors/index.js';
import type { RulesetInput } from '../../src/ruleset/normalize.js';
import { parseRuleset } from '../../src/ruleset/parse.js';
import { issueRuleset } from '../fixtures/issue-ruleset.js';

/** The minimal document from the ruleset spec (a fresh copy each call, so tests can mutate it). */
export function minimalDocument(): RulesetInput {
  return structuredClone(issueRuleset);
}

/** A document that uses every entity and most optional fields, and is valid. */
export function fullDocument(): RulesetInput {
  return {
    version: 1,
    revision: 'r42',
    gates: {
      new_checkout: {
        rules: [
          { id: 'staff', segments: ['staff'] },
          { id: 'beta', requires: [{ gate: 'beta_program', pass: true }], rollout: 50 },
        ],
      },
      beta_program: { unit: 'companyID', enabled: false, rules: [{ id: 'all' }] },
    },
    experiments: {
      button_color: {
        variants: [
          { key: 'red', weight: 33.33 },
          { key: 'green', weight: 33.33 },
          { key: 'blue', weight: 33.34, params: { color: '#22d' } },
        ],
        startAt: '2025-03-01T00:00:00Z',
        endAt: '2025-04-01T00:00:00+02:00',
        forced: { blue: ['qa-1', 'qa-2'] },
      },
      checkout_copy: {
        status: 'stopped',
        shipped: 'long',
        allocation: 50,
        when: { country: { $in: ['US'] } },
        variants: [
          { key: 'short', weight: 50 },
          { key: 'long', weight: 50 },
        ],
      },
    },
    layers: {
      checkout: { experiments: [{ experiment: 'checkout_copy', share: 40 }] },
    },
    holdouts: {
      global: { percent: 5, gates: ['new_checkout'], experiments: ['button_color'], params: ['shipping_threshold'] },
    },
    params: {
      shipping_threshold: {
        default: 50,
        rules: [{ id: 'canada', when: { country: 'CA' }, value: 75 }],
      },
    },
    segments: {
      staff: { ids: ['u1', 2], when: { email: { $regexi: '@ACME\\.com$' } } },
      europe: { when: { country: { $in: ['DE', 'FR'] } } },
    },
  };
}

/** The issues of an invalid document as `path: message` lines; fails the test when it parses. */
export function issueLines(input: unknown): string[] {
  try {
    parseRuleset(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues.map((issue) =>
      issue.path ? `${issue.path}: ${issue.message}` : issue.message,
    );
  }
  throw new Error('expected parseRuleset to throw');
}

/** A valid minimal document with changes applied to a deep copy. */
export function withChanges(
  change: (document: RulesetInput & { [key: string]: unknown }) => void,
  base = fullDocument(),
): unknown {
  const copy = structuredClone(base) as RulesetInput & { [key: string]: unknown };
  change(copy);
  return copy;
}
