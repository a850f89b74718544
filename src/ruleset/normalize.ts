/**
 * Fills the defaults of a ruleset (defaults.ts holds them): `parseRuleset`
 * validates and then calls {@link normalizeRuleset}; an app that trusts its
 * ruleset calls it directly. It must not import the validator, so
 * the browser's lite bundle stays small.
 */
import { copyJson, copyJsonObject, mapValues } from './copy-json.js';
import { DEFAULT_UNIT, EVERYONE_PERCENT, entriesOf, holdoutSalt, layerSalt } from './defaults.js';
import type {
  DynamicParamInput,
  ExperimentInput,
  GateInput,
  GateRuleInput,
  HoldoutInput,
  LayerInput,
  ParamRuleInput,
  RulesetInput,
  SegmentInput,
  TargetingInput,
} from './input.js';
import type {
  DynamicParam,
  Experiment,
  Gate,
  GateRule,
  Holdout,
  Layer,
  ParamRule,
  Ruleset,
  Segment,
  Targeting,
} from './types.js';

/** The input types live in input.ts; they are re-exported here, next to the function that takes them. */
export type {
  RulesetInput,
  GateInput,
  GateRuleInput,
  ExperimentInput,
  VariantInput,
  LayerInput,
  LayerSlotInput,
  HoldoutInput,
  DynamicParamInput,
  ParamRuleInput,
  SegmentInput,
  TargetingInput,
} from './input.js';

/**
 * Fills every default of a ruleset the app trusts (the defaults of defaults.ts); no validation.
 * The result shares no objects with `input`, and `input` is not modified.
 */
export function normalizeRuleset(input: RulesetInput): Ruleset {
  const layerOf = layerMembership(input.layers);
  const ruleset: Ruleset = {
    version: 1,
    gates: mapValues(input.gates, normalizeGate),
    experiments: mapValues(input.experiments, (experiment, key) => normalizeExperiment(experiment, key, layerOf)),
    layers: mapValues(input.layers, normalizeLayer),
    holdouts: mapValues(input.holdouts, normalizeHoldout),
    params: mapValues(input.params, normalizeParam),
    segments: mapValues(input.segments, normalizeSegment),
  };
  if (input.revision !== undefined) ruleset.revision = input.revision;
  if (input.updatedAt !== undefined) ruleset.updatedAt = input.updatedAt;
  return ruleset;
}

function normalizeGate(gate: GateInput, key: string): Gate {
  const unit = gate.unit ?? DEFAULT_UNIT;
  return {
    unit,
    enabled: gate.enabled ?? true,
    salt: gate.salt ?? key,
    rules: (gate.rules ?? []).map((rule) => normalizeGateRule(rule, unit)),
  };
}

function normalizeGateRule(rule: GateRuleInput, gateUnit: string): GateRule {
  return {
    id: rule.id,
    rollout: rule.rollout ?? EVERYONE_PERCENT,
    salt: rule.salt ?? rule.id,
    unit: rule.unit ?? gateUnit,
    ...targeting(rule),
  };
}

function normalizeExperiment(experiment: ExperimentInput, key: string, layerOf: Map<string, string>): Experiment {
  const out: Experiment = {
    unit: experiment.unit ?? DEFAULT_UNIT,
    salt: experiment.salt ?? key,
    allocation: experiment.allocation ?? EVERYONE_PERCENT,
    variants: experiment.variants.map((variant) => ({
      key: variant.key,
      weight: variant.weight,
      params: variant.params === undefined ? {} : copyJsonObject(variant.params),
    })),
    status: experiment.status ?? 'running',
    ...targeting(experiment),
  };
  if (experiment.shipped !== undefined) out.shipped = experiment.shipped;
  if (experiment.startAt !== undefined) out.startAt = experiment.startAt;
  if (experiment.endAt !== undefined) out.endAt = experiment.endAt;
  if (experiment.forced !== undefined) out.forced = mapValues(experiment.forced, (ids) => ids.slice());
  // The layer's list is the source of truth; a written `layer` field is only checked by parseRuleset.
  const layer = layerOf.get(key);
  if (layer !== undefined) out.layer = layer;
  if (experiment.sticky !== undefined) out.sticky = experiment.sticky;
  return out;
}

/** Experiment key -> key of the first layer that lists it. */
function layerMembership(layers: RulesetInput['layers']): Map<string, string> {
  const layerOf = new Map<string, string>();
  for (const [layerKey, layer] of entriesOf(layers)) {
    for (const slot of layer.experiments) {
      if (!layerOf.has(slot.experiment)) layerOf.set(slot.experiment, layerKey);
    }
  }
  return layerOf;
}

function normalizeLayer(layer: LayerInput, key: string): Layer {
  return {
    unit: layer.unit ?? DEFAULT_UNIT,
    salt: layer.salt ?? layerSalt(key),
    experiments: layer.experiments.map((slot) => ({ experiment: slot.experiment, share: slot.share })),
  };
}

function normalizeHoldout(holdout: HoldoutInput, key: string): Holdout {
  return {
    unit: holdout.unit ?? DEFAULT_UNIT,
    salt: holdout.salt ?? holdoutSalt(key),
    percent: holdout.percent,
    gates: (holdout.gates ?? []).slice(),
    experiments: (holdout.experiments ?? []).slice(),
    params: (holdout.params ?? []).slice(),
  };
}

function normalizeParam(param: DynamicParamInput, key: string): DynamicParam {
  const unit = param.unit ?? DEFAULT_UNIT;
  return {
    unit,
    salt: param.salt ?? key,
    default: copyJson(param.default),
    rules: (param.rules ?? []).map((rule) => normalizeParamRule(rule, unit)),
  };
}

function normalizeParamRule(rule: ParamRuleInput, paramUnit: string): ParamRule {
  return {
    id: rule.id,
    value: copyJson(rule.value),
    rollout: rule.rollout ?? EVERYONE_PERCENT,
    salt: rule.salt ?? rule.id,
    unit: rule.unit ?? paramUnit,
    ...targeting(rule),
  };
}

function normalizeSegment(segment: SegmentInput): Segment {
  const out: Segment = { unit: segment.unit ?? DEFAULT_UNIT };
  if (segment.ids !== undefined) out.ids = segment.ids.slice();
  if (segment.when !== undefined) out.when = copyJsonObject(segment.when);
  return out;
}

/** Copies the targeting parts that are present; absent parts stay absent (not `undefined`). */
function targeting(input: TargetingInput): Targeting {
  const out: Targeting = {};
  if (input.when !== undefined) out.when = copyJsonObject(input.when);
  if (input.segments !== undefined) out.segments = input.segments.slice();
  if (input.requires !== undefined) {
    out.requires = input.requires.map((prerequisite) => ({ gate: prerequisite.gate, pass: prerequisite.pass }));
  }
  return out;
}
