/**
 * The precompiled form the evaluator reads. Everything that can be worked out
 * without a user is worked out once, in compileRuleset: conditions are
 * closures, percentages integer thresholds, salts prepared for hashing,
 * references resolved to objects, and each entity knows its holdouts.
 */
import type { Json } from '../ruleset/types.js';
import type { Attributes, ConditionFn } from './conditions/index.js';
import type { HashPrefix } from './hasher.js';
import type { EvalRecord } from './types.js';
import type { VariantInput } from '../ruleset/input.js';

/**
 * A ruleset ready for evaluation. Opaque to callers; the client reads whether it uses the time, and the
 * variants of an experiment (through the full form below) for results and overrides.
 */
export interface CompiledRuleset {
  /**
   * Whether any experiment has a schedule, i.e. whether evaluation reads `nowMs`. Callers pass 0
   * otherwise: a current time in ms is not a small integer, and passing one boxes a number per call.
   * (Left out of the published types: internal, and its `_` name is shortened in the build.)
   * @internal
   */
  readonly _usesTime: boolean;
}

/**
 * A segment compiled to one test of the user: the user's id for the segment's
 * unit is in its id list (if it has one) and its condition holds (if it has one).
 */
export type CompiledSegment = ConditionFn;

/**
 * One part of compiled targeting: a test of the user. Prerequisites also read
 * the compiled ruleset and how deep in prerequisites the evaluation is (the
 * tests of conditions and segments ignore both).
 */
export type TargetingTest = (user: Attributes, state: CompiledState, depth: number) => boolean;

/**
 * Targeting with every reference resolved: its condition (if any), then its
 * segments, then its prerequisites, in that order. All must pass.
 */
export type CompiledTargeting = readonly TargetingTest[];

/** A holdout as seen from one of the entities it covers. */
export interface CompiledHoldout {
  readonly name: string;
  readonly _unitName: string;
  readonly _hashPrefix: HashPrefix;
  /** Buckets below this are held out; 0 holds out no one. */
  readonly _bucketLimit: number;
}

/** A gate rule or parameter rule: targeting plus a rollout on one unit, and the value it serves. */
export interface CompiledRule {
  readonly id: string;
  readonly _targetingTests: CompiledTargeting;
  readonly _unitName: string;
  readonly _hashPrefix: HashPrefix;
  /** Buckets that pass; 10000 means everyone and needs no hash. */
  readonly _bucketLimit: number;
  /** What the rule serves: `true` for a gate rule, the rule's value for a parameter rule. */
  readonly _value: Json;
}

/** Fields every compiled entity has. */
export interface CompiledEntity {
  readonly name: string;
  /** Set when the ruleset is inconsistent for this entity (dangling reference, bad weights, …): evaluation reports ERROR. */
  readonly _inconsistency: string | undefined;
  readonly _holdouts: readonly CompiledHoldout[];
}

/**
 * A gate, or a dynamic parameter: both are evaluated the same way (rules.ts),
 * and one object shape keeps that code monomorphic. A gate serves `true` from
 * its rules and `false` by default; a parameter is always enabled. Rules are
 * filled after every gate exists, so prerequisites can point at any gate.
 */
export interface CompiledGate extends CompiledEntity {
  readonly _enabled: boolean;
  readonly _defaultValue: Json;
  readonly _rules: readonly CompiledRule[];
}

/** Buckets [startBucket, endBucket) of one unit's hash that a unit must fall in to enter an experiment. */
export interface CompiledWindow {
  readonly _unitName: string;
  readonly _hashPrefix: HashPrefix;
  readonly _startBucket: number;
  readonly _endBucket: number;
}

/** An experiment's slot in its layer: a window on the layer's hash. */
export interface CompiledLayerSlot extends CompiledWindow {
  readonly _slotLayer: string;
}

/** An experiment. */
export interface CompiledExperiment extends CompiledEntity {
  readonly _isStopped: boolean;
  /** Index of the shipped variant, or -1. */
  readonly _shippedIndex: number;
  /** Whether a schedule applies; the window is [startMs, endMs). */
  readonly _scheduled: boolean;
  readonly _startMs: number;
  readonly _endMs: number;
  /** Unit id → variant index, from the QA allowlists. */
  readonly _forcedVariants: ReadonlyMap<string, number>;
  readonly _targetingTests: CompiledTargeting;
  readonly _unitName: string;
  /** The layer whose slot the experiment has, if any. */
  readonly _slotLayer: string | undefined;
  /** Windows the unit must fall in, in order: the layer slot, then the allocation (absent when it is everyone). */
  readonly _bucketWindows: readonly CompiledWindow[];
  readonly _variantPrefix: HashPrefix;
  /** Cumulative variant thresholds; the last one is 10000. */
  readonly _variantEnds: readonly number[];
  /** The experiment's variants as the ruleset gives them (key, weight, params). */
  readonly _servedVariants: readonly VariantInput[];
}

/** A dynamic parameter: a {@link CompiledGate} that is always enabled and serves JSON values. */
type CompiledParam = CompiledGate;

/** The full internal form behind a {@link CompiledRuleset}. */
export interface CompiledState extends CompiledRuleset {
  readonly _gatesByName: ReadonlyMap<string, CompiledGate>;
  readonly _experimentsByName: ReadonlyMap<string, CompiledExperiment>;
  readonly _paramsByName: ReadonlyMap<string, CompiledParam>;
  /** Where prerequisites are decided: filled and never read, so that deciding needs no "is there a record" checks. */
  readonly _scratchRecord: EvalRecord;
  /** Set on a stand-in for a rejected ruleset: why it was rejected, the message of every unknown name. */
  readonly _rejection: string | undefined;
}
