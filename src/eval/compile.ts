/**
 * compileRuleset: turns a normalized {@link Ruleset} into the form the
 * evaluator reads, once per ruleset version. It never throws on an
 * inconsistent ruleset: the affected entity reports ERROR when evaluated.
 */
import type { Ruleset } from '../ruleset/types.js';
import type {
  CompiledExperiment, CompiledGate, CompiledHoldout, CompiledLayerSlot, CompiledParam, CompiledParamRule,
  CompiledRule, CompiledRuleset, CompiledSegment, CompiledState,
} from './compiled.js';
import { compileExperiment } from './compile-experiment.js';
import { compileSegment, compileTargeting, segmentGroups } from './compile-targeting.js';
import type { TargetingScope } from './compile-targeting.js';
import { Hasher, prepareSalt } from './hasher.js';
import { percentToThreshold } from './threshold.js';

export type { CompiledRuleset } from './compiled.js';

/** A gate whose rules are filled in after every gate exists (rules may require any gate). */
interface GateShell extends CompiledGate {
  rules: CompiledRule[];
  problem: string | undefined;
}

/**
 * Precompiles a ruleset for evaluation: conditions to closures, percentages
 * to integer bucket thresholds, salts to prepared UTF-8 prefixes, names to
 * direct references, holdout membership per entity. Pass a ruleset from
 * `parseRuleset` or `normalizeRuleset`; compile it once and evaluate many times.
 */
export function compileRuleset(ruleset: Ruleset): CompiledRuleset {
  const groups = segmentGroups(ruleset);
  const segments = new Map<string, CompiledSegment>();
  for (const [name, segment] of Object.entries(ruleset.segments)) segments.set(name, compileSegment(name, segment, groups));

  const holdouts = holdoutsByEntity(ruleset);
  const gates = new Map<string, GateShell>();
  for (const [name, gate] of Object.entries(ruleset.gates)) {
    gates.set(name, { name, enabled: gate.enabled, holdouts: holdouts.gates.get(name) ?? [], rules: [], problem: undefined });
  }
  const scope: TargetingScope = { segments, gates, groups };

  for (const [name, gate] of Object.entries(ruleset.gates)) {
    const shell = gates.get(name)!;
    const problems: string[] = [];
    for (const rule of gate.rules) {
      const targeting = compileTargeting(rule, scope, `rule "${rule.id}"`, problems);
      shell.rules.push({ id: rule.id, targeting, unit: rule.unit, prefix: prepareSalt(`${gate.salt}.${rule.salt}`), threshold: percentToThreshold(rule.rollout) });
    }
    if (problems.length > 0) shell.problem = `gate "${name}": ${problems.join('; ')}`;
  }

  const slots = layerSlots(ruleset);
  const experiments = new Map<string, CompiledExperiment>();
  for (const [name, experiment] of Object.entries(ruleset.experiments)) {
    const slot = slots.get(name);
    experiments.set(name, compileExperiment(name, experiment, {
      scope,
      holdouts: holdouts.experiments.get(name) ?? [],
      slot: slot?.[0],
      slotProblem: slot !== undefined && slot.length > 1 ? `listed by more than one layer (${slot.map((s) => `"${s.layer}"`).join(', ')})` : undefined,
    }));
  }

  const params = new Map<string, CompiledParam>();
  for (const [name, param] of Object.entries(ruleset.params)) {
    const problems: string[] = [];
    const rules: CompiledParamRule[] = param.rules.map((rule) => ({
      id: rule.id,
      targeting: compileTargeting(rule, scope, `rule "${rule.id}"`, problems),
      unit: rule.unit,
      prefix: prepareSalt(`${param.salt}.${rule.salt}`),
      threshold: percentToThreshold(rule.rollout),
      value: rule.value,
    }));
    const problem = problems.length > 0 ? `param "${name}": ${problems.join('; ')}` : undefined;
    params.set(name, { name, problem, holdouts: holdouts.params.get(name) ?? [], defaultValue: param.default, rules });
  }

  const state: CompiledState = { ruleset, gates, experiments, params, hasher: new Hasher() };
  return state;
}

/** For each kind of entity: entity name → the holdouts that cover it, in ruleset order. */
function holdoutsByEntity(ruleset: Ruleset) {
  const byKind = { gates: new Map<string, CompiledHoldout[]>(), experiments: new Map<string, CompiledHoldout[]>(), params: new Map<string, CompiledHoldout[]>() };
  for (const [name, holdout] of Object.entries(ruleset.holdouts)) {
    const compiled: CompiledHoldout = { name, unit: holdout.unit, prefix: prepareSalt(holdout.salt), threshold: percentToThreshold(holdout.percent) };
    for (const kind of ['gates', 'experiments', 'params'] as const) {
      for (const entity of holdout[kind]) {
        const list = byKind[kind].get(entity);
        if (list === undefined) byKind[kind].set(entity, [compiled]);
        else if (!list.includes(compiled)) list.push(compiled);
      }
    }
  }
  return byKind;
}

/**
 * Experiment name → its slot(s). Slots are laid end to end in list order, each
 * `round(share * 100)` buckets wide, so appending a slot never moves earlier ones.
 */
function layerSlots(ruleset: Ruleset): Map<string, CompiledLayerSlot[]> {
  const slots = new Map<string, CompiledLayerSlot[]>();
  for (const [name, layer] of Object.entries(ruleset.layers)) {
    const prefix = prepareSalt(layer.salt);
    let start = 0;
    for (const entry of layer.experiments) {
      const end = start + percentToThreshold(entry.share);
      const slot: CompiledLayerSlot = { layer: name, unit: layer.unit, prefix, start, end };
      const list = slots.get(entry.experiment);
      if (list === undefined) slots.set(entry.experiment, [slot]);
      else list.push(slot);
      start = end;
    }
  }
  return slots;
}
