/**
 * How the pipeline tells the app about problems: `onError` when given, the
 * logger otherwise. A throwing `onError` never breaks delivery, and drops
 * from a full queue are summed into one report per burst instead of one per
 * event (a million dropped events must not mean a million callbacks).
 */
import { SplitkitError } from '../errors/index.js';
import type { Logger } from '../io/logger.js';
import { quietly } from '../io/quietly.js';
import { errorHandler } from '../io/error-handler.js';

/** Routes pipeline problems to `onError` or the logger. */
export interface PipelineReporter {
  /** Reports one problem. */
  error(error: SplitkitError): void;
  /** Reports events given up, as an `EVENTS_DROPPED` error with `message`. */
  _eventsDropped(message: string): void;
  /** Counts events pushed out by a full queue; reported once the current burst of work is done. */
  _queueFull(count: number): void;
  /** Logs an unexpected internal failure (a bug, or an injected function that threw). */
  _internalError(error: unknown): void;
}

/** Creates the reporter of one pipeline. */
export function createReporter(
  logger: Logger,
  onError: ((error: SplitkitError) => void) | undefined,
): PipelineReporter {
  let overflowCount = 0;
  const error = errorHandler(logger, onError);
  const dropped = (message: string): void => error(new SplitkitError('EVENTS_DROPPED', message));
  return {
    error,
    _eventsDropped: dropped,
    _queueFull(count) {
      overflowCount += count;
      if (overflowCount > count) return;
      void Promise.resolve().then(() => {
        const total = overflowCount;
        overflowCount = 0;
        dropped(`Event queue full: dropped the ${total} oldest event(s)`);
      });
    },
    _internalError: (problem) => quietly(() => logger.error('[splitkit] event pipeline internal error', problem)),
  };
}
