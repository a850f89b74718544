/**
 * How evaluations report failure. Evaluation never throws to its caller: an
 * unknown name, an inconsistent ruleset or an unexpected exception all become
 * reason ERROR with the entity's default value.
 */
import type { Json } from '../ruleset/types.js';
import { SplitkitError, isSplitkitError } from '../errors/index.js';
import type { EntityKind, EvalErrorCode, EvalRecord } from './types.js';
import { resetEvalRecord } from './types.js';

/** How deep prerequisites may nest before evaluation gives up (parseRuleset rejects cycles; this catches the rest). */
export const MAX_PREREQUISITE_DEPTH = 32;

/** Thrown inside evaluation when a compiled entity carries a ruleset problem; reported as `PARSE_ERROR`. */
export function rulesetProblem(problem: string): SplitkitError {
  return new SplitkitError('INVALID_RULESET', problem);
}

/** Thrown inside evaluation when prerequisites nest too deep, i.e. they form a cycle. */
export function prerequisiteTooDeep(gate: string): SplitkitError {
  return new SplitkitError('EVALUATION_FAILED', `prerequisites deeper than ${MAX_PREREQUISITE_DEPTH} levels at gate "${gate}" (a cycle?)`);
}

/** Records an unknown name: ERROR / FLAG_NOT_FOUND with the default value. */
export function recordNotFound(out: EvalRecord, kind: EntityKind, name: string, value: Json): EvalRecord {
  return recordError(out, kind, name, value, 'FLAG_NOT_FOUND', `no ${kind} named "${name}"`);
}

/** Records a caught error: ERROR with `PARSE_ERROR` for ruleset problems, `GENERAL` for anything else. */
export function recordFailure(out: EvalRecord, kind: EntityKind, name: string, error: unknown, value: Json): EvalRecord {
  const problem = isRulesetProblem(error);
  return recordError(out, kind, name, value, problem ? 'PARSE_ERROR' : 'GENERAL', `${problem ? 'invalid ruleset' : 'evaluation failed'}: ${describe(error)}`);
}

function recordError(out: EvalRecord, kind: EntityKind, name: string, value: Json, code: EvalErrorCode, message: string): EvalRecord {
  resetEvalRecord(out, kind, name);
  out.value = value;
  out.reason = 'ERROR';
  out.errorCode = code;
  out.errorMessage = message;
  return out;
}

// The thrown value may come from user code (a throwing getter on the user), so even reading it must not throw.
function isRulesetProblem(error: unknown): boolean {
  try {
    return isSplitkitError(error) && error.code === 'INVALID_RULESET';
  } catch {
    return false;
  }
}

function describe(error: unknown): string {
  try {
    if (error instanceof Error) return String(error.message);
  } catch {
    // fall through to the generic message
  }
  return 'a non-Error value was thrown';
}
