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
}

type Group = { [name: string]: unknown } | undefined;

const text = (value: unknown): string => JSON.stringify(value) ?? '';

function differing(before: Group, after: Group, everything: boolean): string[] {
  const names = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return [...names].filter((name) => everything || text(before?.[name]) !== text(after?.[name]));
}

/**
 * Lists what changed from `before` to `after`. Segments, holdouts and layers are shared by many
 * entities: when one of them changes, every name is listed (a listener may re-read a little more
 * than needed, never less).
 */
export function changedNames(before: RulesetInput, after: RulesetInput): RulesetChange {
  const shared = text([before.segments, before.holdouts, before.layers]) !== text([after.segments, after.holdouts, after.layers]);
  return {
    gates: differing(before.gates, after.gates, shared),
    experiments: differing(before.experiments, after.experiments, shared),
    params: differing(before.params, after.params, shared),
  };
}
