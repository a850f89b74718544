/**
 * GrowthBook conformance: every `evalCondition` case of GrowthBook's shared
 * `cases.json` (tuples `[name, condition, attributes, expected, savedGroups?]`),
 * checked one-shot and precompiled. The file's path comes from
 * vitest.conformance.config.ts; when it is absent no tests are registered.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { compileCondition, evalCondition } from '../../src/eval/conditions/index.js';
import type { Attributes, SavedGroups } from '../../src/eval/conditions/index.js';
import type { Condition } from '../../src/ruleset/types.js';

type ConditionTuple = [
  name: string,
  condition: Condition,
  attributes: Attributes,
  expected: boolean,
  groups?: SavedGroups,
];

const path = inject('growthbookCases');

if (existsSync(path)) {
  const cases = (JSON.parse(readFileSync(path, 'utf8')) as { evalCondition: ConditionTuple[] }).evalCondition;

  describe('GrowthBook evalCondition cases', () => {
    it('are all there', () => {
      expect(cases.length).toBeGreaterThan(0);
    });

    // Names repeat in the file ("$not - pass" twice), so the index keeps test names unique.
    it.each(cases.map((tuple, index) => [index, ...tuple] as const))(
      '#%i %s',
      (_index, _name, condition, attributes, expected, groups) => {
        expect(evalCondition(condition, attributes, groups)).toBe(expected);
        expect(compileCondition(condition, groups)(attributes)).toBe(expected);
      },
    );
  });
} else {
  console.log(`GrowthBook conformance cases not found at ${path}: no conformance tests registered.`);
}
