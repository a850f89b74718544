/**
 * Local overrides for QA sessions and for users' own unit tests. They win
 * over the ruleset, report reason OVERRIDE and are never logged as exposures.
 */
import type { Json } from '../ruleset/types.js';
import type { EntityKind } from '../eval/types.js';

/** Values to force, by kind and name. */
export interface Overrides {
  gates?: { [gate: string]: boolean };
  /** Experiment → variant key (or null for "not in the experiment"). */
  experiments?: { [experiment: string]: string | null };
  params?: { [param: string]: Json };
}

/** The kinds of override, as `clearOverrides` names them. */
export type OverrideKind = keyof Overrides;

/** The client's current overrides by entity kind, one Map each so lookups stay cheap on the hot path. */
export type OverrideStore = { readonly [Kind in EntityKind]: Map<string, Json> };

const KINDS: readonly EntityKind[] = ['gate', 'experiment', 'param'];

/** An empty store. */
export function createOverrideStore(): OverrideStore {
  return { gate: new Map(), experiment: new Map(), param: new Map() };
}

/**
 * Merges new overrides over the existing ones. Values are settled here, once, so every read and its
 * details agree on them (untyped callers pass anything): a gate forced to `undefined` is not forced (it
 * clears an earlier override) and any other value counts as `value === true`; an experiment forced to
 * `undefined` reads as `null` (not in the experiment).
 */
export function applyOverrides(store: OverrideStore, overrides: Overrides): void {
  for (const kind of KINDS) {
    for (const [name, value] of Object.entries(overrides[`${kind}s`] ?? {})) {
      if (kind === 'gate' && value === undefined) store.gate.delete(name);
      else store[kind].set(name, kind === 'gate' ? value === true : kind === 'experiment' ? (value ?? null) : value);
    }
  }
}

/** Removes one kind's override for `name`, one kind's overrides, or everything when called without a kind. */
export function clearOverrides(store: OverrideStore, kind?: OverrideKind, name?: string): void {
  if (!kind) for (const each of KINDS) store[each].clear();
  else {
    // The kinds are named in the plural here ('gates'), as in `Overrides`.
    const forced = store[kind.slice(0, -1) as EntityKind];
    if (name === undefined) forced.clear();
    else forced.delete(name);
  }
}
