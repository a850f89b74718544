/**
 * Compiles gates and dynamic parameters into one shape (see CompiledGate):
 * each rule's targeting, rollout threshold, value and the rule salt
 * `${entity.salt}.${rule.salt}`, prepared for hashing.
 */
import type { DynamicParamInput, GateInput, ParamRuleInput } from '../ruleset/input.js';
import { DEFAULT_UNIT, EVERYONE_PERCENT } from '../ruleset/defaults.js';
import type { Json } from '../ruleset/types.js';
import type { CompiledGate, CompiledHoldout, CompiledRule } from './compiled.js';
import { compileTargeting, describeProblems } from './compile-targeting.js';
import type { TargetingScope } from './compile-targeting.js';
import { prepareSalt } from './hasher.js';
import { percentToThreshold } from './threshold.js';

/** A gate or parameter whose rules are filled in later, since rules may require any gate. */
interface RuleShell extends CompiledGate {
  _rules: CompiledRule[];
  _inconsistency: string | undefined;
}

/** A gate (default `false`) or parameter (always enabled) with no rules yet. */
export function createShell(
  name: string,
  holdouts: readonly CompiledHoldout[],
  enabled: boolean,
  defaultValue: Json,
): RuleShell {
  return {
    name,
    _inconsistency: undefined,
    _holdouts: holdouts,
    _enabled: enabled,
    _defaultValue: defaultValue,
    _rules: [],
  };
}

/**
 * Compiles the rules of gate or parameter `input` into `shell` and returns
 * it. A gate rule serves `true`, a parameter rule its value; unresolved
 * references become the shell's inconsistency.
 */
export function fillRules(
  shell: RuleShell,
  kind: 'gate' | 'param',
  input: GateInput | DynamicParamInput,
  scope: TargetingScope,
): RuleShell {
  const problems: string[] = [];
  const salt = input.salt ?? shell.name;
  const unit = input.unit ?? DEFAULT_UNIT;
  for (const rule of input.rules ?? []) {
    shell._rules.push({
      id: rule.id,
      _targetingTests: compileTargeting(rule, scope, `rule "${rule.id}"`, problems),
      _unitName: rule.unit ?? unit,
      _hashPrefix: prepareSalt(`${salt}.${rule.salt ?? rule.id}`),
      _bucketLimit: percentToThreshold(rule.rollout ?? EVERYONE_PERCENT),
      _value: kind === 'gate' ? true : (rule as ParamRuleInput).value,
    });
  }
  shell._inconsistency = describeProblems(kind, shell.name, problems);
  return shell;
}
