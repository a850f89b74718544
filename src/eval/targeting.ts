/**
 * Does a user match compiled targeting? `when`, then segments, then
 * prerequisite gates: all present parts must hold. The cheap checks run first;
 * the answer is the same in any order because nothing here has side effects.
 */
import type { Attributes } from './conditions/index.js';
import type { CompiledState, CompiledTargeting } from './compiled.js';

/** True when every part of `targeting` passes for the user, `depth` prerequisite levels down. */
export function matchesTargeting(
  state: CompiledState,
  targeting: CompiledTargeting,
  user: Attributes,
  depth: number,
): boolean {
  for (let i = 0; i < targeting.length; i++) if (!targeting[i]!(user, state, depth)) return false;
  return true;
}
