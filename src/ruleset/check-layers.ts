/**
 * Checks layers: their slots name existing experiments, each experiment sits
 * in at most one layer and uses the layer's unit, the shares fit in 100%,
 * and an experiment's own `layer` field (if written) agrees with the layers.
 */
import { DEFAULT_UNIT } from './defaults.js';
import { formatHundredths, sumHundredths } from './percent-sum.js';
import type { SemanticContext } from './semantic-context.js';

/** Where an experiment was first placed. */
interface Placement {
  layer: string;
  index: number;
}

/** Checks every layer, then the `layer` fields of experiments. */
export function checkLayers(context: SemanticContext): void {
  const placements = new Map<string, Placement>();
  for (const layer of context.keys(['layers'])) checkLayer(context, layer, placements);
  for (const experiment of context.keys(['experiments'])) {
    const written = context.valid<string>(['experiments', experiment, 'layer']);
    if (written === undefined) continue;
    const placed = placements.get(experiment)?.layer;
    if (placed === written) continue;
    const path = ['experiments', experiment, 'layer'];
    if (placed !== undefined)
      context.issues.add(path, `the experiment is in layer ${JSON.stringify(placed)}, not ${JSON.stringify(written)}`);
    else if (!context.checkReference(path, written, 'layers', 'layer'))
      context.issues.add(path, `layer ${JSON.stringify(written)} does not list this experiment`);
  }
}

function checkLayer(context: SemanticContext, layer: string, placements: Map<string, Placement>): void {
  const base = ['layers', layer];
  const layerUnit = context.isSound([...base, 'unit'])
    ? (context.valid<string>([...base, 'unit']) ?? DEFAULT_UNIT)
    : undefined;
  const shares: number[] = [];
  const slots = context.items([...base, 'experiments']);
  for (const index of slots) {
    const share = context.valid<number>([...base, 'experiments', index, 'share']);
    if (share !== undefined) shares.push(share);
    const path = [...base, 'experiments', index, 'experiment'];
    const experiment = context.valid<string>(path);
    if (experiment === undefined) continue;
    if (context.checkReference(path, experiment, 'experiments', 'experiment')) continue;
    const placed = placements.get(experiment);
    if (placed !== undefined) {
      const where =
        placed.layer === layer ? `this layer (experiments[${placed.index}])` : `layer ${JSON.stringify(placed.layer)}`;
      context.issues.add(
        path,
        `experiment ${JSON.stringify(experiment)} is already in ${where}; an experiment belongs to at most one layer`,
      );
      continue;
    }
    placements.set(experiment, { layer, index });
    const unit = experimentUnit(context, experiment);
    if (layerUnit !== undefined && unit !== undefined && unit !== layerUnit) {
      context.issues.add(
        path,
        `experiment ${JSON.stringify(experiment)} uses unit ${JSON.stringify(unit)}, but the layer's unit is ${JSON.stringify(layerUnit)}`,
      );
    }
  }
  if (slots.length > 0 && shares.length === slots.length) {
    const total = sumHundredths(shares);
    if (total > 10000)
      context.issues.add([...base, 'experiments'], `shares add up to ${formatHundredths(total)}, more than 100`);
  }
}

/** The experiment's unit with its default, or undefined when it cannot be read. */
function experimentUnit(context: SemanticContext, experiment: string): string | undefined {
  const path = ['experiments', experiment];
  if (!context.isObjectAt(path) || !context.isSound([...path, 'unit'])) return undefined;
  return context.valid<string>([...path, 'unit']) ?? DEFAULT_UNIT;
}
