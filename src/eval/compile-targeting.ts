/**
 * Compiles segments and the targeting of rules, experiments and parameters
 * into lists of tests. References (segments, prerequisite gates) are resolved here, so
 * evaluation never looks a name up; a name that resolves to nothing becomes a
 * problem of the entity, reported as ERROR when it is evaluated.
 */
import type { RulesetInput, SegmentInput, TargetingInput } from '../ruleset/input.js';
import { DEFAULT_UNIT, entriesOf } from '../ruleset/defaults.js';
import { compileCondition } from './conditions/index.js';
import type { SavedGroups } from './conditions/index.js';
import type { CompiledGate, CompiledSegment, CompiledTargeting, TargetingTest } from './compiled.js';
import { gatePasses } from './rules.js';
import type { EntityKind } from './types.js';
import { readUnitId } from './unit-id.js';

/** What targeting may refer to. */
export interface TargetingScope {
  readonly _segmentsByName: ReadonlyMap<string, CompiledSegment>;
  readonly _gatesByName: ReadonlyMap<string, CompiledGate>;
  /** Id lists of segments, for `$inGroup` / `$notInGroup`. */
  readonly _savedGroups: SavedGroups;
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

/** Compiles one segment into a test of the user; its ids compare as strings. */
export function compileSegment(segment: SegmentInput, groups: SavedGroups): CompiledSegment {
  const unit = segment.unit ?? DEFAULT_UNIT;
  const ids = segment.ids === undefined ? undefined : new Set(segment.ids.map(String));
  const when = segment.when === undefined ? undefined : compileCondition(segment.when, groups);
  return (user) => {
    if (ids !== undefined) {
      const id = readUnitId(user, unit);
      if (id === undefined || !ids.has(id)) return false;
    }
    return when === undefined || when(user);
  };
}

/**
 * Compiles targeting. Unknown segments or gates are appended to `problems`
 * (prefixed with `where`, e.g. `rule "staff"`) and left out.
 */
export function compileTargeting(
  targeting: TargetingInput,
  scope: TargetingScope,
  where: string,
  problems: string[],
): CompiledTargeting {
  const tests: TargetingTest[] =
    targeting.when === undefined ? [] : [compileCondition(targeting.when, scope._savedGroups)];
  for (const name of targeting.segments ?? []) {
    const segment = scope._segmentsByName.get(name);
    if (segment === undefined) problems.push(`${where} uses unknown segment "${name}"`);
    else tests.push(segment);
  }
  for (const { gate: gateName, pass } of targeting.requires ?? []) {
    const gate = scope._gatesByName.get(gateName);
    if (gate === undefined) problems.push(`${where} requires unknown gate "${gateName}"`);
    // The prerequisite gate is decided one level deeper than the entity that requires it.
    else tests.push((user, state, depth) => gatePasses(state, gate, user, depth + 1) === pass);
  }
  return tests;
}

/** An entity's inconsistency text: its problems joined after its kind and name, or undefined when there are none. */
export function describeProblems(kind: EntityKind, name: string, problems: readonly string[]): string | undefined {
  return problems.length > 0 ? `${kind} "${name}": ${problems.join('; ')}` : undefined;
}
