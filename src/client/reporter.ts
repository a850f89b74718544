/**
 * Routes problems to the app: the `onError` callback when given, else the
 * logger. Repeats of the same problem are reported once, so a missing gate
 * checked on every render doesn't flood the console.
 */
import type { SplitkitError } from '../errors/index.js';
import type { Logger } from '../io/logger.js';
import { errorHandler } from '../events/reporting.js';

const MAX_REMEMBERED = 1000;

/** Reports a client's problems, each dedupe key once (see above). */
export class Reporter {
  // Declared and assigned in the constructor (not class fields), so ES2020 bundles need no define helper.
  /** Dedupe keys already reported. */
  private declare readonly reportedKeys: Set<string>;
  /** `onError` when given, else a warning on the logger; never throws. */
  private declare readonly deliver: (error: SplitkitError) => void;

  /** Without `onError`, problems are warnings on `logger`; without either, they are dropped. */
  constructor(logger: Logger | undefined, onError?: (error: SplitkitError) => void) {
    this.reportedKeys = new Set();
    this.deliver = errorHandler(logger, onError);
  }

  /** Reports `error`; with a `dedupeKey`, only the first time that key is seen. */
  report(error: SplitkitError, dedupeKey?: string): void {
    if (dedupeKey !== undefined) {
      if (this.reportedKeys.has(dedupeKey)) return;
      // Bounded: past the limit we forget and may report some problems again, never grow without end.
      if (this.reportedKeys.size >= MAX_REMEMBERED) this.reportedKeys.clear();
      this.reportedKeys.add(dedupeKey);
    }
    this.deliver(error);
  }

  /** Forgets which problems were reported (the ruleset changed). */
  reset(): void {
    this.reportedKeys.clear();
  }
}
