/**
 * Checks each experiment on its own: unique variant keys, weights adding up
 * to exactly 100, `shipped` and `forced` naming real variants, no unit forced
 * to two variants, and a schedule that starts before it ends.
 */
import type { Path } from './issues.js';
import { formatHundredths, sumHundredths } from './percent-sum.js';
import type { SemanticContext } from './semantic-context.js';
import { didYouMean } from './suggest.js';
import { formatPath } from '../shared/zod-issues.js';

/** Checks every experiment of the ruleset. */
export function checkExperiments(context: SemanticContext): void {
  for (const key of context.keys(['experiments'])) checkExperiment(context, ['experiments', key]);
}

function checkExperiment(context: SemanticContext, path: Path): void {
  const variants = checkVariants(context, path);
  const shipped = context.valid<string>([...path, 'shipped']);
  if (shipped !== undefined && variants !== undefined && !variants.has(shipped)) {
    context.issues.add([...path, 'shipped'], unknownVariant(shipped, variants));
  }
  checkForced(context, path, variants);
  const startAt = context.valid<string>([...path, 'startAt']);
  const endAt = context.valid<string>([...path, 'endAt']);
  if (startAt !== undefined && endAt !== undefined && !(Date.parse(startAt) < Date.parse(endAt))) {
    context.issues.add([...path, 'endAt'], `expected a time after startAt (${startAt})`);
  }
}

/**
 * Reports `forced` keys that name no variant, and a unit forced to two
 * variants: evaluation would silently serve the first list that names it.
 */
function checkForced(context: SemanticContext, path: Path, variants: ReadonlySet<string> | undefined): void {
  // Where each unit was first forced, and to which variant.
  const firstAt = new Map<string, { variant: string; at: Path }>();
  for (const variant of context.keys([...path, 'forced'])) {
    const list: Path = [...path, 'forced', variant];
    // A list of no variant is the one problem there: its units are not compared.
    if (variants !== undefined && !variants.has(variant)) {
      context.issues.add(list, unknownVariant(variant, variants));
      continue;
    }
    for (const index of context.items(list)) {
      const at = [...list, index];
      const unit = context.valid<string>(at);
      if (unit === undefined) continue;
      const first = firstAt.get(unit);
      if (first === undefined) firstAt.set(unit, { variant, at });
      // The same unit twice in one list is redundant, not contradictory.
      else if (first.variant !== variant) {
        context.issues.add(
          at,
          `unit ${JSON.stringify(unit)} is already forced to variant ${JSON.stringify(first.variant)} (${formatPath(first.at)}); a unit can be forced to one variant only`,
        );
      }
    }
  }
}

/**
 * Reports repeated keys and weights that do not add up to 100. Returns the
 * variant keys, or undefined when some key is unreadable (then references to
 * variants cannot be judged).
 */
function checkVariants(context: SemanticContext, path: Path): Set<string> | undefined {
  // Missing, empty or not an array: already reported, and nothing to judge references by.
  if (!context.isSound([...path, 'variants'])) return undefined;
  const indexes = context.items([...path, 'variants']);
  const keys = new Map<string, number>();
  const weights: number[] = [];
  let complete = true;
  for (const index of indexes) {
    const at = [...path, 'variants', index];
    const key = context.valid<string>([...at, 'key']);
    const weight = context.valid<number>([...at, 'weight']);
    if (weight !== undefined) weights.push(weight);
    if (key === undefined) {
      complete = false;
      continue;
    }
    const first = keys.get(key);
    if (first === undefined) keys.set(key, index);
    else context.issues.add([...at, 'key'], `duplicate variant key ${JSON.stringify(key)} (also variants[${first}])`);
  }
  // A weight the structural pass rejected would make any sum meaningless.
  if (indexes.length > 0 && weights.length === indexes.length) {
    const total = sumHundredths(weights);
    if (total !== 10000) {
      context.issues.add([...path, 'variants'], `weights add up to ${formatHundredths(total)}, expected 100`);
    }
  }
  return complete ? new Set(keys.keys()) : undefined;
}

function unknownVariant(name: string, variants: ReadonlySet<string>): string {
  const known = [...variants].map((key) => JSON.stringify(key)).join(', ');
  return `unknown variant ${JSON.stringify(name)}${didYouMean(name, variants)}; the variants are ${known}`;
}
