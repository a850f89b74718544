/**
 * Local overrides for QA sessions and for users' own unit tests. They win
 * over the ruleset, report reason OVERRIDE and are never logged as exposures.
 */
import type { Json } from '../ruleset/types.js';
import { evaluate } from '../eval/evaluate.js';
import type { CompiledRuleset, CompiledState } from '../eval/compiled.js';
import { ENTITY_KINDS, resetEvalRecord, type EntityKind, type EvalRecord } from '../eval/types.js';
import { isPlainObject } from '../shared/plain-object.js';
import type { RulesetChange } from '../ruleset/changed-names.js';
import type { ExperimentName, FlagRegistry, GateName, ParamName, VariantKey } from './flag-types.js';

/** Values to force, by kind and name: with typed flags (docs/typed-flags.md), the ruleset's names and types only. */
export interface Overrides {
  gates?: { [Gate in GateName]?: boolean };
  /** Experiment → variant key (or null for "not in the experiment"). */
  experiments?: { [Experiment in ExperimentName]?: VariantKey<Experiment> | null };
  /** Parameter → its value (of its declared type with typed flags). */
  params?: {
    [Param in ParamName]?: FlagRegistry extends { params: infer P } ? (Param extends keyof P ? P[Param] : Json) : Json;
  };
}

/** The kinds of override, as `clearOverrides` names them. */
export type OverrideKind = keyof Overrides;

/** The client's current overrides by entity kind, one Map each so lookups stay cheap on the hot path. */
export type OverrideStore = { readonly [Kind in EntityKind]: Map<string, Json> };

/** An empty store. */
export function createOverrideStore(): OverrideStore {
  return { gate: new Map(), experiment: new Map(), param: new Map() };
}

/**
 * Merges new overrides over the existing ones, noting in `changed` each name whose override it changed (forced,
 * forced to another value, or released). Values are settled here, once, so every read and its details agree
 * on them (untyped callers pass anything): `undefined`, of any kind, is not forced (a property present with
 * the value undefined, as code that fills an optional property writes it: it clears an earlier override), and
 * a gate's other values count as `value === true`. A map that is no object (a string would force one entity
 * per character) and a variant that is no string or null are thrown, as text, for the client to report; what
 * was stored before stays.
 */
export function applyOverrides(store: OverrideStore, overrides: Overrides, changed: RulesetChange): void {
  for (const kind of ENTITY_KINDS) {
    const forced = overrides[`${kind}s`] ?? {};
    if (!isPlainObject(forced)) throw `${kind}s: expected an object`;
    const held = store[kind];
    for (const [name, value] of Object.entries(forced)) {
      if (value === undefined) {
        if (held.delete(name)) changed[`${kind}s`].push(name);
        continue;
      }
      // A variant is a key, or null (not in the experiment).
      if (kind === 'experiment' && value !== null && typeof value !== 'string')
        throw `experiment "${name}": expected a string or null`;
      const settled = kind === 'gate' ? value === true : (value as Json);
      if (!held.has(name) || held.get(name) !== settled) changed[`${kind}s`].push(name);
      held.set(name, settled);
    }
  }
}

/**
 * Removes one kind's override for `name`, one kind's overrides, or everything when called without a kind,
 * noting in `changed` each name released.
 */
export function clearOverrides(store: OverrideStore, changed: RulesetChange, kind?: OverrideKind, name?: string): void {
  // The kinds are named in the plural here ('gates'), as in `Overrides`.
  for (const each of kind ? [kind.slice(0, -1) as EntityKind] : ENTITY_KINDS) {
    const held = store[each];
    // As text, as reads take names (an untyped `5` clears the override `checkGate(5)` reads).
    for (const forced of name === undefined || !kind ? [...held.keys()] : [String(name)])
      if (held.delete(forced)) changed[`${each}s`].push(forced);
  }
}

/**
 * The evaluator (`next`, by default the pure one) with the overrides in `store` deciding first. A forced entity is not evaluated: no rule,
 * unit, bucket or exposure, reason OVERRIDE. The read treats its value like an evaluated one (a parameter
 * forced to a value whose JSON type differs from the read's fallback serves the fallback).
 */
export function evaluateWithOverrides(store: OverrideStore, next: typeof evaluate = evaluate): typeof evaluate {
  return (compiled, kind, name, user, nowMs, record) => {
    const forced = store[kind];
    return forced.size === 0 || !forced.has(name)
      ? next(compiled, kind, name, user, nowMs, record)
      : recordOverride(compiled, kind, name, forced.get(name) as Json, record);
  };
}

// Apart from the read above: its closure captures `value`, which would cost every read a context allocation.
function recordOverride(
  compiled: CompiledRuleset,
  kind: EntityKind,
  name: string,
  value: Json,
  record: EvalRecord,
): EvalRecord {
  resetEvalRecord(record, kind, name).reason = 'OVERRIDE';
  record.value = value;
  // A forced variant the ruleset has is served with its index (and so its params), like an evaluated one.
  if (kind === 'experiment')
    record.variantIndex =
      (compiled as CompiledState)._experimentsByName
        .get(name)
        ?._servedVariants.findIndex((variant) => variant.key === value) ?? -1;
  return record;
}
