/**
 * What an answer from the collector means, and how long to wait before the
 * next attempt: exponential backoff with full jitter, or the collector's own
 * `Retry-After` on 429 and 503.
 */
import type { TransportResponse } from '../io/transport.js';

/** What to do with a batch after an attempt. */
export type Verdict = 'delivered' | 'retry' | 'split' | 'reject';

/** Backoff settings (milliseconds). */
export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
}

/** A `Retry-After` longer than this is treated as this long, so a broken header cannot park the queue for days. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * 2xx delivered; 413 split; 408, 429 and 5xx retried; other 4xx rejected.
 * Anything else (1xx, 3xx, a status the transport made up) is retried:
 * losing events on an answer we do not understand is worse than waiting,
 * and so is no answer at all (`undefined`: the attempt threw or timed out).
 */
export function classifyStatus(status: number | undefined): Verdict {
  if (status === undefined) return 'retry';
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 413) return 'split';
  if (status === 408 || status === 429) return 'retry';
  if (status >= 400 && status < 500) return 'reject';
  return 'retry';
}

/**
 * Full jitter: a uniform delay in [0, min(maxDelay, base · 2^attempt)), where
 * `attempt` counts earlier retries of the batch (0 before the first retry).
 * Spreading retries uniformly keeps many clients from hammering a recovering
 * collector in lockstep.
 */
export function backoffDelay(attempt: number, random: () => number, policy: RetryPolicy): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/**
 * The wait before retrying after `response` (undefined: the attempt threw or timed out): the backoff, or the
 * collector's `Retry-After` on 429 and 503 when that is longer. The backoff stays the floor because a
 * `Retry-After` of 0, or an HTTP date the client's clock (running ahead) reads as past, would otherwise send
 * every retry at once to a collector that is asking for less traffic.
 */
export function retryDelay(
  response: TransportResponse | undefined,
  attempt: number,
  random: () => number,
  policy: RetryPolicy,
): number {
  const backoff = backoffDelay(attempt, random, policy);
  const retryAfter = response?.retryAfterMs;
  if ((response?.status === 429 || response?.status === 503) && typeof retryAfter === 'number' && retryAfter >= 0) {
    return Math.max(Math.min(Math.ceil(retryAfter), MAX_RETRY_AFTER_MS), backoff);
  }
  return backoff;
}
