/**
 * The queue-wide pause after a retryable failure: until `blockedUntil`
 * nothing new is sent (if one batch cannot get through, the ones behind it
 * would not either), and one timer wakes the delivery loop when it ends.
 */
import type { Scheduler } from '../io/scheduler.js';

/** Holds the end of the current backoff and the timer that ends it. */
export class BackoffGate {
  private blockedUntil = 0;
  private timer: unknown;
  private wakeAt = Infinity;

  constructor(
    private readonly scheduler: Scheduler,
    /** Called when a backoff that held batches back ends. */
    private readonly wake: () => void,
  ) {}

  /** Pauses sending for `delayMs` from now (a longer pause already running wins). */
  block(delayMs: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.scheduler.now() + delayMs);
  }

  /** Whether a backoff is running at `now`. */
  isBlocked(now: number): boolean {
    return now < this.blockedUntil;
  }

  /** Makes sure `wake` runs when the backoff running at `now` ends. */
  wakeWhenOpen(now: number): void {
    if (this.wakeAt <= this.blockedUntil && this.wakeAt > now) return;
    this.scheduler.clearTimeout(this.timer);
    this.wakeAt = this.blockedUntil;
    this.timer = this.scheduler.setTimeout(() => {
      this.wakeAt = Infinity;
      this.wake();
    }, this.blockedUntil - now);
  }

  /** Cancels the wake-up timer. */
  stop(): void {
    this.scheduler.clearTimeout(this.timer);
    this.wakeAt = Infinity;
  }
}
