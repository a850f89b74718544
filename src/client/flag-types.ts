/**
 * Typed flags. `FlagRegistry` is empty here, so every name is a `string` and
 * every value is typed by its fallback. `splitkit types ruleset.json --out
 * flags.d.ts` writes a module augmentation that fills it in from a ruleset;
 * with that file in the program, names outside the ruleset are compile
 * errors and reads carry the ruleset's value types.
 */
import type { Json } from '../ruleset/types.js';

/**
 * The gates, experiments and parameters of the app's ruleset, as `splitkit types` declares them:
 * `{ gates: { [name]: true }; experiments: { [name]: { variant: 'a' | 'b'; params: { … } } }; params: { [name]: type } }`.
 * Empty unless augmented.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by module augmentation from generated declarations.
export interface FlagRegistry {}

/** A gate's name: any string, or the ruleset's gate names once declared. */
export type GateName = FlagRegistry extends { gates: infer G } ? Extract<keyof G, string> : string;

/** An experiment's name: any string, or the ruleset's experiment names once declared. */
export type ExperimentName = FlagRegistry extends { experiments: infer E } ? Extract<keyof E, string> : string;

/** A parameter's name: any string, or the ruleset's parameter names once declared. */
export type ParamName = FlagRegistry extends { params: infer P } ? Extract<keyof P, string> : string;

/**
 * The fallback a read of parameter `N` takes: its declared type or `null` (a `null` fallback takes a value of
 * any JSON type, the one way to read a parameter declared with several), or `T` (the fallback's type) when
 * undeclared.
 */
export type ParamValue<N extends string, T extends Json> = FlagRegistry extends { params: infer P }
  ? N extends keyof P
    ? P[N] | Extract<T, null>
    : T
  : T;

/**
 * What a read of parameter `N` with a fallback of type `T` returns: its declared type (or `null` too, for a
 * `null` fallback: served when the ruleset in use lacks the parameter), or `T` when undeclared, except that a
 * `null` fallback takes a value of any JSON type (nothing can mismatch it), so that read returns any JSON value.
 */
export type ParamRead<N extends string, T extends Json> = FlagRegistry extends { params: infer P }
  ? N extends keyof P
    ? P[N] | Extract<T, null>
    : FallbackRead<T>
  : FallbackRead<T>;

/** What a read typed by its fallback returns: the fallback's type, or any JSON value for a `null` fallback. */
export type FallbackRead<T extends Json> = [T] extends [null] ? Json : T;

/** The declared variant keys of experiment `N`, or `string` when undeclared. */
export type VariantKey<N extends string> = FlagRegistry extends { experiments: infer E }
  ? N extends keyof E
    ? E[N] extends { variant: infer V }
      ? V
      : string
    : string
  : string;

/** Whether experiment `N` is declared by generated flag types. */
export type IsDeclaredExperiment<N extends string> = FlagRegistry extends { experiments: infer E }
  ? N extends keyof E
    ? true
    : false
  : false;

/**
 * `ExperimentResult.get`: typed by the declared variant parameters of experiment `N` (a `null` fallback too,
 * which takes any JSON type, the read then being the declared type or `null`), or by the fallback (any key,
 * any JSON) when `N` is undeclared.
 */
export type VariantParamGetter<N extends string> =
  IsDeclaredExperiment<N> extends true
    ? <K extends Extract<keyof VariantParams<N>, string>, T extends Json = Json>(
        key: K,
        fallback: VariantParams<N>[K] | Extract<T, null>,
      ) => VariantParams<N>[K] | Extract<T, null>
    : <T extends Json>(key: string, fallback: T) => FallbackRead<T>;

/** The declared parameters of experiment `N`'s variants (name → type), or an open record when undeclared. */
export type VariantParams<N extends string> = FlagRegistry extends { experiments: infer E }
  ? N extends keyof E
    ? E[N] extends { params: infer P }
      ? P
      : { [key: string]: Json }
    : { [key: string]: Json }
  : { [key: string]: Json };
