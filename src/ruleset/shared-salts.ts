/**
 * Decisions of a ruleset that hash the same string. Every decision hashes
 * `salt + "." + unitId`, and the default salts derive from keys and rule ids
 * (docs/bucketing.md), so two decisions can end up with one salt without
 * anyone choosing it: rule `rollout` of gate `checkout` and of parameter
 * `checkout`, or rule `r` of gate `x` and experiment `x.r`. Two such
 * decisions over the same unit pick the same units (a 20% rollout's units are
 * the first 20% of the other's), which skews an experiment that was meant to
 * be independent of a rollout. The ruleset stays valid (the salts may be
 * shared on purpose); `splitkit validate` and `splitkit serve` warn.
 *
 * The hashed strings are spelled here as src/eval/compile-rules.ts and
 * compile-experiment.ts spell them (inline there: a shared helper costs the
 * lite bundle 20 bytes it does not have); test/ruleset/shared-salts.test.ts
 * checks both against the evaluator's buckets.
 */
import { entriesOf } from './defaults.js';
import { formatPath } from '../shared/zod-issues.js';
import type { DynamicParam, Gate, Percent, Ruleset } from './types.js';

/** Decisions that hash one salt over one unit attribute. */
export interface SharedSalt {
  /** The salt they hash (the bytes before `"." + unitId`). */
  salt: string;
  /** The unit attribute they hash. */
  unit: string;
  /**
   * Where each decision is, written as issue paths are (`gates.checkout.rules[0]`, `experiments["x.r"] (variants)`,
   * `experiments.button (allocation)`), so a key with a dot reads as one key.
   */
  decisions: string[];
}

/** Whether a share hashes at all: 0 and 100 decide without a bucket. */
const hashes = (percent: Percent): boolean => percent > 0 && percent < 100;

/** Every salt two or more hashing decisions of `ruleset` share over the same unit, in document order. */
export function sharedSalts(ruleset: Ruleset): SharedSalt[] {
  const groups = new Map<string, SharedSalt>();
  const add = (salt: string, unit: string, decision: string): void => {
    const key = `${unit}\0${salt}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { salt, unit, decisions: [decision] });
    else group.decisions.push(decision);
  };
  const rulesOf = (kind: 'gates' | 'params', entities: { [key: string]: Gate | DynamicParam } | undefined): void => {
    for (const [key, entity] of entriesOf(entities))
      entity.rules.forEach((rule, index) => {
        if (hashes(rule.rollout))
          add(`${entity.salt}.${rule.salt}`, rule.unit, formatPath([kind, key, 'rules', index]));
      });
  };
  rulesOf('gates', ruleset.gates);
  rulesOf('params', ruleset.params);
  for (const [key, experiment] of entriesOf(ruleset.experiments)) {
    if (hashes(experiment.allocation))
      add(`${experiment.salt}.allocation`, experiment.unit, `${formatPath(['experiments', key])} (allocation)`);
    if (experiment.variants.filter((variant) => variant.weight > 0).length > 1)
      add(experiment.salt, experiment.unit, `${formatPath(['experiments', key])} (variants)`);
  }
  for (const [key, layer] of entriesOf(ruleset.layers)) add(layer.salt, layer.unit, formatPath(['layers', key]));
  for (const [key, holdout] of entriesOf(ruleset.holdouts))
    if (hashes(holdout.percent)) add(holdout.salt, holdout.unit, formatPath(['holdouts', key]));
  return [...groups.values()].filter((group) => group.decisions.length > 1);
}

/** The warning `splitkit validate` and `splitkit serve` print for one shared salt. */
export function sharedSaltWarning({ salt, unit, decisions }: SharedSalt): string {
  const names = `${decisions.slice(0, -1).join(', ')} and ${decisions.at(-1)}`;
  return `${names} hash the same salt ${JSON.stringify(salt)} over ${unit}, so they pick the same units; give one a salt of its own unless that is intended`;
}
