/**
 * The design of an experiment (unit, variants, weights) read from a ruleset
 * document. Only the experiment asked for is looked at, so a ruleset with
 * problems elsewhere can still be analyzed.
 */
import { ConfigError } from '../errors/index.js';
import type { ExperimentDesign } from './experiment-design.js';
import { DEFAULT_UNIT } from '../ruleset/defaults.js';
import { isPlainObject } from '../shared/plain-object.js';

/**
 * `{ key, unit, variants, control }` of experiment `key` in `ruleset` (parsed
 * JSON, with or without defaults filled).
 * @throws `ConfigError` (code `INVALID_RULESET`) when the experiment is missing or malformed.
 */
export function designFromRuleset(ruleset: unknown, key: string, control?: string): ExperimentDesign {
  const path = `experiments.${key}`;
  const fail = (message: string, at = path): never => {
    throw new ConfigError([{ path: at, message }]);
  };
  const experiments = isPlainObject(ruleset) ? ruleset['experiments'] : undefined;
  const experiment = isPlainObject(experiments) && Object.hasOwn(experiments, key) ? experiments[key] : undefined;
  if (!isPlainObject(experiment)) return fail('no such experiment in the ruleset');
  const unit = experiment['unit'] ?? DEFAULT_UNIT;
  if (typeof unit !== 'string' || unit === '') fail('expected a unit name', `${path}.unit`);
  const variants = experiment['variants'];
  if (!Array.isArray(variants)) return fail('expected a list of variants', `${path}.variants`);
  const design: ExperimentDesign = {
    key,
    unit: unit as string,
    variants: variants.map((v: unknown, i) => {
      if (!isPlainObject(v) || typeof v['key'] !== 'string' || typeof v['weight'] !== 'number') {
        return fail('expected { key, weight }', `${path}.variants[${i}]`);
      }
      return { key: v['key'], weight: v['weight'] };
    }),
  };
  if (control !== undefined) design.control = control;
  return design;
}
