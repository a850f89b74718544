/**
 * Does a user match compiled targeting? `when`, then segments, then
 * prerequisite gates: all present parts must hold. The cheap checks run first;
 * the answer is the same in any order because nothing here has side effects.
 */
import type { Attributes } from './conditions/index.js';
import type { CompiledGate, CompiledSegment, CompiledState, CompiledTargeting } from './compiled.js';
import { readUnitId } from './unit-id.js';

/**
 * Decides whether a prerequisite gate passes for the user, one level deeper.
 * Passed in by the caller so this file does not depend on the gate evaluator.
 */
export type GateCheck = (state: CompiledState, gate: CompiledGate, user: Attributes, depth: number) => boolean;

/** True when every part of `targeting` present matches the user. */
export function matchesTargeting(
  state: CompiledState, targeting: CompiledTargeting, user: Attributes, depth: number, gatePasses: GateCheck,
): boolean {
  if (targeting.when !== undefined && !targeting.when(user)) return false;
  const segments = targeting.segments;
  for (let i = 0; i < segments.length; i++) if (!matchesSegment(segments[i]!, user)) return false;
  const requires = targeting.requires;
  for (let i = 0; i < requires.length; i++) {
    const requirement = requires[i]!;
    if (gatePasses(state, requirement.gate, user, depth + 1) !== requirement.pass) return false;
  }
  return true;
}

/** A segment matches when its ids (if any) contain the user's id for its unit, and its condition (if any) holds. */
export function matchesSegment(segment: CompiledSegment, user: Attributes): boolean {
  if (segment.ids !== undefined) {
    const id = readUnitId(user, segment.unit);
    if (id === undefined || !segment.ids.has(id)) return false;
  }
  return segment.when === undefined || segment.when(user);
}
