/**
 * One error hierarchy for the whole SDK. Every error carries a string-literal
 * `code` so callers can branch without `instanceof` across package copies
 * (see {@link isSplitkitError}).
 */

/**
 * The codes a read carries with reason `ERROR` (in its details, and on the error it reports): OpenFeature's
 * names, so an OpenFeature provider passes them through. Part of {@link ErrorCode}.
 */
export type EvalErrorCode =
  /** No gate, experiment or parameter has that name. */
  | 'FLAG_NOT_FOUND'
  /** A parameter's value (or a variant's parameter) is not of the fallback's JSON type. */
  | 'TYPE_MISMATCH'
  /** The ruleset is inconsistent for this entity, or was rejected: the default is served. */
  | 'PARSE_ERROR'
  /** Anything unexpected while evaluating (an attribute getter that throws, prerequisites nested too deep). */
  | 'GENERAL';

/**
 * Stable machine-readable codes for every error splitkit raises or reports: one list for reads, the client,
 * the event pipeline, the collector and the analysis (docs/errors.md says what each means).
 */
export type ErrorCode =
  | EvalErrorCode
  /** A ruleset that cannot be used (a `ConfigError` listing every problem with its path). */
  | 'INVALID_RULESET'
  /** Options that cannot be used (a `ConfigError`), or a bad argument to `track`. */
  | 'INVALID_OPTIONS'
  /** `track()` could not record the event. */
  | 'TRACK_FAILED'
  /** `identify()` could not record the identity link. */
  | 'IDENTIFY_FAILED'
  /** A `subscribe` listener threw; the other listeners still ran. */
  | 'LISTENER_FAILED'
  /** An event batch that does not follow the collector protocol (an `EventBatchError`). */
  | 'INVALID_EVENT_BATCH'
  /** A delivery attempt to the collector failed (a `TransportError`). */
  | 'TRANSPORT_FAILED'
  /** Events were given up: a full queue, a batch the collector rejected, or left at shutdown. */
  | 'EVENTS_DROPPED'
  /** A store could not keep events (the client's persistence, a collector's event store), or sticky assignments. */
  | 'STORE_FAILED'
  /** Input to the stats engine that has no answer (an `AnalysisError`). */
  | 'ANALYSIS_INPUT';

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
