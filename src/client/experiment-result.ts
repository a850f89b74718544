/**
 * The object `getExperiment` returns. One immutable object exists per
 * (experiment, variant, reason), built on first use and shared afterwards,
 * so reading an experiment on the hot path allocates nothing. (Only an
 * override to a variant the ruleset lacks gets a new object per read.)
 */
import type { Json } from '../ruleset/types.js';
import type { CompiledRuleset, CompiledState } from '../eval/compiled.js';
import type { Reason } from '../eval/types.js';
import { SplitkitError } from '../errors/index.js';
import { jsonTypeOf } from '../eval/conditions/type-exists.js';
import type { Reporter } from './reporter.js';
import { safeText } from './safe-text.js';
import type { VariantKey, VariantParamGetter } from './flag-types.js';

/**
 * A user's assignment in one experiment. `N` is the experiment's name: with [typed flags](../../docs/typed-flags.md)
 * it types `variant` and `get`; without them both are as loose as the ruleset JSON.
 */
export interface ExperimentResult<N extends string = string> {
  /** Experiment key. */
  readonly name: N;
  /** The variant key, or null when the user is not in the experiment. */
  readonly variant: VariantKey<N> | null;
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
  readonly get: VariantParamGetter<N>;
}

/**
 * The shared result of experiment `name` for `variant` (null for none), at `variantIndex` in its variants
 * (-1 when there is none, or when an override forced a variant the ruleset lacks), and `reason`.
 */
export type ExperimentResults = (
  name: string,
  variantIndex: number,
  variant: string | null,
  reason: Reason,
) => ExperimentResult;

/** The parameters of an experiment's variant that the compiled ruleset lacks (a values bootstrap's). */
export type VariantParams = (name: string, variantIndex: number) => { [name: string]: Json } | undefined;

/**
 * Why `value` cannot stand in for `fallback` (`is string, the fallback is number`),
 * or undefined when their JSON types agree. A null fallback accepts any value.
 */
export function typeMismatch(value: unknown, fallback: Json): string | undefined {
  const expected = jsonTypeOf(fallback);
  const actual = jsonTypeOf(value);
  return expected === actual || fallback === null ? undefined : `is ${actual}, the fallback is ${expected}`;
}

/**
 * Builds and caches the shared result objects of one compiled ruleset (a new ruleset gets a new cache),
 * with the params of its variants (`otherParams` for an experiment the ruleset lacks); type mismatches in
 * `get` go to `reporter`.
 */
export function createExperimentResults(
  compiled: CompiledRuleset,
  reporter: Reporter,
  otherParams?: VariantParams,
): ExperimentResults {
  // Experiment → results by variant index + 1 (slot 0: no variant) → by reason: a read indexes straight to
  // its result without allocating.
  const byExperiment = new Map<string, { [reason: string]: ExperimentResult }[]>();

  // Apart from the cached lookup: its closures capture the name and variant, which would otherwise cost
  // the lookup a context allocation on every read. An arrow, not a function declaration: 3 bytes fewer in (a).
  const create = (name: string, variantIndex: number, variant: string | null, reason: Reason): ExperimentResult => {
    let params: Readonly<{ [name: string]: Json }>;
    try {
      const experiment = (compiled as CompiledState)._experimentsByName.get(name);
      params = Object.freeze({
        ...(experiment ? experiment._servedVariants[variantIndex]?.params : otherParams?.(name, variantIndex)),
      });
    } catch (error) {
      // Params a trusted ruleset (or a values bootstrap) holds are read here first, and may throw (a getter, a
      // Proxy): the read serves the error result, as for any failure. Cached like any result: reported once.
      reporter._report(
        new SplitkitError('GENERAL', `experiment "${name}": variant "${variant}": params: ${safeText(error)}`, {
          cause: error,
        }),
      );
      params = {};
      variant = null;
      reason = 'ERROR';
    }
    return Object.freeze({
      name,
      variant,
      params,
      reason,
      inExperiment: reason === 'SPLIT',
      get<T extends Json>(key: string, fallback: T): T {
        try {
          const value = Object.hasOwn(params, key) ? (params[key] as T) : fallback;
          const mismatch = typeMismatch(value, fallback);
          if (mismatch === undefined) return value;
          reporter._report(
            new SplitkitError('TYPE_MISMATCH', `experiment "${name}": param "${key}" ${mismatch}`),
            `type:${name}:${key}`,
          );
        } catch (error) {
          // A key or fallback of an untyped caller that no check can look at (a revoked Proxy): the fallback.
          reporter._report(
            new SplitkitError('GENERAL', `experiment "${name}": get: ${safeText(error)}`, { cause: error }),
          );
        }
        return fallback;
      },
    });
  };

  return (name, variantIndex, variant, reason) => {
    // A variant without an index was forced by an override to a variant the ruleset does not have (QA,
    // tests): built for each read, not cached.
    if (variantIndex < 0 && variant !== null) return create(name, variantIndex, variant, reason);
    let slots = byExperiment.get(name);
    if (slots === undefined) byExperiment.set(name, (slots = []));
    // Spelled without `??=`, which ES2020 bundles lower to temporaries.
    let slot = slots[variantIndex + 1];
    if (slot === undefined) slots[variantIndex + 1] = slot = {};
    return slot[reason] ?? (slot[reason] = create(name, variantIndex, variant, reason));
  };
}
