/**
 * One delivery attempt: calls the transport with an AbortSignal that fires
 * after the per-request timeout, and turns whatever happens first (an answer,
 * a thrown error, a synchronous throw, a hang) into one outcome.
 */
import type { Scheduler } from '../io/scheduler.js';
import type { Transport, TransportResponse } from './transport.js';
import type { EventBatch } from './types.js';
import { quietly } from '../io/quietly.js';

/** The outcome of an attempt: the collector's `response`, or none and `why` the attempt failed (with its `cause`). */
export type AttemptOutcome = (response: TransportResponse | undefined, why: string, cause?: unknown) => void;

/**
 * Sends `body`; `timeoutMs` bounds the wait even if the transport ignores the
 * signal. `done` gets the first outcome, always later than this call (never
 * on the stack of the transport or of a timer, as it starts new attempts).
 * Returns a function that gives up on the attempt: no outcome follows it.
 */
export function startAttempt(
  transport: Transport,
  body: EventBatch,
  unloading: boolean,
  timeoutMs: number,
  scheduler: Scheduler,
  done: AttemptOutcome,
): () => void {
  const controller = new AbortController();
  let open = true;
  // Set by giving up: an outcome already decided but not yet delivered is dropped too.
  let gaveUp = false;
  const close = (): void => {
    open = false;
    scheduler.clearTimeout(timer);
  };
  const finish = (response: TransportResponse | undefined, why = '', cause?: unknown): void => {
    if (!open) return;
    close();
    void Promise.resolve().then(() => {
      if (!gaveUp) done(response, why, cause);
    });
  };
  const fail = (error: unknown): void =>
    finish(undefined, `network error: ${error instanceof Error ? error.message : String(error)}`, error);
  const timer = scheduler.setTimeout(() => {
    finish(undefined, `no answer within ${timeoutMs} ms`);
    controller.abort();
  }, timeoutMs);
  // The executor turns a transport that throws at once into a failure like any other, and one
  // that returns a plain object (no promise) still counts as an answer; catch, not then's second
  // argument, so an answer that throws when read (a getter) is a failure too, not an unhandled rejection.
  new Promise<unknown>((resolve) => resolve(transport(body, { signal: controller.signal, unloading })))
    .then((response) =>
      isResponse(response) ? finish(response) : fail(new TypeError('transport resolved without a status')),
    )
    .catch(fail);
  return () => {
    gaveUp = true;
    close();
    controller.abort();
  };
}

/** The scheduler's time as an ISO-8601 string; the host clock if the injected one throws or returns garbage. */
export function isoNow(scheduler: Scheduler): string {
  // toISOString throws for an invalid date; a wrong sentAt is better than a batch stuck in place.
  return quietly(() => new Date(scheduler.now()).toISOString()) ?? new Date().toISOString();
}

function isResponse(value: unknown): value is TransportResponse {
  return typeof (value as TransportResponse | undefined)?.status === 'number';
}
