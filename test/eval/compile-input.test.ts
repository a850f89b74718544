import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRuleset } from '../../src/eval/index.js';
import type { CompiledRuleset } from '../../src/eval/index.js';
import { normalizeRuleset } from '../../src/ruleset/normalize.js';
import type { RulesetInput } from '../../src/ruleset/normalize.js';
import { fullDocument } from '../ruleset/helpers.js';
import { issueRuleset } from '../fixtures/issue-ruleset.js';
import { experiment, gate, param } from './helpers.js';

/**
 * The lite client compiles a trusted input as given, the full client compiles
 * it normalized: both must evaluate every entity identically. Each document is
 * also tried with every defaulted field written out explicitly or removed.
 */

type Entity = { [field: string]: unknown };

/** Fields with a default, and their default, per kind of entity (the values normalizeRuleset writes). */
function defaultsOf(key: string): { [kind: string]: Entity } {
  return {
    gates: { unit: 'userID', enabled: true, salt: key, rules: [] },
    experiments: { unit: 'userID', salt: key, allocation: 100, status: 'running' },
    layers: { unit: 'userID', salt: `${key}.layer` },
    holdouts: { unit: 'userID', salt: `${key}.holdout`, gates: [], experiments: [], params: [] },
    params: { unit: 'userID', salt: key, rules: [] },
    segments: { unit: 'userID' },
  };
}

/** Writes out (true) or removes (false) the defaulted fields that hold their default, chosen by `flags`. */
function toggleDefaults(document: RulesetInput, flags: boolean[]): RulesetInput {
  const copy = structuredClone(document) as { [kind: string]: { [key: string]: Entity } | undefined };
  let next = 0;
  for (const kind of ['gates', 'experiments', 'layers', 'holdouts', 'params', 'segments']) {
    for (const [key, entity] of Object.entries(copy[kind] ?? {})) {
      for (const [field, value] of Object.entries(defaultsOf(key)[kind]!)) {
        const writeOut = flags[next++ % flags.length]!;
        if (writeOut && entity[field] === undefined) entity[field] = structuredClone(value);
        else if (!writeOut && JSON.stringify(entity[field]) === JSON.stringify(value)) delete entity[field];
      }
    }
  }
  return copy as RulesetInput;
}

const USERS = Array.from({ length: 300 }, (_, i) => ({
  userID: `user-${i}`,
  deviceID: `device-${i}`,
  companyID: `company-${i % 17}`,
  country: ['US', 'CA', 'DE'][i % 3],
  email: i % 10 === 0 ? `u${i}@acme.com` : `u${i}@example.com`,
}));
const TIMES = [Date.parse('2025-02-01T00:00:00Z'), Date.parse('2025-03-15T00:00:00Z')];

/** Every entity's evaluation for every user and time, as comparable records. */
function evaluations(compiled: CompiledRuleset, document: RulesetInput): unknown[] {
  const out: unknown[] = [];
  for (const nowMs of TIMES) {
    for (const user of USERS) {
      for (const name of Object.keys(document.gates ?? {})) out.push({ ...gate(compiled, name, user, nowMs) });
      for (const name of Object.keys(document.experiments ?? {}))
        out.push({ ...experiment(compiled, name, user, nowMs) });
      for (const name of Object.keys(document.params ?? {})) out.push({ ...param(compiled, name, user, nowMs) });
    }
  }
  return out;
}

describe('compileRuleset on a trusted input', () => {
  it('evaluates the spec document exactly as its normalized form', () => {
    const document = structuredClone(issueRuleset) as RulesetInput;
    const records = evaluations(compileRuleset(document), document);
    expect(records.length).toBeGreaterThan(0);
    expect(records).toStrictEqual(evaluations(compileRuleset(normalizeRuleset(document)), document));
  });

  it('evaluates every entity exactly as the normalized form, with defaults written out or left out', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }), (flags) => {
        const document = toggleDefaults(fullDocument(), flags);
        const raw = compileRuleset(document);
        expect(evaluations(raw, document)).toStrictEqual(
          evaluations(compileRuleset(normalizeRuleset(document)), document),
        );
      }),
      { numRuns: 25 },
    );
  });

  it('reads a ruleset with every map absent as an empty one', () => {
    const compiled = compileRuleset({});
    expect(gate(compiled, 'g', { userID: 'u' }).errorCode).toBe('FLAG_NOT_FOUND');
    expect(experiment(compiled, 'e', { userID: 'u' }).errorCode).toBe('FLAG_NOT_FOUND');
    expect(param(compiled, 'p', { userID: 'u' }).errorCode).toBe('FLAG_NOT_FOUND');
  });
});
