/**
 * The typed shape of a parsed ruleset. These are plain types with no runtime
 * code, so the evaluation path can use them without importing the validator.
 * `parseRuleset` (src/ruleset/parse.ts) is the only producer of values of
 * these types from untrusted JSON; it fills every default shown below.
 */

/** Any JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * A MongoDB-style targeting condition (GrowthBook-compatible), e.g.
 * `{ "country": { "$in": ["US", "CA"] }, "email": { "$regex": "@acme\\.com$" } }`.
 */
export type Condition = { [key: string]: Json };

/** A percentage in [0, 100] with at most two decimals. */
export type Percent = number;

/** A rule may require another gate to pass (or to fail) before it is considered. */
export interface Prerequisite {
  /** Key of the gate that is checked first. */
  gate: string;
  /** `true`: the other gate must pass; `false`: it must fail. */
  pass: boolean;
}

/** What every targeted rule or entity can restrict on. All present parts must match. */
export interface Targeting {
  /** Condition on user attributes. */
  when?: Condition;
  /** Names of segments that must all match. */
  segments?: string[];
  /** Gates that must pass or fail first. */
  requires?: Prerequisite[];
}

/** One ordered rule of a gate. The first rule whose targeting matches decides the gate. */
export interface GateRule extends Targeting {
  /** Unique within the gate; reported as `ruleId` and part of the default salt. */
  id: string;
  /** Share of matching units that pass. Default 100. */
  rollout: Percent;
  /** Salt for this rule's bucketing. Default: the rule id. */
  salt: string;
  /** Unit attribute hashed for this rule. Default: the gate's unit. */
  unit: string;
}

/** An on/off feature gate. */
export interface Gate {
  /** Attribute of the user that is hashed. Default `userID`. */
  unit: string;
  /** Kill switch: `false` makes the gate return false for everyone (reason DISABLED). Default true. */
  enabled: boolean;
  /** Salt prefix for every rule of this gate. Default: the gate key. */
  salt: string;
  rules: GateRule[];
}

/** One variant of an experiment. */
export interface Variant {
  key: string;
  /** Share of allocated units, in percent; weights of an experiment add up to 100. */
  weight: Percent;
  /** Parameters served with this variant. */
  params: { [name: string]: Json };
}

/** Lifecycle of an experiment. */
export type ExperimentStatus = 'running' | 'stopped';

/** A weighted split of units into variants. */
export interface Experiment extends Targeting {
  unit: string;
  /** Salt for variant assignment. Default: the experiment key. */
  salt: string;
  /** Share of eligible units that enter the experiment. Default 100. */
  allocation: Percent;
  variants: Variant[];
  /** Default `running`. A stopped experiment serves `shipped` (or nothing) and logs no exposures. */
  status: ExperimentStatus;
  /** Variant served to everyone once stopped. */
  shipped?: string;
  /** ISO-8601 instants; outside the window the experiment is inactive. */
  startAt?: string;
  endAt?: string;
  /** QA allowlists: variant key -> unit ids that always get it. */
  forced?: { [variant: string]: string[] };
  /** Layer this experiment belongs to (filled from the layer's list by parseRuleset). */
  layer?: string;
  /**
   * Keep each unit's variant in the client's assignment store once assigned, through weight and allocation
   * changes (docs/bucketing.md#sticky-assignments). Absent: false, assignment is the hash alone.
   */
  sticky?: boolean;
}

/** A slice of a layer's buckets given to one experiment. */
export interface LayerSlot {
  experiment: string;
  /** Percent of the layer's buckets; slots are laid end to end in list order. */
  share: Percent;
}

/** Experiments in one layer are mutually exclusive. */
export interface Layer {
  unit: string;
  /** Salt of the layer's own bucketing. Default `<key>.layer`. */
  salt: string;
  experiments: LayerSlot[];
}

/** A share of units held back from a set of gates, experiments and parameters. */
export interface Holdout {
  unit: string;
  /** Salt of the holdout's bucketing. Default `<key>.holdout`. */
  salt: string;
  /** Percent of units held out. */
  percent: Percent;
  gates: string[];
  experiments: string[];
  params: string[];
}

/** One rule of a dynamic parameter. */
export interface ParamRule extends Targeting {
  id: string;
  value: Json;
  /** Share of matching units that get this rule's value. Default 100. */
  rollout: Percent;
  salt: string;
  unit: string;
}

/** A named JSON value with targeting rules. */
export interface DynamicParam {
  unit: string;
  salt: string;
  /** Served when no rule matches. */
  default: Json;
  rules: ParamRule[];
}

/** A reusable audience: a list of ids of one unit, a condition, or both (both must match). */
export interface Segment {
  /** Attribute whose value is looked up in `ids`. Default `userID`. */
  unit: string;
  ids?: (string | number)[];
  when?: Condition;
}

/** A complete, validated ruleset. */
export interface Ruleset {
  /** Schema version of the document. Currently 1. */
  version: 1;
  /**
   * The ruleset's revision: a string is an opaque label (an ETag, a git sha); an integer >= 0 is a number
   * that only moves forward, and a client refuses a fetched ruleset whose number is lower than the one in use.
   */
  revision?: string | number;
  /**
   * When the ruleset was published (ISO-8601 with a zone). A client refuses a fetched ruleset older than the
   * one in use, so a stale cache or a lagging replica never rolls changes back.
   */
  updatedAt?: string;
  gates: { [key: string]: Gate };
  experiments: { [key: string]: Experiment };
  layers: { [key: string]: Layer };
  holdouts: { [key: string]: Holdout };
  params: { [key: string]: DynamicParam };
  segments: { [key: string]: Segment };
}
