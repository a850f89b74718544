/** Shared helper: table-driven condition cases, each checked both one-shot and precompiled. */
import { expect, it } from 'vitest';
import type { Condition } from '../../../src/ruleset/types.js';
import { compileCondition, evalCondition } from '../../../src/eval/conditions/index.js';
import type { Attributes, SavedGroups } from '../../../src/eval/conditions/index.js';

/** One named case: the condition, the attributes and the expected answer. */
export interface ConditionCase {
  name: string;
  when: Condition;
  attributes: Attributes;
  expected: boolean;
  groups?: SavedGroups;
}

/** Registers one test per case. */
export function itEvaluates(cases: readonly ConditionCase[]): void {
  it.each(cases)('$name', ({ when, attributes, expected, groups }) => {
    expect(evalCondition(when, attributes, groups)).toBe(expected);
    expect(compileCondition(when, groups)(attributes)).toBe(expected);
  });
}
