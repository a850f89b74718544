/** Shared helper: table-driven condition cases, each compiled once and answered twice (a compiled condition is reused). */
import { expect, it } from 'vitest';
import type { Condition } from '../../../src/ruleset/types.js';
import { compileCondition } from '../../../src/eval/conditions/index.js';
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
    const compiled = compileCondition(when, groups);
    expect(compiled(attributes)).toBe(expected);
    // A second call must not see state the first one left behind.
    expect(compiled(attributes)).toBe(expected);
  });
}
