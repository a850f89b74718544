/**
 * Routes problems to the app: the `onError` callback when given, else the
 * logger. Repeats of the same problem are reported once, so a missing gate
 * checked on every render doesn't flood the console.
 */
import { SplitkitError, type ErrorCode } from '../errors/index.js';
import type { Logger } from '../io/logger.js';

const MAX_REMEMBERED = 1000;

export class Reporter {
  // Declared and assigned in the constructor (not class fields), so ES2020 bundles need no define helper.
  private declare readonly seen: Set<string>;
  private declare readonly logger: Logger;
  private declare readonly onError: ((error: SplitkitError) => void) | undefined;

  constructor(logger: Logger, onError?: (error: SplitkitError) => void) {
    this.seen = new Set();
    this.logger = logger;
    this.onError = onError;
  }

  /** Reports `error`; with a `dedupeKey`, only the first time that key is seen. */
  report(error: SplitkitError, dedupeKey?: string): void {
    if (dedupeKey !== undefined) {
      if (this.seen.has(dedupeKey)) return;
      // Bounded: past the limit we forget and may report some problems again, never grow without end.
      if (this.seen.size >= MAX_REMEMBERED) this.seen.clear();
      this.seen.add(dedupeKey);
    }
    try {
      if (this.onError) this.onError(error);
      else this.logger.warn(`[splitkit] ${error.message}`);
    } catch {
      // A throwing onError must not break the evaluation that reported it.
    }
  }

  /** Shorthand for a new SplitkitError. */
  problem(code: ErrorCode, message: string, dedupeKey?: string): void {
    this.report(new SplitkitError(code, message), dedupeKey);
  }

  /** Forgets which problems were reported (the ruleset changed). */
  reset(): void {
    this.seen.clear();
  }
}
