/**
 * Local overrides for QA sessions and for users' own unit tests. They win
 * over the ruleset, report reason OVERRIDE and are never logged as exposures.
 */
import type { Json } from '../ruleset/types.js';

/** Values to force, by kind and name. */
export interface Overrides {
  gates?: { [gate: string]: boolean };
  /** Experiment → variant key (or null for "not in the experiment"). */
  experiments?: { [experiment: string]: string | null };
  params?: { [param: string]: Json };
}

/** The kinds of override, as `clearOverrides` names them. */
export type OverrideKind = keyof Overrides;

/** The client's current overrides, one Map per kind so lookups stay cheap on the hot path. */
export type OverrideStore = { readonly [Kind in OverrideKind]-?: Map<string, NonNullable<Overrides[Kind]>[string]> };

const KINDS: readonly OverrideKind[] = ['gates', 'experiments', 'params'];

/** An empty store. */
export function createOverrideStore(): OverrideStore {
  return { gates: new Map(), experiments: new Map(), params: new Map() };
}

/**
 * Merges new overrides over the existing ones. Values are settled here, once, so every read and its
 * details agree on them (untyped callers pass anything): a gate forced to `undefined` is not forced (it
 * clears an earlier override) and any other value counts as `value === true`; an experiment forced to
 * `undefined` reads as `null` (not in the experiment).
 */
export function applyOverrides(store: OverrideStore, overrides: Overrides): void {
  for (const [name, value] of Object.entries(overrides.gates ?? {})) {
    if (value === undefined) store.gates.delete(name);
    else store.gates.set(name, value === true);
  }
  for (const [name, value] of Object.entries(overrides.experiments ?? {})) store.experiments.set(name, value ?? null);
  for (const [name, value] of Object.entries(overrides.params ?? {})) store.params.set(name, value);
}

/** Removes one kind's override for `name`, one kind's overrides, or everything when called without a kind. */
export function clearOverrides(store: OverrideStore, kind?: OverrideKind, name?: string): void {
  if (!kind) for (const each of KINDS) store[each].clear();
  else if (name === undefined) store[kind].clear();
  else store[kind].delete(name);
}
