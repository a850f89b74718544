/** Checks that every holdout holds back gates, experiments and parameters that exist. */
import type { EntityMap, SemanticContext } from './semantic-context.js';

const TARGETS: readonly [EntityMap, string][] = [
  ['gates', 'gate'],
  ['experiments', 'experiment'],
  ['params', 'parameter'],
];

/** Reports holdout targets that name nothing. */
export function checkHoldouts(context: SemanticContext): void {
  for (const holdout of context.keys(['holdouts'])) {
    for (const [map, what] of TARGETS) {
      for (const index of context.items(['holdouts', holdout, map])) {
        const path = ['holdouts', holdout, map, index];
        const name = context.valid<string>(path);
        if (name !== undefined) context.checkReference(path, name, map, what);
      }
    }
  }
}
