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

/** The kinds of entity a holdout lists, by the name of its list. */
type HeldKind = 'gates' | 'experiments' | 'params';

/** The holdouts that cover an entity, in ruleset order (none: an empty list). */
type HoldoutLookup = (kind: HeldKind, name: string) => readonly CompiledHoldout[];

/** Compiles every holdout and files it under each entity it lists. */
export function holdoutMembership(ruleset: RulesetInput): HoldoutLookup {
  // Keyed `kind/name`: no kind contains a `/`, so two different entities never share a key.
  const lists = new Map<string, CompiledHoldout[]>();
  for (const [name, holdout] of entriesOf(ruleset.holdouts)) {
    const compiled: CompiledHoldout = {
      name,
      _unitName: holdout.unit ?? DEFAULT_UNIT,
      _hashPrefix: prepareSalt(holdout.salt ?? holdoutSalt(name)),
      _bucketLimit: percentToThreshold(holdout.percent),
    };
    for (const kind of ['gates', 'experiments', 'params'] as const) {
      for (const entity of holdout[kind] ?? []) fileUnder(lists, `${kind}/${entity}`, compiled);
    }
  }
  return (kind, name) => lists.get(`${kind}/${name}`) ?? [];
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
      fileUnder(slots, entry.experiment, {
        _unitName: unit,
        _hashPrefix: prefix,
        _startBucket: start,
        _endBucket: end,
        _slotLayer: name,
      });
      start = end;
    }
  }
  return slots;
}

/** Appends `item` to the list under `key`, once: a holdout that lists an entity twice still covers it once. */
function fileUnder<T>(lists: Map<string, T[]>, key: string, item: T): void {
  const list = lists.get(key);
  if (list === undefined) lists.set(key, [item]);
  else if (!list.includes(item)) list.push(item);
}
