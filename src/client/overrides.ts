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

/** The client's current overrides, one Map per kind so lookups stay cheap on the hot path. */
export class OverrideStore {
  // Declared and assigned in the constructor (not class fields), so ES2020 bundles need no define helper.
  declare readonly gates: Map<string, boolean>;
  declare readonly experiments: Map<string, string | null>;
  declare readonly params: Map<string, Json>;

  constructor() {
    this.gates = new Map();
    this.experiments = new Map();
    this.params = new Map();
  }

  /** Merges new overrides over the existing ones. */
  apply(overrides: Overrides): void {
    for (const [name, value] of Object.entries(overrides.gates ?? {})) this.gates.set(name, value);
    for (const [name, value] of Object.entries(overrides.experiments ?? {})) this.experiments.set(name, value);
    for (const [name, value] of Object.entries(overrides.params ?? {})) this.params.set(name, value);
  }

  /** Removes one kind's override for `name`, or everything when called without arguments. */
  clear(kind?: 'gates' | 'experiments' | 'params', name?: string): void {
    if (!kind) {
      this.gates.clear();
      this.experiments.clear();
      this.params.clear();
    } else if (name === undefined) this[kind].clear();
    else this[kind].delete(name);
  }
}
