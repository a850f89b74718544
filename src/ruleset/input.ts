/**
 * The ruleset as written in JSON: the same entities as the normalized
 * {@link Ruleset}, but every field that has a default may be left out.
 * Plain types only, so the browser's lite path can use them without the
 * validator. `normalizeRuleset` turns one of these into a {@link Ruleset}.
 */
import type { Condition, ExperimentStatus, Json, Percent, Prerequisite, Ruleset } from './types.js';

/** Targeting as written: every part is optional. */
export interface TargetingInput {
  /** Condition on user attributes. */
  when?: Condition;
  /** Names of segments that must all match. */
  segments?: string[];
  /** Gates that must pass or fail first. */
  requires?: Prerequisite[];
}

/** A gate rule as written. */
export interface GateRuleInput extends TargetingInput {
  /** Unique within the gate. */
  id: string;
  /** Default 100. */
  rollout?: Percent;
  /** Default: the rule id. */
  salt?: string;
  /** Default: the gate's unit. */
  unit?: string;
}

/** A gate as written. */
export interface GateInput {
  /** Default `userID`. */
  unit?: string;
  /** Default `true`. */
  enabled?: boolean;
  /** Default: the gate key. */
  salt?: string;
  /** Default `[]` (the gate fails for everyone). */
  rules?: GateRuleInput[];
}

/** A variant as written. */
export interface VariantInput {
  key: string;
  weight: Percent;
  /** Default `{}`. */
  params?: { [name: string]: Json };
}

/** An experiment as written. */
export interface ExperimentInput extends TargetingInput {
  /** Default `userID`. */
  unit?: string;
  /** Default: the experiment key. */
  salt?: string;
  /** Default 100. */
  allocation?: Percent;
  variants: VariantInput[];
  /** Default `running`. */
  status?: ExperimentStatus;
  shipped?: string;
  startAt?: string;
  endAt?: string;
  forced?: { [variant: string]: string[] };
  /**
   * Derived from the layer that lists the experiment. It may be written (so a
   * normalized ruleset can be parsed again) but must then name that layer.
   */
  layer?: string;
  /** Default false. Keeps each unit's first variant in a store the client is given (docs/bucketing.md#sticky-assignments). */
  sticky?: boolean;
}

/** A layer slot as written. */
export interface LayerSlotInput {
  experiment: string;
  share: Percent;
}

/** A layer as written. */
export interface LayerInput {
  /** Default `userID`. */
  unit?: string;
  /** Default `<key>.layer`. */
  salt?: string;
  experiments: LayerSlotInput[];
}

/** A holdout as written. */
export interface HoldoutInput {
  /** Default `userID`. */
  unit?: string;
  /** Default `<key>.holdout`. */
  salt?: string;
  percent: Percent;
  /** Default `[]`. */
  gates?: string[];
  /** Default `[]`. */
  experiments?: string[];
  /** Default `[]`. */
  params?: string[];
}

/** A parameter rule as written. */
export interface ParamRuleInput extends TargetingInput {
  id: string;
  value: Json;
  /** Default 100. */
  rollout?: Percent;
  /** Default: the rule id. */
  salt?: string;
  /** Default: the parameter's unit. */
  unit?: string;
}

/** A dynamic parameter as written. */
export interface DynamicParamInput {
  /** Default `userID`. */
  unit?: string;
  /** Default: the parameter key. */
  salt?: string;
  default: Json;
  /** Default `[]`. */
  rules?: ParamRuleInput[];
}

/** A segment as written. */
export interface SegmentInput {
  /** Default `userID`. */
  unit?: string;
  ids?: (string | number)[];
  when?: Condition;
}

/** A whole ruleset document as written; see {@link Ruleset} for the normalized form. */
export interface RulesetInput {
  /** Default 1, the only version. */
  version?: 1;
  /** A label (string), or a number that only moves forward; see {@link Ruleset.revision}. */
  revision?: string | number;
  /** ISO-8601 with a zone; see {@link Ruleset.updatedAt}. */
  updatedAt?: string;
  gates?: { [key: string]: GateInput };
  experiments?: { [key: string]: ExperimentInput };
  layers?: { [key: string]: LayerInput };
  holdouts?: { [key: string]: HoldoutInput };
  params?: { [key: string]: DynamicParamInput };
  segments?: { [key: string]: SegmentInput };
}
