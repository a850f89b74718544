/**
 * One error hierarchy for the whole SDK. Every error carries a string-literal
 * `code` so callers can branch without `instanceof` across package copies
 * (see {@link isSplitkitError}).
 */

/** Stable machine-readable codes for every error splitkit raises or reports. */
export type ErrorCode =
  | 'INVALID_RULESET'
  | 'NOT_FOUND'
  | 'TYPE_MISMATCH'
  | 'EVALUATION_FAILED'
  | 'INVALID_OPTIONS'
  | 'INVALID_EVENT_BATCH'
  | 'TRANSPORT_FAILED'
  | 'EVENTS_DROPPED'
  | 'STORAGE_FAILED'
  | 'ANALYSIS_INPUT'
  | 'STORE_FAILED';

const BRAND = Symbol.for('splitkit.error');

/** Base class of every error splitkit throws or passes to `onError`. */
export class SplitkitError extends Error {
  // Here and in the subclasses: declared, not class fields, and assigned in the constructor, so
  // bundlers targeting ES2020 emit no define-property helper for them.
  declare readonly code: ErrorCode;
  declare readonly [BRAND]: true;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SplitkitError';
    (this as { code: ErrorCode }).code = code;
    (this as { [BRAND]: true })[BRAND] = true;
  }
}

/** True for any splitkit error, even one thrown by another copy of the package. */
export function isSplitkitError(value: unknown): value is SplitkitError {
  // Only a splitkit error carries the brand (primitives and functions have none to read).
  return (value as { [BRAND]?: unknown } | null | undefined)?.[BRAND] === true;
}

/** One problem found while validating input, located by a JSON path such as `gates.a.rules[1].rollout`. */
export interface ValidationIssue {
  /** JSON path of the offending value; empty string for the document itself. */
  path: string;
  /** What is wrong, in plain words. */
  message: string;
}

function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('\n');
}

/**
 * A ruleset (or options object) that cannot be used. `issues` lists every
 * problem at once, each with the JSON path where it was found.
 */
export class ConfigError extends SplitkitError {
  declare readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[], options?: { cause?: unknown; code?: ErrorCode; subject?: string }) {
    const subject = options?.subject ?? 'ruleset';
    super(options?.code ?? 'INVALID_RULESET', `Invalid ${subject}:\n${formatIssues(issues)}`, options);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** An event batch that does not follow the collector protocol. */
export class EventBatchError extends SplitkitError {
  declare readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    super('INVALID_EVENT_BATCH', `Invalid event batch:\n${formatIssues(issues)}`);
    this.name = 'EventBatchError';
    this.issues = issues;
  }
}

/** A delivery attempt to the collector failed; `retryable` says whether it will be tried again. */
export class TransportError extends SplitkitError {
  declare readonly status: number | undefined;
  declare readonly retryable: boolean;

  constructor(message: string, options: { status?: number; retryable: boolean; cause?: unknown }) {
    super('TRANSPORT_FAILED', message, options);
    this.name = 'TransportError';
    this.status = options.status;
    this.retryable = options.retryable;
  }
}

/** Input to the stats engine that has no answer (too few values, zero variance on both sides, …). */
export class AnalysisError extends SplitkitError {
  constructor(message: string) {
    super('ANALYSIS_INPUT', message);
    this.name = 'AnalysisError';
  }
}
