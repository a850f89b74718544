/**
 * Routes problems to the app: the `onError` callback when given, else the
 * logger. Repeats of the same problem are reported once, so a missing gate
 * checked on every render doesn't flood the console.
 */
import type { SplitkitError } from '../errors/index.js';
import type { Logger } from '../io/logger.js';
import { errorHandler } from '../io/error-handler.js';

/** Reports a client's problems (see above). */
export interface Reporter {
  /** Reports `error`; with a `dedupeKey`, only the first time that key is seen. */
  _report(error: SplitkitError, dedupeKey?: string): void;
  /** Forgets which problems were reported (the ruleset changed). */
  _reset(): void;
}

/** Without `onError`, problems are warnings on `logger`; without either, they are dropped. */
export function createClientReporter(logger: Logger | undefined, onError?: (error: SplitkitError) => void): Reporter {
  // Dedupe keys already reported.
  const reported = new Set<string>();
  // `onError` when given, else a warning on the logger; never throws.
  const deliver = errorHandler(logger, onError);
  return {
    _report(error, dedupeKey) {
      if (dedupeKey !== undefined) {
        if (reported.has(dedupeKey)) return;
        // Bounded: past 1000 keys we forget and may report some problems again, never grow without end. (A
        // literal: bundlers keep a module-level constant as a variable, 6 bytes more in each browser bundle.)
        if (reported.size >= 1000) reported.clear();
        reported.add(dedupeKey);
      }
      deliver(error);
    },
    _reset: () => reported.clear(),
  };
}
