/**
 * Which gates, experiments and parameters a new ruleset changes, for
 * `client.subscribe` listeners (a UI re-renders only what changed). Pure:
 * compares the JSON of each definition.
 */
import type { RulesetInput } from './input.js';

/** The names whose definition differs between two rulesets (added and removed ones included). */
export interface RulesetChange {
  gates: string[];
  experiments: string[];
  params: string[];
  /**
   * Set when the client's bound user changed (`setUser`, e.g. a login) rather than the ruleset: no
   * definition changed, so the lists are empty, but any value read for the bound user may differ.
   */
  user?: true;
  /**
   * Set when the ruleset source's health changed rather than the ruleset: `true` once it has failed to
   * refresh the ruleset in use for `source.staleAfterMs`, `false` when it refreshes (or confirms) it again.
   * No definition changed, so the lists are empty.
   */
  stale?: boolean;
}

const text = (value: unknown): string => JSON.stringify(value) ?? '';

const GROUPS = ['gates', 'experiments', 'params'] as const;

/**
 * Lists what changed from `before` to `after`: the names whose definition differs (added and removed ones
 * included), and the names that require a changed gate. Segments, holdouts and layers are shared by many
 * entities: when one of them changes, every name is listed (a listener may re-read a little more than
 * needed, never less).
 */
export function changedNames(before: RulesetInput, after: RulesetInput): RulesetChange {
  const shared =
    text([before.segments, before.holdouts, before.layers]) !== text([after.segments, after.holdouts, after.layers]);
  const change = {} as RulesetChange;
  for (const group of GROUPS) {
    const was: { [name: string]: unknown } = before[group] ?? {};
    const is: { [name: string]: unknown } = after[group] ?? {};
    change[group] = [...new Set([...Object.keys(was), ...Object.keys(is)])].filter(
      (name) => shared || text(was[name]) !== text(is[name]),
    );
  }
  // A name whose targeting requires a changed gate may read differently too, through any chain of `requires`:
  // listed until no more gates join (a `{"gate": …}` elsewhere in a definition only lists a name too many).
  for (let listed = -1; listed < change.gates.length; ) {
    listed = change.gates.length;
    for (const group of GROUPS)
      for (const name in after[group])
        if (
          !change[group].includes(name) &&
          change.gates.some((gate) => text(after[group]![name]).includes(`"gate":${text(gate)}`))
        )
          change[group].push(name);
  }
  return change;
}
