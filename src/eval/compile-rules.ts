/**
 * Compiles gate rules and dynamic parameters: targeting, rollout threshold
 * and the rule salt `${entity.salt}.${rule.salt}`, prepared for hashing.
 */
import type { DynamicParam, Gate } from '../ruleset/types.js';
import type { CompiledHoldout, CompiledParam, CompiledRule } from './compiled.js';
import { compileTargeting } from './compile-targeting.js';
import type { TargetingScope } from './compile-targeting.js';
import { prepareSalt } from './hasher.js';
import { percentToThreshold } from './threshold.js';

/** Compiles a gate's rules; unresolved references are appended to `problems`. */
export function compileGateRules(gate: Gate, scope: TargetingScope, problems: string[]): CompiledRule[] {
  return gate.rules.map((rule) => ({
    id: rule.id,
    targeting: compileTargeting(rule, scope, `rule "${rule.id}"`, problems),
    unit: rule.unit,
    prefix: prepareSalt(`${gate.salt}.${rule.salt}`),
    threshold: percentToThreshold(rule.rollout),
  }));
}

/** Compiles a dynamic parameter; inconsistencies become its `problem`. */
export function compileParam(name: string, param: DynamicParam, scope: TargetingScope, holdouts: readonly CompiledHoldout[]): CompiledParam {
  const problems: string[] = [];
  const rules = param.rules.map((rule) => ({
    id: rule.id,
    targeting: compileTargeting(rule, scope, `rule "${rule.id}"`, problems),
    unit: rule.unit,
    prefix: prepareSalt(`${param.salt}.${rule.salt}`),
    threshold: percentToThreshold(rule.rollout),
    value: rule.value,
  }));
  const problem = problems.length > 0 ? `param "${name}": ${problems.join('; ')}` : undefined;
  return { name, problem, holdouts, defaultValue: param.default, rules };
}
