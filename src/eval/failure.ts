/**
 * How evaluations report failure. Evaluation never throws to its caller: an
 * unknown name, an inconsistent ruleset or an unexpected exception all become
 * reason ERROR with the entity's default value.
 */
import type { Json } from '../ruleset/types.js';
import type { EntityKind, EvalErrorCode, EvalRecord } from './types.js';
import { resetEvalRecord } from './types.js';

/** How deep prerequisites may nest before evaluation gives up: the ruleset language's limit, which parseRuleset checks. */
export { MAX_PREREQUISITE_DEPTH } from '../ruleset/defaults.js';

/**
 * Thrown inside evaluation when a compiled entity carries a ruleset problem
 * (its message); the entry point reports it as `PARSE_ERROR`. Private to the
 * evaluator, so nothing thrown by user code (a getter on the user) can pass for one.
 */
export class RulesetProblem extends Error {}

/** Records a caught error: ERROR with `PARSE_ERROR` for ruleset problems, `GENERAL` for anything else. */
export function recordFailure(
  out: EvalRecord,
  kind: EntityKind,
  name: string,
  error: unknown,
  value: Json,
): EvalRecord {
  let code: EvalErrorCode = 'GENERAL';
  let message = 'a non-Error value was thrown';
  // The thrown value may come from user code (a throwing getter on the user), so even reading it
  // must not throw; what could be read before a throw is kept.
  try {
    if (error instanceof Error) message = String(error.message);
    if (error instanceof RulesetProblem) code = 'PARSE_ERROR';
  } catch {
    // keep the generic parts
  }
  return recordError(
    out,
    kind,
    name,
    value,
    code,
    `${code === 'GENERAL' ? 'evaluation failed' : 'invalid ruleset'}: ${message}`,
  );
}

/** Records an error: the record is reset (a failure may leave it half filled) and gets reason ERROR, `value`, `code` and `message`. */
export function recordError(
  out: EvalRecord,
  kind: EntityKind,
  name: string,
  value: Json,
  code: EvalErrorCode,
  message: string,
): EvalRecord {
  resetEvalRecord(out, kind, name);
  out.value = value;
  out.reason = 'ERROR';
  out.errorCode = code;
  out.errorMessage = message;
  return out;
}
