/**
 * The object `getExperiment` returns. One immutable object exists per
 * (experiment, variant, reason), built on first use and shared afterwards,
 * so reading an experiment on the hot path allocates nothing.
 */
import type { Json } from '../ruleset/types.js';
import type { VariantInput } from '../ruleset/input.js';
import type { Reason } from '../eval/types.js';

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

/** Called when `get` finds a parameter whose type differs from the fallback's. */
export type TypeMismatchReporter = (experiment: string, key: string, expected: string, actual: string) => void;

const REASONS: readonly Reason[] = [
  'TARGETING_MATCH', 'SPLIT', 'DEFAULT', 'DISABLED', 'ERROR', 'STATIC', 'HOLDOUT', 'OVERRIDE', 'NOT_ALLOCATED', 'UNIT_MISSING',
];
const NO_PARAMS: Readonly<{ [name: string]: Json }> = Object.freeze({});

/** The JSON type name used to compare a parameter with its fallback. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Builds and caches the shared result objects of one client. */
export class ExperimentResultCache {
  // Declared and assigned in the constructor (not class fields), so ES2020 bundles need no define helper.
  private declare readonly byExperiment: Map<string, (ExperimentResult | undefined)[]>;
  private declare readonly reportMismatch: TypeMismatchReporter;

  constructor(reportMismatch: TypeMismatchReporter) {
    this.byExperiment = new Map();
    this.reportMismatch = reportMismatch;
  }

  /** Forgets every cached result (the ruleset changed). */
  clear(): void {
    this.byExperiment.clear();
  }

  /** The shared result for `variantIndex` (-1 for none) in the experiment's `variants`, and `reason`. */
  get(name: string, variants: readonly VariantInput[] | undefined, variantIndex: number, reason: Reason): ExperimentResult {
    let slots = this.byExperiment.get(name);
    if (slots === undefined) {
      slots = [];
      this.byExperiment.set(name, slots);
    }
    const slot = (variantIndex + 1) * REASONS.length + REASONS.indexOf(reason);
    let result = slots[slot];
    if (result === undefined) {
      const variant = variantIndex >= 0 ? variants?.[variantIndex] : undefined;
      result = this.create(name, variant?.key ?? null, variant ? Object.freeze({ ...variant.params }) : NO_PARAMS, reason);
      slots[slot] = result;
    }
    return result;
  }

  /** A result for a variant chosen by an override (not cached: overrides are rare). */
  forOverride(name: string, variants: readonly VariantInput[] | undefined, variant: string | null): ExperimentResult {
    const found = variant === null ? undefined : variants?.find((v) => v.key === variant);
    return this.create(name, variant, found ? Object.freeze({ ...found.params }) : NO_PARAMS, 'OVERRIDE');
  }

  private create(name: string, variant: string | null, params: Readonly<{ [name: string]: Json }>, reason: Reason): ExperimentResult {
    const reportMismatch = this.reportMismatch;
    return Object.freeze({
      name,
      variant,
      params,
      reason,
      inExperiment: reason === 'SPLIT',
      get<T extends Json>(key: string, fallback: T): T {
        if (!Object.hasOwn(params, key)) return fallback;
        const value = params[key] as Json;
        const expected = jsonType(fallback);
        const actual = jsonType(value);
        if (fallback !== null && expected !== actual) {
          reportMismatch(name, key, expected, actual);
          return fallback;
        }
        return value as T;
      },
    });
  }
}
