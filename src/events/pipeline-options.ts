/**
 * Options of the event pipeline: their types, defaults and validation.
 * Invalid options throw a {@link ConfigError} (code `INVALID_OPTIONS`) listing
 * every problem, once, when the pipeline is created. The client checks the
 * options it passes on itself, with the same checks ({@link pipelineTuning}).
 */
import type { SplitkitError } from '../errors/index.js';
import { silentLogger, type Logger } from '../io/logger.js';
import { MAX_TIMER_MS, systemScheduler, type Scheduler } from '../io/scheduler.js';
import type { KeyValueStorage } from '../io/storage.js';
import type { Transport } from './transport.js';
import { DEFAULT_PERSISTED_EVENTS, DEFAULT_PERSISTENCE_KEY } from './persistence.js';
import type { RetryPolicy } from './retry-policy.js';
import type { EventBatch } from './types.js';
import { randomUuid } from '../io/uuid.js';
import {
  checkOptions,
  fn,
  integer,
  methods,
  nonEmpty,
  number,
  shape,
  withDefaults,
  type Check,
} from '../shared/option-checks.js';

/** Options of {@link createEventPipeline}. */
export interface EventPipelineOptions {
  /** How batches reach the collector (e.g. `createFetchTransport`). */
  transport: Transport;
  /** Sent with every batch. */
  sdk: { name: string; version: string };
  /** Events per request; a full batch is sent at once. Default 100. */
  batchSize?: number;
  /** Longest time an event waits before it is sent. Default 10,000 ms. */
  flushIntervalMs?: number;
  /** Bound on waiting events; past it the oldest are dropped and counted. Default 10,000. */
  maxQueuedEvents?: number;
  /** Per-attempt timeout (the request's AbortSignal fires). Default 10,000 ms. */
  requestTimeoutMs?: number;
  /** Backoff: full jitter over `min(maxDelayMs, baseDelayMs · 2^attempt)`. Defaults 1,000 and 60,000 ms. */
  retry?: { baseDelayMs?: number; maxDelayMs?: number };
  /** Timers and clock. Default: the host's timers, unref'd in Node. */
  scheduler?: Scheduler;
  /** Source of jitter in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Batch ids. Default: random UUID v4. */
  uuid?: () => string;
  /** Browser: keep unsent events in storage so the next page load sends them. */
  persistence?: { storage: KeyValueStorage; key?: string; maxEvents?: number };
  /** Synchronous best-effort send while the page hides (a beacon); returns false if it did not take the batch. */
  unloadTransport?: (batch: EventBatch) => boolean;
  /** Told about failed deliveries, dropped events and storage failures. Default: `logger.warn`. */
  onError?: (error: SplitkitError) => void;
  /** Default: silent. */
  logger?: Logger;
}

/** The defaults of the top-level options that have one. */
const DEFAULTS = {
  batchSize: 100,
  flushIntervalMs: 10_000,
  maxQueuedEvents: 10_000,
  requestTimeoutMs: 10_000,
  scheduler: systemScheduler as Scheduler,
  random: Math.random,
  uuid: randomUuid,
  logger: silentLogger,
};

/** Options with every default filled in. */
export type ResolvedPipelineOptions = EventPipelineOptions &
  typeof DEFAULTS & {
    retry: RetryPolicy;
    persistence: { storage: KeyValueStorage; key: string; maxEvents: number } | undefined;
  };

const delay = (min: number): Check => number(min, MAX_TIMER_MS);
/** Checks of the backoff options. */
export const pipelineRetry = { baseDelayMs: delay(0), maxDelayMs: delay(0) };

/** Checks of the options that tune batching and timing; the client applies them to its `events` option. */
export const pipelineTuning = {
  batchSize: integer(1),
  flushIntervalMs: delay(1),
  maxQueuedEvents: integer(1),
  requestTimeoutMs: delay(1),
  retry: shape(pipelineRetry, false),
};

/** Throws {@link ConfigError} (code `INVALID_OPTIONS`) listing every invalid option. */
export function checkPipelineOptions(options: EventPipelineOptions): void {
  // Built here rather than once per module, so that bundles that never call this (the client's) leave it out.
  const checks = shape(
    {
      ...pipelineTuning,
      transport: fn,
      sdk: shape({ name: nonEmpty, version: nonEmpty }, false, ['name', 'version']),
      random: fn,
      uuid: fn,
      persistence: shape({ storage: methods(['get', 'set', 'remove'], true), maxEvents: integer(0) }, false, [
        'storage',
      ]),
      unloadTransport: fn,
      onError: fn,
    },
    false,
    ['transport', 'sdk'],
  );
  // Other keys are allowed: they are the caller's business.
  checkOptions(checks, options, 'event pipeline options');
}

/** Fills the defaults of options already checked. */
export function resolvePipelineOptions(options: EventPipelineOptions): ResolvedPipelineOptions {
  return {
    ...withDefaults(DEFAULTS, options),
    retry: withDefaults({ baseDelayMs: 1_000, maxDelayMs: 60_000 }, options.retry),
    persistence: resolvePersistence(options.persistence),
  };
}

/**
 * `persistence` with its defaults: for the pipeline's option, and for the store a consent grant hands the
 * pipeline later (its _store method), so both keep the same number of events under the same default key.
 */
export function resolvePersistence(
  persistence: EventPipelineOptions['persistence'],
): ResolvedPipelineOptions['persistence'] {
  return (
    persistence && withDefaults({ key: DEFAULT_PERSISTENCE_KEY, maxEvents: DEFAULT_PERSISTED_EVENTS }, persistence)
  );
}
