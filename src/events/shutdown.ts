/**
 * The pipeline's shutdown: the first attempt of everything queued goes at once (backoff or not), later
 * ones back off as usual, and the pipeline stops once nothing is left or at the deadline, whichever comes
 * first. A browser page rarely shuts its client down, so the pipeline loads this module with `import()`
 * at the call: a page that never does never downloads it.
 */
import { holdProcessOpen } from './keep-alive.js';
import type { ShutdownReport } from './pipeline-api.js';
import type { Scheduler } from '../io/scheduler.js';

/** Default wait of {@link EventPipeline.shutdown}. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

// io/scheduler.ts's MAX_TIMER_MS less a second, written out: importing it would put the modules this
// chunk shares with the entry in a chunk of their own.
const LONGEST_WAIT_MS = 2_147_483_647 - 1_000;

/** The pipeline's parts a shutdown acts on. */
export interface ShutdownHost {
  _scheduler: Scheduler;
  /** Sends what is queued from now on, without waiting for the interval; `idle` is called once nothing is left. */
  _drain(idle: (() => void) | undefined): void;
  /** Gives every waiting event one attempt now. */
  _force(): void;
  /** Checks the queue: calls `idle` when it is empty. */
  _changed(): void;
  /** Stops for good and reports what was not delivered. */
  _stop(): ShutdownReport;
}

/**
 * Drains the pipeline until `timeoutMs` (default {@link DEFAULT_SHUTDOWN_TIMEOUT_MS}) after `calledAt` (when
 * `shutdown()` was called, before this module loaded), then stops it.
 */
export function drain(host: ShutdownHost, timeoutMs: number | undefined, calledAt: number): Promise<ShutdownReport> {
  const scheduler = host._scheduler;
  const ms = Math.max(0, clampTimeout(timeoutMs) - Math.max(0, scheduler.now() - calledAt));
  const release = holdProcessOpen(ms + 1_000);
  return new Promise<ShutdownReport>((resolve) => {
    const finish = (): void => {
      scheduler.clearTimeout(deadline);
      host._drain(undefined);
      release();
      resolve(host._stop());
    };
    const deadline = scheduler.setTimeout(finish, ms);
    host._drain(finish);
    // The first attempt goes now, whatever backoff was running; later ones back off as usual.
    host._force();
    host._changed();
  });
}

// Host timers fire at once for delays past 2^31 - 1 ms; a wait that long means "as long as possible".
function clampTimeout(ms: number | undefined): number {
  if (typeof ms !== 'number' || Number.isNaN(ms)) return DEFAULT_SHUTDOWN_TIMEOUT_MS;
  return Math.min(Math.max(0, ms), LONGEST_WAIT_MS);
}
