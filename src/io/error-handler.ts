/**
 * Delivers a problem to the app. It sits beside the I/O interfaces (like
 * `quietly`) because the event pipeline (src/events) and the client
 * (src/client) both use it, and neither should reach into the other for it.
 */
import type { SplitkitError } from '../errors/index.js';
import type { Logger } from './logger.js';

/**
 * Where a problem goes, for the pipeline and the client alike: `onError` when given, else a warning on
 * `logger` (without one it is dropped). Whatever they throw is ignored: a broken logger or handler must not
 * stop delivery or break the read that reported it.
 */
export function errorHandler(
  logger: Logger | undefined,
  onError: ((error: SplitkitError) => void) | undefined,
): (error: SplitkitError) => void {
  // Not `quietly`: the lite bundle carries this, and an inline try is smaller there.
  return (problem) => {
    try {
      if (onError) onError(problem);
      else logger?.warn(`[splitkit] ${problem.message}`);
    } catch {
      // Ignored (see above).
    }
  };
}
