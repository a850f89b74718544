/**
 * One delivery attempt: calls the transport with an AbortSignal that fires
 * after the per-request timeout, and turns whatever happens (an answer, a
 * thrown error, a synchronous throw, a hang) into a result. Never rejects.
 */
import type { Scheduler } from '../io/scheduler.js';
import type { Transport, TransportResponse } from '../io/transport.js';
import type { EventBatch } from './types.js';

/** How an attempt ended. */
export type AttemptResult =
  | { kind: 'answered'; response: TransportResponse }
  | { kind: 'failed'; error: unknown }
  | { kind: 'timed-out' }
  | { kind: 'aborted' };

/** An attempt in progress: its result, and a way to give up on it. */
export interface Attempt {
  result: Promise<AttemptResult>;
  abort(): void;
}

/** Starts sending `batch`; `timeoutMs` bounds the wait even if the transport ignores the signal. */
export function startAttempt(
  transport: Transport,
  batch: EventBatch,
  options: { timeoutMs: number; scheduler: Scheduler; unloading: boolean },
): Attempt {
  const controller = new AbortController();
  let finish!: (result: AttemptResult) => void;
  let finished = false;
  const result = new Promise<AttemptResult>((resolve) => {
    finish = (value) => {
      if (finished) return;
      finished = true;
      options.scheduler.clearTimeout(timer);
      resolve(value);
    };
  });
  const fail = (error: unknown): void => finish({ kind: 'failed', error });
  const timer = options.scheduler.setTimeout(() => {
    finish({ kind: 'timed-out' });
    controller.abort();
  }, options.timeoutMs);

  try {
    // Promise.resolve: a custom transport that returns a plain object still counts as an answer.
    Promise.resolve(transport(batch, { signal: controller.signal, unloading: options.unloading })).then(
      (response) => (isResponse(response) ? finish({ kind: 'answered', response }) : fail(new TypeError('transport resolved without a status'))),
      fail,
    );
  } catch (error) {
    fail(error);
  }

  return {
    result,
    abort() {
      finish({ kind: 'aborted' });
      controller.abort();
    },
  };
}

/** The scheduler's time as an ISO-8601 string; the host clock if the injected one throws or returns garbage. */
export function isoNow(scheduler: Scheduler): string {
  try {
    const date = new Date(scheduler.now());
    if (!Number.isNaN(date.getTime())) return date.toISOString();
  } catch {
    // Fall through to the host clock: a wrong sentAt is better than a batch stuck in place.
  }
  return new Date().toISOString();
}

function isResponse(value: unknown): value is TransportResponse {
  return typeof value === 'object' && value !== null && typeof (value as TransportResponse).status === 'number';
}
