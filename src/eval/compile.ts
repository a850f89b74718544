/**
 * compileRuleset: turns a ruleset into the form the evaluator reads, once per
 * ruleset version. It reads the input form and applies the defaults of
 * src/ruleset/defaults.ts itself, so a trusted ruleset needs no normalizing
 * first. It never throws on an inconsistent ruleset: the affected entity
 * reports ERROR when evaluated.
 */
import type { RulesetInput } from '../ruleset/input.js';
import type { CompiledExperiment, CompiledParam, CompiledRuleset, CompiledSegment, CompiledState } from './compiled.js';
import { compileExperiment } from './compile-experiment.js';
import { holdoutMembership, layerSlots } from './compile-placement.js';
import { createShell, fillRules } from './compile-rules.js';
import type { RuleShell } from './compile-rules.js';
import { compileSegment, segmentGroups } from './compile-targeting.js';
import type { TargetingScope } from './compile-targeting.js';
import { entriesOf } from '../ruleset/defaults.js';

export type { CompiledRuleset } from './compiled.js';

/**
 * Precompiles a ruleset for evaluation: conditions to closures, percentages
 * to integer bucket thresholds, salts to prepared UTF-8 prefixes, names to
 * direct references, holdout membership per entity. Pass a ruleset from
 * `parseRuleset` or `normalizeRuleset`, or a trusted input (defaults are
 * applied the same way); compile it once, evaluate it many times.
 * The ruleset is not modified and must not be modified afterwards.
 */
export function compileRuleset(ruleset: RulesetInput): CompiledRuleset {
  const groups = segmentGroups(ruleset);
  const segments = new Map<string, CompiledSegment>();
  for (const [name, segment] of entriesOf(ruleset.segments)) segments.set(name, compileSegment(name, segment, groups));
  const holdouts = holdoutMembership(ruleset);

  const gates = new Map<string, RuleShell>();
  for (const [name, gate] of entriesOf(ruleset.gates)) gates.set(name, createShell(name, holdouts.gates.get(name) ?? [], gate.enabled !== false, false));
  const scope: TargetingScope = { segments, gates, groups };
  for (const [name, gate] of entriesOf(ruleset.gates)) fillRules(gates.get(name)!, 'gate', gate, scope);

  const slots = layerSlots(ruleset);
  const experiments = new Map<string, CompiledExperiment>();
  for (const [name, experiment] of entriesOf(ruleset.experiments)) {
    experiments.set(name, compileExperiment(name, experiment, scope, holdouts.experiments.get(name) ?? [], slots.get(name)));
  }

  const params = new Map<string, CompiledParam>();
  for (const [name, param] of entriesOf(ruleset.params)) {
    const shell = createShell(name, holdouts.params.get(name) ?? [], true, param.default);
    fillRules(shell, 'param', param, scope);
    params.set(name, shell);
  }

  let usesTime = false;
  for (const experiment of experiments.values()) usesTime ||= experiment.scheduled;
  const state: CompiledState = { ruleset, usesTime, gates, experiments, params };
  return state;
}
