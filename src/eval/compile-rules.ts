/**
 * Compiles gate rules and dynamic parameters: targeting, rollout threshold
 * and the rule salt `${entity.salt}.${rule.salt}`, prepared for hashing.
 */
import type { DynamicParamInput, GateInput, GateRuleInput, ParamRuleInput } from '../ruleset/input.js';
import { DEFAULT_UNIT, EVERYONE_PERCENT } from '../ruleset/defaults.js';
import type { CompiledHoldout, CompiledParam, CompiledRule } from './compiled.js';
import { compileTargeting } from './compile-targeting.js';
import type { TargetingScope } from './compile-targeting.js';
import { prepareSalt } from './hasher.js';
import { percentToThreshold } from './threshold.js';

/** One rule of an entity whose salt and unit are `salt` and `unit` (gate and parameter rules alike). */
function compileRule(rule: GateRuleInput | ParamRuleInput, salt: string, unit: string, scope: TargetingScope, problems: string[]): CompiledRule {
  return {
    id: rule.id,
    targeting: compileTargeting(rule, scope, `rule "${rule.id}"`, problems),
    unit: rule.unit ?? unit,
    prefix: prepareSalt(`${salt}.${rule.salt ?? rule.id}`),
    threshold: percentToThreshold(rule.rollout ?? EVERYONE_PERCENT),
  };
}

/** Compiles a gate's rules; unresolved references are appended to `problems`. */
export function compileGateRules(name: string, gate: GateInput, scope: TargetingScope, problems: string[]): CompiledRule[] {
  const salt = gate.salt ?? name;
  const unit = gate.unit ?? DEFAULT_UNIT;
  return (gate.rules ?? []).map((rule) => compileRule(rule, salt, unit, scope, problems));
}

/** Compiles a dynamic parameter; inconsistencies become its `problem`. */
export function compileParam(name: string, param: DynamicParamInput, scope: TargetingScope, holdouts: readonly CompiledHoldout[]): CompiledParam {
  const problems: string[] = [];
  const salt = param.salt ?? name;
  const unit = param.unit ?? DEFAULT_UNIT;
  const rules = (param.rules ?? []).map((rule) => ({ ...compileRule(rule, salt, unit, scope, problems), value: rule.value }));
  const problem = problems.length > 0 ? `param "${name}": ${problems.join('; ')}` : undefined;
  return { name, problem, holdouts, defaultValue: param.default, rules };
}
