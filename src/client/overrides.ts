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

/** Merges new overrides over the existing ones. */
export function applyOverrides(store: OverrideStore, overrides: Overrides): void {
  for (const kind of KINDS) {
    // The kind's Map and values come from the same key of Overrides; TypeScript cannot pair them through `kind`.
    for (const [name, value] of Object.entries(overrides[kind] ?? {})) (store[kind] as Map<string, unknown>).set(name, value);
  }
}

/** Removes one kind's override for `name`, one kind's overrides, or everything when called without a kind. */
export function clearOverrides(store: OverrideStore, kind?: OverrideKind, name?: string): void {
  if (!kind) for (const each of KINDS) store[each].clear();
  else if (name === undefined) store[kind].clear();
  else store[kind].delete(name);
}
