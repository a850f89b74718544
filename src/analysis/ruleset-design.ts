/**
 * The design of an experiment (unit, variants, weights) read from a ruleset
 * document. Only the experiment asked for is looked at, so a ruleset with
 * problems elsewhere can still be analyzed.
 */
import { ConfigError } from '../errors/index.js';
import type { ExperimentDesign } from './types.js';
import { DEFAULT_UNIT } from '../ruleset/defaults.js';

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
  const experiments = isObject(ruleset) ? ruleset['experiments'] : undefined;
  const experiment = isObject(experiments) && Object.hasOwn(experiments, key) ? experiments[key] : undefined;
  if (!isObject(experiment)) return fail('no such experiment in the ruleset');
  const unit = experiment['unit'] ?? DEFAULT_UNIT;
  if (typeof unit !== 'string' || unit === '') fail('expected a unit name', `${path}.unit`);
  const variants = experiment['variants'];
  if (!Array.isArray(variants)) return fail('expected a list of variants', `${path}.variants`);
  const design: ExperimentDesign = {
    key,
    unit: unit as string,
    variants: variants.map((v: unknown, i) => {
      if (!isObject(v) || typeof v['key'] !== 'string' || typeof v['weight'] !== 'number') {
        return fail('expected { key, weight }', `${path}.variants[${i}]`);
      }
      return { key: v['key'], weight: v['weight'] };
    }),
  };
  if (control !== undefined) design.control = control;
  return design;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
