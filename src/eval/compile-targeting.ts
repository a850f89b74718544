/**
 * Compiles segments and the targeting of rules, experiments and parameters.
 * References (segments, prerequisite gates) are resolved to objects here, so
 * evaluation never looks a name up; a name that resolves to nothing becomes a
 * problem of the entity, reported as ERROR when it is evaluated.
 */
import type { RulesetInput, SegmentInput, TargetingInput } from '../ruleset/input.js';
import { DEFAULT_UNIT, entriesOf } from '../ruleset/defaults.js';
import { compileCondition } from './conditions/index.js';
import type { SavedGroups } from './conditions/index.js';
import type { CompiledGate, CompiledRequirement, CompiledSegment, CompiledTargeting } from './compiled.js';
import type { EntityKind } from './types.js';

/** What targeting may refer to. */
export interface TargetingScope {
  readonly segments: ReadonlyMap<string, CompiledSegment>;
  readonly gates: ReadonlyMap<string, CompiledGate>;
  /** Id lists of segments, for `$inGroup` / `$notInGroup`. */
  readonly groups: SavedGroups;
}

/** The `$inGroup` groups of a ruleset: every segment that has `ids`, by name. */
export function segmentGroups(ruleset: RulesetInput): SavedGroups {
  // No prototype, so a segment named like an Object.prototype member cannot be confused with one.
  const groups = Object.create(null) as { [name: string]: readonly (string | number)[] };
  for (const [name, segment] of entriesOf(ruleset.segments)) {
    if (segment.ids !== undefined) groups[name] = segment.ids;
  }
  return groups;
}

/** Compiles one segment: its ids become a set of strings (ids compare as strings). */
export function compileSegment(name: string, segment: SegmentInput, groups: SavedGroups): CompiledSegment {
  return {
    name,
    unit: segment.unit ?? DEFAULT_UNIT,
    ids: segment.ids === undefined ? undefined : new Set(segment.ids.map(String)),
    when: segment.when === undefined ? undefined : compileCondition(segment.when, groups),
  };
}

const EVERYONE: CompiledTargeting = { when: undefined, segments: [], requires: [] };

/**
 * Compiles targeting. Unknown segments or gates are appended to `problems`
 * (prefixed with `where`, e.g. `rule "staff"`) and left out.
 */
export function compileTargeting(targeting: TargetingInput, scope: TargetingScope, where: string, problems: string[]): CompiledTargeting {
  if (targeting.when === undefined && !targeting.segments?.length && !targeting.requires?.length) return EVERYONE;

  const segments: CompiledSegment[] = [];
  for (const name of targeting.segments ?? []) {
    const segment = scope.segments.get(name);
    if (segment === undefined) problems.push(`${where} uses unknown segment "${name}"`);
    else segments.push(segment);
  }
  const requires: CompiledRequirement[] = [];
  for (const prerequisite of targeting.requires ?? []) {
    const gate = scope.gates.get(prerequisite.gate);
    if (gate === undefined) problems.push(`${where} requires unknown gate "${prerequisite.gate}"`);
    else requires.push({ gate, pass: prerequisite.pass });
  }
  return {
    when: targeting.when === undefined ? undefined : compileCondition(targeting.when, scope.groups),
    segments,
    requires,
  };
}

/** An entity's `problem`: its problems joined after its kind and name, or undefined when there are none. */
export function describeProblems(kind: EntityKind, name: string, problems: readonly string[]): string | undefined {
  return problems.length > 0 ? `${kind} "${name}": ${problems.join('; ')}` : undefined;
}
