/**
 * Where entities sit in holdouts and layers, worked out once per ruleset:
 * each entity gets the list of holdouts that cover it, each experiment its
 * layer slot.
 */
import type { RulesetInput } from '../ruleset/input.js';
import { DEFAULT_UNIT, entriesOf, holdoutSalt, layerSalt } from '../ruleset/defaults.js';
import type { CompiledHoldout, CompiledLayerSlot } from './compiled.js';
import { prepareSalt } from './hasher.js';
import { percentToThreshold } from './threshold.js';

/** Entity name → the holdouts that cover it, in ruleset order, per kind of entity. */
export interface HoldoutMembership {
  readonly gates: ReadonlyMap<string, CompiledHoldout[]>;
  readonly experiments: ReadonlyMap<string, CompiledHoldout[]>;
  readonly params: ReadonlyMap<string, CompiledHoldout[]>;
}

/** Compiles every holdout and files it under each entity it lists. */
export function holdoutMembership(ruleset: RulesetInput): HoldoutMembership {
  const byKind = { gates: new Map<string, CompiledHoldout[]>(), experiments: new Map<string, CompiledHoldout[]>(), params: new Map<string, CompiledHoldout[]>() };
  for (const [name, holdout] of entriesOf(ruleset.holdouts)) {
    const unit = holdout.unit ?? DEFAULT_UNIT;
    const compiled: CompiledHoldout = { name, unit, prefix: prepareSalt(holdout.salt ?? holdoutSalt(name)), threshold: percentToThreshold(holdout.percent) };
    for (const kind of ['gates', 'experiments', 'params'] as const) {
      for (const entity of holdout[kind] ?? []) {
        const list = byKind[kind].get(entity);
        if (list === undefined) byKind[kind].set(entity, [compiled]);
        else if (!list.includes(compiled)) list.push(compiled);
      }
    }
  }
  return byKind;
}

/**
 * Experiment name → its slot(s); more than one means several layers list it.
 * Slots are laid end to end in list order, each `round(share * 100)` buckets
 * wide, so appending a slot never moves the units of earlier ones.
 */
export function layerSlots(ruleset: RulesetInput): Map<string, CompiledLayerSlot[]> {
  const slots = new Map<string, CompiledLayerSlot[]>();
  for (const [name, layer] of entriesOf(ruleset.layers)) {
    const unit = layer.unit ?? DEFAULT_UNIT;
    const prefix = prepareSalt(layer.salt ?? layerSalt(name));
    let start = 0;
    for (const entry of layer.experiments) {
      const end = start + percentToThreshold(entry.share);
      const slot: CompiledLayerSlot = { layer: name, unit, prefix, start, end };
      const list = slots.get(entry.experiment);
      if (list === undefined) slots.set(entry.experiment, [slot]);
      else list.push(slot);
      start = end;
    }
  }
  return slots;
}
