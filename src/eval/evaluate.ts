/**
 * The entry point of evaluation. One path serves all three kinds: find the
 * entity, let its evaluator decide (rules.ts for gates and parameters,
 * experiment.ts for experiments), and turn an unknown name or anything thrown
 * into reason ERROR. Nothing here throws to the caller.
 */
import type { Json } from '../ruleset/types.js';
import type { CompiledExperiment, CompiledGate, CompiledRuleset, CompiledState } from './compiled.js';
import { decideExperiment } from './experiment.js';
import { recordError, recordFailure } from './failure.js';
import { decideRules } from './rules.js';
import type { EntityKind, EvalRecord, User } from './types.js';
import { resetEvalRecord } from './types.js';
import { asAttributes } from './unit-id.js';

/** The signature shared by the per-kind entry points. */
type Evaluator = (compiled: CompiledRuleset, name: string, user: User, nowMs: number, out: EvalRecord) => EvalRecord;

/**
 * Evaluates the `kind` named `name` for `user` at time `nowMs` into `out` and
 * returns `out`; see {@link evaluateGate}, {@link evaluateExperiment} and
 * {@link evaluateParam} for what each kind records. Never throws: an unknown
 * name gives the kind's not-found value (false for a gate, null otherwise)
 * with reason ERROR / FLAG_NOT_FOUND. Only experiments read `nowMs`.
 */
export function evaluate(
  compiled: CompiledRuleset,
  kind: EntityKind,
  name: string,
  user: User,
  nowMs: number,
  out: EvalRecord,
): EvalRecord {
  const state = compiled as CompiledState;
  // Served on errors: the kind's not-found value, then the entity's default.
  let fallback: Json = kind === 'gate' ? false : null;
  try {
    resetEvalRecord(out, kind, name);
    const entity = (
      kind === 'gate' ? state._gatesByName : kind === 'param' ? state._paramsByName : state._experimentsByName
    ).get(name);
    // In the stand-in for a rejected ruleset, every name is unknown because of the rejection.
    if (entity === undefined)
      return recordError(
        out,
        kind,
        name,
        fallback,
        state._rejection ? 'PARSE_ERROR' : 'FLAG_NOT_FOUND',
        state._rejection ?? `no ${kind} named "${name}"`,
      );
    const attributes = asAttributes(user);
    if (kind === 'experiment') return decideExperiment(state, entity as CompiledExperiment, attributes, nowMs, out);
    fallback = (entity as CompiledGate)._defaultValue;
    decideRules(state, entity as CompiledGate, attributes, 0, out);
    return out;
  } catch (error) {
    return recordFailure(out, kind, name, error, fallback);
  }
}

/**
 * Evaluates gate `name` for `user` into `out` and returns `out`. `value` is
 * the boolean result; `reason`, `ruleId`, `unit`, `unitId`, `bucket`,
 * `holdout` and `exposure` say why. Never throws: an unknown name gives
 * `false` with reason ERROR / FLAG_NOT_FOUND. `nowMs` is accepted for a
 * uniform signature; gates have no schedule.
 */
export const evaluateGate: Evaluator = (compiled, name, user, nowMs, out) =>
  evaluate(compiled, 'gate', name, user, nowMs, out);

/**
 * Evaluates experiment `name` for `user` at time `nowMs` into `out` and
 * returns `out`. `value` is the variant key (or null) and `variantIndex` its
 * index in `ruleset.experiments[name].variants` (or -1). Never throws: an
 * unknown name gives null with reason ERROR / FLAG_NOT_FOUND.
 */
export const evaluateExperiment: Evaluator = (compiled, name, user, nowMs, out) =>
  evaluate(compiled, 'experiment', name, user, nowMs, out);

/**
 * Evaluates parameter `name` for `user` into `out` and returns `out`. `value`
 * is the served JSON value (shared with the ruleset: copy it before mutating).
 * Never throws: an unknown name gives null with reason ERROR /
 * FLAG_NOT_FOUND; any other error serves the parameter's default. `nowMs` is
 * accepted for a uniform signature; parameters have no schedule.
 */
export const evaluateParam: Evaluator = (compiled, name, user, nowMs, out) =>
  evaluate(compiled, 'param', name, user, nowMs, out);
