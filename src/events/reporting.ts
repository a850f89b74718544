/**
 * How the pipeline tells the app about problems: `onError` when given, the
 * logger otherwise. A throwing `onError` never breaks delivery, and drops
 * from a full queue are summed into one report per burst instead of one per
 * event (a million dropped events must not mean a million callbacks).
 */
import { SplitkitError } from '../errors/index.js';
import type { Logger } from '../io/logger.js';

/** Routes pipeline problems to `onError` or the logger. */
export class PipelineReporter {
  private overflowCount = 0;

  constructor(
    private readonly logger: Logger,
    private readonly onError: ((error: SplitkitError) => void) | undefined,
  ) {}

  /** Reports one problem. */
  error(error: SplitkitError): void {
    try {
      if (this.onError) this.onError(error);
      else this.logger.warn(`[splitkit] ${error.message}`);
    } catch {
      // The app's handler failed; delivery goes on regardless.
    }
  }

  /** Counts events pushed out by a full queue; reported once the current burst of work is done. */
  overflow(count: number): void {
    const first = this.overflowCount === 0;
    this.overflowCount += count;
    if (!first) return;
    void Promise.resolve().then(() => {
      const count = this.overflowCount;
      this.overflowCount = 0;
      this.error(new SplitkitError('EVENTS_DROPPED', `Event queue full: dropped the ${count} oldest event(s)`));
    });
  }

  /** Logs an unexpected internal failure (a bug, or an injected function that threw). */
  internal(error: unknown): void {
    try {
      this.logger.error('[splitkit] event pipeline internal error', error);
    } catch {
      // Nothing left to tell.
    }
  }

  /** Writes a diagnostic at debug level. */
  debug(message: string): void {
    try {
      this.logger.debug(`[splitkit] ${message}`);
    } catch {
      // A broken logger must not stop delivery.
    }
  }
}
