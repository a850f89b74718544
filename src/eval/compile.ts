/**
 * compileRuleset: turns a ruleset into the form the evaluator reads, once per
 * ruleset version. It reads the input form and applies the defaults of
 * src/ruleset/defaults.ts itself, so a trusted ruleset needs no normalizing
 * first. It never throws on an inconsistent ruleset: the affected entity
 * reports ERROR when evaluated.
 */
// The order of these imports is on purpose: bundlers lay modules out in import order, and this order gzips
// the lite bundle (a) smallest without growing (b) (`npm run size`). Measure before reordering.
import type { RulesetInput } from '../ruleset/input.js';
import type { CompiledRuleset, CompiledState } from './compiled.js';
import { compileExperiment } from './compile-experiment.js';
import { createShell, fillRules } from './compile-rules.js';
import { compileSegment, segmentGroups } from './compile-targeting.js';
import type { TargetingScope } from './compile-targeting.js';
import { entriesOf } from '../ruleset/defaults.js';
import { createEvalRecord } from './types.js';
import { holdoutMembership, layerSlots } from './compile-placement.js';

export type { CompiledRuleset } from './compiled.js';

/**
 * Precompiles a ruleset for evaluation: conditions to closures, percentages
 * to integer bucket thresholds, salts to prepared UTF-8 prefixes, names to
 * direct references, holdout membership per entity. Pass a ruleset from
 * `parseRuleset` or `normalizeRuleset`, or a trusted input (defaults are
 * applied the same way); compile it once, evaluate it many times.
 * The ruleset is not modified and must not be modified afterwards.
 * A rejection text is for a stand-in (the empty ruleset a client uses when the one it was given is rejected): it
 * explains every unknown name, reported as PARSE_ERROR instead of FLAG_NOT_FOUND.
 */
export function compileRuleset(ruleset: RulesetInput, rejection?: string): CompiledRuleset {
  const groups = segmentGroups(ruleset);
  const segments = compileEach(ruleset.segments, (_name, segment) => compileSegment(segment, groups));
  const holdouts = holdoutMembership(ruleset);
  // Every gate exists before any rule is compiled, so a rule can require any gate.
  const gates = compileEach(ruleset.gates, (name, gate) =>
    createShell(name, holdouts('gates', name), gate.enabled !== false, false),
  );
  const scope: TargetingScope = { _segmentsByName: segments, _gatesByName: gates, _savedGroups: groups };
  for (const [name, gate] of entriesOf(ruleset.gates)) fillRules(gates.get(name)!, 'gate', gate, scope);
  const slots = layerSlots(ruleset);
  const experiments = compileEach(ruleset.experiments, (name, experiment) =>
    compileExperiment(name, experiment, scope, holdouts('experiments', name), slots.get(name)),
  );
  const params = compileEach(ruleset.params, (name, param) =>
    fillRules(createShell(name, holdouts('params', name), true, param.default), 'param', param, scope),
  );

  const usesTime = [...experiments.values()].some((experiment) => experiment._scheduled);
  const state: CompiledState = {
    _usesTime: usesTime,
    _gatesByName: gates,
    _experimentsByName: experiments,
    _paramsByName: params,
    _scratchRecord: createEvalRecord(),
    _rejection: rejection,
  };
  return state;
}

/** Compiles every entry of one of the ruleset's maps, keeping its name. */
function compileEach<T, C>(
  map: { [name: string]: T } | undefined,
  compile: (name: string, entity: T) => C,
): Map<string, C> {
  return new Map(entriesOf(map).map(([name, entity]) => [name, compile(name, entity)]));
}
