/**
 * Parts of a valid ruleset that can never match, or match differently than they read: an empty unit id in a
 * QA allowlist or a segment (an empty id is no id, so no unit has it), a `$size` that no list length equals,
 * an empty version operand (it reads as "0"). Refusing them would make rulesets that are valid today invalid,
 * so the ruleset stays valid and `splitkit validate` and `splitkit serve` warn.
 */
import { formatPath } from '../shared/zod-issues.js';
import type { Path } from './issues.js';

/** One such part: where it is and what it does. */
export interface NeverMatch {
  /** Where it is, e.g. `experiments.button_color.forced.red[0]`. */
  path: string;
  /** What it does instead of what it reads as. */
  problem: string;
}

const VERSION_OPERATORS = new Set(['$veq', '$vne', '$vgt', '$vgte', '$vlt', '$vlte']);
const EMPTY_ID = 'an empty id: no unit has it (an empty unit id is no id), so it never matches';

const isObject = (value: unknown): value is { [key: string]: unknown } =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Every such part of `ruleset` (a valid one), in document order: allowlists and segment ids, then conditions. */
export function neverMatches(ruleset: unknown): NeverMatch[] {
  const found: NeverMatch[] = [];
  const emptyIds = (ids: unknown, path: Path): void => {
    if (Array.isArray(ids))
      ids.forEach((id, index) => {
        if (id === '') found.push({ path: formatPath([...path, index]), problem: EMPTY_ID });
      });
  };
  if (!isObject(ruleset)) return found;
  for (const [name, experiment] of Object.entries(isObject(ruleset.experiments) ? ruleset.experiments : {}))
    if (isObject(experiment) && isObject(experiment.forced))
      for (const [variant, ids] of Object.entries(experiment.forced))
        emptyIds(ids, ['experiments', name, 'forced', variant]);
  for (const [name, segment] of Object.entries(isObject(ruleset.segments) ? ruleset.segments : {}))
    if (isObject(segment)) emptyIds(segment.ids, ['segments', name, 'ids']);

  const walk = (value: unknown, path: Path, inCondition: boolean): void => {
    if (Array.isArray(value)) value.forEach((item, index) => walk(item, [...path, index], inCondition));
    else if (isObject(value))
      for (const [key, item] of Object.entries(value)) {
        const at = [...path, key];
        if (inCondition && key === '$size' && typeof item === 'number' && !(Number.isInteger(item) && item >= 0))
          found.push({ path: formatPath(at), problem: `no list has ${item} items, so it never matches` });
        else if (inCondition && VERSION_OPERATORS.has(key) && item === '')
          found.push({ path: formatPath(at), problem: 'an empty version reads as "0"' });
        else walk(item, at, inCondition || key === 'when');
      }
  };
  walk(ruleset, [], false);
  return found;
}

/** The warning `splitkit validate` and `splitkit serve` print for one such part. */
export function neverMatchWarning({ path, problem }: NeverMatch): string {
  return `${path}: ${problem}`;
}
