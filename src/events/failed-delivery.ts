/**
 * What the pipeline does with a batch the collector did not take: retry it after a backoff (or the
 * collector's `Retry-After`), drop the events a refusal names and send the others, split it on 413, or
 * drop it. Only delivery failures need this, so the pipeline loads it with `import()` at the first one:
 * a page whose events go through never downloads it.
 */
import { isSplitkitError, SplitkitError, TransportError } from '../errors/index.js';
import type { TransportResponse } from '../io/transport.js';
import type { BackoffGate } from './backoff-gate.js';
import { eventProblem } from './limits.js';
import { divideBatch, type OutboundBatch } from './outbound-batch.js';
import type { ShutdownReport } from './pipeline-api.js';
import type { ResolvedPipelineOptions } from './pipeline-options.js';
import { refusedByAnswer } from './refusals.js';
import type { PipelineReporter } from './reporting.js';
import { classifyStatus, retryDelay } from './retry-policy.js';
import type { SplitkitEvent } from './types.js';

/** The pipeline's parts a failed delivery acts on. */
export interface FailureHost {
  _options: ResolvedPipelineOptions;
  _counters: { dropped: number; retried: number; failedBatches: number };
  _gate: BackoffGate;
  _reporter: PipelineReporter;
  _add(batch: OutboundBatch): void;
  _drop(event: SplitkitEvent, problem: string): void;
  _uuid(): string;
  /** Stops for good; `final`: no event can ever be sent, so every one is dropped, now and later. */
  _stop(final?: boolean): ShutdownReport;
}

/** Acts on an attempt that did not deliver `batch`: the collector's `response` (not 2xx), or none and `why`. */
export function settleFailure(
  host: FailureHost,
  batch: OutboundBatch,
  response: TransportResponse | undefined,
  why: string,
  cause: unknown,
): void {
  const { _counters: counters, _reporter: reporter } = host;
  // A transport that refuses its own options (the fetch transport's URL that cannot be parsed) refuses every
  // batch: reported once, and nothing more is sent. Kept, the events would only fill memory up to the queue's
  // bound, to be dropped at shutdown, and a shutdown would wait for retries that cannot succeed.
  if (isSplitkitError(cause) && cause.code === 'INVALID_OPTIONS') {
    host._add(batch);
    reporter.error(
      new SplitkitError(
        'INVALID_OPTIONS',
        `${cause.message}: no event can be sent; ${host._stop(true).undelivered} event(s) dropped, and every later one`,
        { cause },
      ),
    );
    return;
  }
  const status = response?.status;
  const verdict = classifyStatus(status);
  // Events that keep the others from going: those the collector named in its refusal, or (after an
  // attempt without an answer, e.g. a batch that failed to serialize) those that cannot be sent.
  const refused = verdict === 'reject' && refusedByAnswer(response!.body, batch.events);
  const count = batch.events.length;
  batch.events = batch.events.filter((event, index) => {
    const problem = response ? refused && refused[index] : eventProblem(event);
    if (problem) host._drop(event, problem);
    return !problem;
  });
  if (batch.events.length < count) {
    // The others go again at once: nothing was wrong with them or with the collector.
    if (batch.events.length > 0) host._add(batch);
  } else if (verdict === 'retry') {
    const delay = retryDelay(response, batch._failedAttempts, host._options.random, host._options.retry);
    batch._failedAttempts++;
    batch._flushRequested = false;
    counters.retried++;
    host._gate._blockFor(delay);
    host._add(batch);
    reporter.error(
      new TransportError(
        `Batch ${batch.id} (${count} events) failed, ${why || `collector answered ${status}`}; retrying in ${delay} ms`,
        { status, retryable: true, cause },
      ),
    );
  } else if (verdict === 'split' && count > 1) {
    try {
      host._options.logger.debug(`[splitkit] batch ${batch.id} (${count} events) too large (413): split in two`);
    } catch {
      // A logger that throws must not stop the split. Not `quietly`: importing it here moves it to a chunk of
      // its own, and the page's start grows (+45 B in (b), measured).
    }
    splitBatch(batch, host._uuid).forEach(host._add);
  } else {
    counters.dropped += count;
    counters.failedBatches++;
    reporter.error(
      new TransportError(`Collector answered ${status}: dropped batch ${batch.id} (${count} events)`, {
        status,
        retryable: false,
      }),
    );
  }
}

// Here rather than in outbound-batch.ts, which the page loads at start: only a failed delivery splits a batch,
// and bundlers keep what a module shares with the first chunk in that chunk.
/** Splits a batch in two halves with fresh ids that take its place in the order (a 413 answer). */
function splitBatch(batch: OutboundBatch, uuid: () => string): OutboundBatch[] {
  const middle = Math.ceil(batch.events.length / 2);
  // Halves of a different size are different requests: their backoff starts over.
  return divideBatch(batch, [batch.events.slice(0, middle), batch.events.slice(middle)], uuid, 0);
}
