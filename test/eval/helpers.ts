/** Small helpers shared by the evaluation tests. */
import { normalizeRuleset } from '../../src/ruleset/normalize.js';
import type { RulesetInput } from '../../src/ruleset/normalize.js';
import { compileRuleset, evaluateExperiment, evaluateGate, evaluateParam } from '../../src/eval/index.js';
import type { CompiledRuleset } from '../../src/eval/index.js';
import { createEvalRecord } from '../../src/eval/types.js';
import type { EvalRecord, User } from '../../src/eval/types.js';

/** Normalizes and compiles a ruleset written in the short JSON form. */
export function compile(input: RulesetInput): CompiledRuleset {
  return compileRuleset(normalizeRuleset(input));
}

/** Evaluates a gate into a fresh record. */
export function gate(compiled: CompiledRuleset, name: string, user: User, nowMs = 0): EvalRecord {
  return evaluateGate(compiled, name, user, nowMs, createEvalRecord());
}

/** Evaluates an experiment into a fresh record. */
export function experiment(compiled: CompiledRuleset, name: string, user: User, nowMs = 0): EvalRecord {
  return evaluateExperiment(compiled, name, user, nowMs, createEvalRecord());
}

/** Evaluates a parameter into a fresh record. */
export function param(compiled: CompiledRuleset, name: string, user: User, nowMs = 0): EvalRecord {
  return evaluateParam(compiled, name, user, nowMs, createEvalRecord());
}

/** `count` distinct, deterministic unit ids (sequential ids are the realistic worst case for a hash). */
export function unitIds(count: number, prefix = 'user-'): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}`);
}
