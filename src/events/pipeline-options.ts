/**
 * Options of the event pipeline: their types, defaults and validation.
 * Invalid options throw a {@link ConfigError} (code `INVALID_OPTIONS`) listing
 * every problem, once, when the pipeline is created.
 */
import { ConfigError, type SplitkitError, type ValidationIssue } from '../errors/index.js';
import { silentLogger, type Logger } from '../io/logger.js';
import { systemScheduler, type Scheduler } from '../io/scheduler.js';
import type { KeyValueStorage } from '../io/storage.js';
import type { Transport } from '../io/transport.js';
import { DEFAULT_PERSISTED_EVENTS, DEFAULT_PERSISTENCE_KEY } from './persistence.js';
import type { RetryPolicy } from './retry-policy.js';
import type { EventBatch } from './types.js';
import { randomUuid } from './uuid.js';

/** Longest delay host timers support (2^31 - 1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

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

/** Options with every default filled in. */
export interface ResolvedPipelineOptions {
  transport: Transport;
  sdk: { name: string; version: string };
  batchSize: number;
  flushIntervalMs: number;
  maxQueuedEvents: number;
  requestTimeoutMs: number;
  retry: RetryPolicy;
  scheduler: Scheduler;
  random: () => number;
  uuid: () => string;
  persistence: { storage: KeyValueStorage; key: string; maxEvents: number } | undefined;
  unloadTransport: ((batch: EventBatch) => boolean) | undefined;
  onError: ((error: SplitkitError) => void) | undefined;
  logger: Logger;
}

/** Fills defaults; throws {@link ConfigError} listing every invalid option. */
export function resolvePipelineOptions(options: EventPipelineOptions): ResolvedPipelineOptions {
  const o = (options ?? {}) as Partial<EventPipelineOptions>;
  const issues: ValidationIssue[] = [];
  // A missing (or undefined) option takes its default; an invalid one is listed under its path.
  const check = <T>(path: string, value: T | undefined, fallback: T, valid: boolean, expected: string): T => {
    if (value === undefined) return fallback;
    if (!valid) issues.push({ path, message: `expected ${expected}` });
    return value;
  };
  const count = (path: string, value: number | undefined, fallback: number, min = 1): number =>
    check(path, value, fallback, Number.isInteger(value) && (value as number) >= min, `an integer >= ${min}, got ${String(value)}`);
  // Comparisons with NaN are false, so this also refuses NaN and the infinities.
  const ms = (path: string, value: number | undefined, fallback: number, min = 1): number =>
    check(path, value, fallback, typeof value === 'number' && value >= min && value <= MAX_TIMER_MS, `a number in [${min}, ${MAX_TIMER_MS}], got ${String(value)}`);
  const fn = <T>(path: string, value: T | undefined, fallback: T): T => check(path, value, fallback, typeof value === 'function', 'a function');
  const text = (value: unknown): boolean => typeof value === 'string' && value !== '';
  const storage = o.persistence?.storage as Partial<KeyValueStorage> | undefined;

  if (typeof o.transport !== 'function') issues.push({ path: 'transport', message: 'expected a function' });
  if (!text(o.sdk?.name) || !text(o.sdk?.version)) issues.push({ path: 'sdk', message: 'expected { name, version } with non-empty strings' });
  if (o.persistence !== undefined && !(typeof storage?.get === 'function' && typeof storage.set === 'function' && typeof storage.remove === 'function')) {
    issues.push({ path: 'persistence.storage', message: 'expected a KeyValueStorage (get, set, remove)' });
  }
  const resolved: ResolvedPipelineOptions = {
    transport: o.transport as Transport,
    sdk: o.sdk as { name: string; version: string },
    batchSize: count('batchSize', o.batchSize, 100),
    flushIntervalMs: ms('flushIntervalMs', o.flushIntervalMs, 10_000),
    maxQueuedEvents: count('maxQueuedEvents', o.maxQueuedEvents, 10_000),
    requestTimeoutMs: ms('requestTimeoutMs', o.requestTimeoutMs, 10_000),
    retry: {
      baseDelayMs: ms('retry.baseDelayMs', o.retry?.baseDelayMs, 1_000, 0),
      maxDelayMs: ms('retry.maxDelayMs', o.retry?.maxDelayMs, 60_000, 0),
    },
    scheduler: o.scheduler ?? systemScheduler,
    random: fn('random', o.random, Math.random),
    uuid: fn('uuid', o.uuid, randomUuid),
    persistence: o.persistence && {
      storage: o.persistence.storage,
      key: o.persistence.key ?? DEFAULT_PERSISTENCE_KEY,
      maxEvents: count('persistence.maxEvents', o.persistence.maxEvents, DEFAULT_PERSISTED_EVENTS, 0),
    },
    unloadTransport: fn('unloadTransport', o.unloadTransport, undefined),
    onError: fn('onError', o.onError, undefined),
    logger: o.logger ?? silentLogger,
  };
  if (issues.length > 0) throw new ConfigError(issues, { code: 'INVALID_OPTIONS', subject: 'event pipeline options' });
  return resolved;
}
