/**
 * Routes problems to the app: the `onError` callback when given, else the
 * logger. Repeats of the same problem can be reported once, so a missing gate
 * checked on every render doesn't flood the console.
 */
import type { SplitkitError } from '../errors/index.js';
import type { Logger } from '../io/logger.js';
import { errorHandler } from '../events/reporting.js';

const MAX_REMEMBERED = 1000;

/** Reports a client's problems (see above). */
export interface Reporter {
  /**
   * Reports `error`; with `once`, only the first time its message is seen (a message names the entity
   * and the problem, e.g. `gate "beta": no gate named "beta"`).
   */
  report(error: SplitkitError, once?: boolean): void;
  /** Forgets which problems were reported (the ruleset changed). */
  reset(): void;
}

/** Without `onError`, problems are warnings on `logger`; without either, they are dropped. */
export function createClientReporter(logger: Logger | undefined, onError?: (error: SplitkitError) => void): Reporter {
  // Messages of the problems reported `once`.
  const reported = new Set<string>();
  // `onError` when given, else a warning on the logger; never throws.
  const deliver = errorHandler(logger, onError);
  return {
    report(error, once) {
      if (once) {
        if (reported.has(error.message)) return;
        // Bounded: past the limit we forget and may report some problems again, never grow without end.
        if (reported.size >= MAX_REMEMBERED) reported.clear();
        reported.add(error.message);
      }
      deliver(error);
    },
    reset: () => reported.clear(),
  };
}
