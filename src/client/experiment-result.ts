/**
 * The object `getExperiment` returns. One immutable object exists per
 * (experiment, variant, reason), built on first use and shared afterwards,
 * so reading an experiment on the hot path allocates nothing.
 */
import type { Json } from '../ruleset/types.js';
import type { RulesetInput, VariantInput } from '../ruleset/input.js';
import type { Reason } from '../eval/types.js';
import type { Reporter } from './reporter.js';

/** A user's assignment in one experiment. */
export interface ExperimentResult {
  /** Experiment key. */
  readonly name: string;
  /** The variant key, or null when the user is not in the experiment. */
  readonly variant: string | null;
  /** The variant's parameters (empty when there is no variant). */
  readonly params: Readonly<{ [name: string]: Json }>;
  readonly reason: Reason;
  /** True when the variant came from the experiment's split (the user counts in its analysis). */
  readonly inExperiment: boolean;
  /**
   * The variant's parameter `key`, or `fallback` when there is no variant, no
   * such parameter, or the parameter's JSON type differs from the fallback's
   * (a type mismatch is also reported through `onError`).
   */
  get<T extends Json>(key: string, fallback: T): T;
}

/** The shared result objects of one client. */
export interface ExperimentResults {
  /** The shared result for the variant at `variantIndex` (-1 for none) of experiment `name` in `ruleset`, and `reason`. */
  get(ruleset: RulesetInput, name: string, variantIndex: number, reason: Reason): ExperimentResult;
  /** A result for a variant chosen by an override (not cached: overrides are rare). */
  forOverride(ruleset: RulesetInput, name: string, variant: string | null): ExperimentResult;
  /** Forgets every cached result (the ruleset changed). */
  clear(): void;
}

const NO_PARAMS: Readonly<{ [name: string]: Json }> = Object.freeze({});

/** The JSON type name used to compare a value with its fallback. */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Why `value` cannot stand in for `fallback` (`is string, the fallback is number`),
 * or undefined when their JSON types agree. A null fallback accepts any value.
 */
export function typeMismatch(value: unknown, fallback: Json): string | undefined {
  if (fallback === null) return undefined;
  const expected = jsonType(fallback);
  const actual = jsonType(value);
  return expected === actual ? undefined : `is ${actual}, the fallback is ${expected}`;
}

/** The experiment's variants; own keys only, so a name like "__proto__" cannot reach Object.prototype. */
function variantsOf(ruleset: RulesetInput, name: string): readonly VariantInput[] | undefined {
  const experiments = ruleset.experiments;
  return experiments !== undefined && Object.hasOwn(experiments, name) ? experiments[name]?.variants : undefined;
}

/** Builds and caches the shared result objects of one client; type mismatches in `get` go to `reporter`. */
export function createExperimentResults(reporter: Reporter): ExperimentResults {
  // Experiment → reason → results by variant index + 1 (slot 0: no variant).
  const byExperiment = new Map<string, { [reason in Reason]?: (ExperimentResult | undefined)[] }>();

  function create(name: string, variant: string | null, found: VariantInput | undefined, reason: Reason): ExperimentResult {
    const params = found ? Object.freeze({ ...found.params }) : NO_PARAMS;
    return Object.freeze({
      name,
      variant,
      params,
      reason,
      inExperiment: reason === 'SPLIT',
      get<T extends Json>(key: string, fallback: T): T {
        if (!Object.hasOwn(params, key)) return fallback;
        const value = params[key] as T;
        const mismatch = typeMismatch(value, fallback);
        if (mismatch === undefined) return value;
        reporter.problem('TYPE_MISMATCH', `experiment "${name}" param "${key}" ${mismatch}; serving the fallback`, `type:${name}:${key}`);
        return fallback;
      },
    });
  }

  return {
    get(ruleset, name, variantIndex, reason) {
      let byReason = byExperiment.get(name);
      if (byReason === undefined) {
        byReason = {};
        byExperiment.set(name, byReason);
      }
      const slots = (byReason[reason] ??= []);
      let result = slots[variantIndex + 1];
      if (result === undefined) {
        // Looked up only when the result is first built: cached reads do no work per variant.
        const found = variantIndex >= 0 ? variantsOf(ruleset, name)?.[variantIndex] : undefined;
        result = create(name, found?.key ?? null, found, reason);
        slots[variantIndex + 1] = result;
      }
      return result;
    },
    forOverride(ruleset, name, variant) {
      return create(name, variant, variant === null ? undefined : variantsOf(ruleset, name)?.find((v) => v.key === variant), 'OVERRIDE');
    },
    clear() {
      byExperiment.clear();
    },
  };
}
