/**
 * The precompiled form the evaluator reads. Everything that can be worked out
 * without a user is worked out once, in compileRuleset: conditions are
 * closures, percentages integer thresholds, salts prepared for hashing,
 * references resolved to objects, and each entity knows its holdouts.
 */
import type { Json } from '../ruleset/types.js';
import type { RulesetInput } from '../ruleset/input.js';
import type { Attributes, ConditionFn } from './conditions/index.js';
import type { HashPrefix } from './hasher.js';

/** A ruleset ready for evaluation. Opaque: only `ruleset` is meant to be read. */
export interface CompiledRuleset {
  /** The ruleset this was compiled from, as given (variants' params are read from it). */
  readonly ruleset: RulesetInput;
  /**
   * Whether any experiment has a schedule, i.e. whether evaluation reads `nowMs`. Callers pass 0
   * otherwise: a current time in ms is not a small integer, and passing one boxes a number per call.
   */
  readonly usesTime: boolean;
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
  readonly unit: string;
  readonly prefix: HashPrefix;
  readonly threshold: number;
}

/** A gate rule or parameter rule: targeting plus a rollout on one unit, and the value it serves. */
export interface CompiledRule {
  readonly id: string;
  readonly targeting: CompiledTargeting;
  readonly unit: string;
  readonly prefix: HashPrefix;
  /** Buckets that pass; 10000 means everyone and needs no hash. */
  readonly threshold: number;
  /** What the rule serves: `true` for a gate rule, the rule's value for a parameter rule. */
  readonly value: Json;
}

/** Fields every compiled entity has. */
export interface CompiledEntity {
  readonly name: string;
  /** Set when the ruleset is inconsistent for this entity (dangling reference, bad weights, …): evaluation reports ERROR. */
  readonly problem: string | undefined;
  readonly holdouts: readonly CompiledHoldout[];
}

/**
 * A gate, or a dynamic parameter: both are evaluated the same way (rules.ts),
 * and one object shape keeps that code monomorphic. A gate serves `true` from
 * its rules and `false` by default; a parameter is always enabled. Rules are
 * filled after every gate exists, so prerequisites can point at any gate.
 */
export interface CompiledGate extends CompiledEntity {
  readonly enabled: boolean;
  readonly defaultValue: Json;
  readonly rules: readonly CompiledRule[];
}

/** Buckets [start, end) of one unit's hash that a unit must fall in to enter an experiment. */
export interface CompiledWindow {
  readonly unit: string;
  readonly prefix: HashPrefix;
  readonly start: number;
  readonly end: number;
}

/** An experiment's slot in its layer: a window on the layer's hash. */
export interface CompiledLayerSlot extends CompiledWindow {
  readonly layer: string;
}

/** An experiment. */
export interface CompiledExperiment extends CompiledEntity {
  readonly stopped: boolean;
  /** Index of the shipped variant, or -1. */
  readonly shippedIndex: number;
  /** Whether a schedule applies; the window is [startMs, endMs). */
  readonly scheduled: boolean;
  readonly startMs: number;
  readonly endMs: number;
  /** Unit id → variant index, from the QA allowlists. */
  readonly forced: ReadonlyMap<string, number>;
  readonly targeting: CompiledTargeting;
  readonly unit: string;
  /** The layer whose slot the experiment has, if any. */
  readonly layer: string | undefined;
  /** Windows the unit must fall in, in order: the layer slot, then the allocation (absent when it is everyone). */
  readonly windows: readonly CompiledWindow[];
  readonly variantPrefix: HashPrefix;
  /** Cumulative variant thresholds; the last one is 10000. */
  readonly variantEnds: readonly number[];
  readonly variantKeys: readonly string[];
}

/** A dynamic parameter: a {@link CompiledGate} that is always enabled and serves JSON values. */
export type CompiledParam = CompiledGate;

/** The full internal form behind a {@link CompiledRuleset}. */
export interface CompiledState extends CompiledRuleset {
  readonly gates: ReadonlyMap<string, CompiledGate>;
  readonly experiments: ReadonlyMap<string, CompiledExperiment>;
  readonly params: ReadonlyMap<string, CompiledParam>;
}
