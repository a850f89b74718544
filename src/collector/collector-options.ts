/** Options of {@link createCollector}, their defaults and their validation. */
import { ConfigError } from '../errors/index.js';
import type { ValidationIssue } from '../errors/index.js';
import type { CorsOptions } from './cors.js';
import type { EventStore } from '../events/store.js';
import { MAX_EVENT_AGE_MS, MAX_EVENT_AHEAD_MS } from '../events/limits.js';

/** Default limit on a request body: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Default path batches are posted to. */
export const DEFAULT_COLLECTOR_PATH = '/events';

/** Default limit on the events of one batch; more are answered 413 before any is validated. */
export const DEFAULT_MAX_EVENTS = 1000;

/** Default limit on the JSON values of one body (objects, arrays, strings, numbers, literals; keys not counted). */
export const DEFAULT_MAX_JSON_VALUES = 50_000;

/** Deepest nesting the collector parses inside an event (the event object is level 1), above the protocol's own limit. */
export const MAX_EVENT_DEPTH = 64;

/** Default and largest number of issues a 400 or 422 lists (`issueCount` says how many were found). */
export const MAX_ISSUES = 100;

/** Default oldest accepted event: 90 days before the collector's clock. */
export const DEFAULT_MAX_EVENT_AGE_MS = MAX_EVENT_AGE_MS;

/** Default furthest accepted event in the future: 1 day after the collector's clock. */
export const DEFAULT_MAX_EVENT_AHEAD_MS = MAX_EVENT_AHEAD_MS;

/** Default time a client may leave between two pieces of a body before it is answered 408. */
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;

/** Default limit on the body bytes held by all requests in progress together: 32 MiB. */
export const DEFAULT_MAX_IN_FLIGHT_BYTES = 32 * 1024 * 1024;

/** How {@link createCollector} accepts batches. */
export interface CollectorOptions {
  /** Where accepted events go. A batch is acknowledged only after `store.append` resolved. */
  store: EventStore;
  /** Bodies larger than this are answered 413 without being read further. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Batches with more events are answered 413 (the SDK splits them) before any event is validated. Default 1,000. */
  maxEvents?: number;
  /** Bodies with more JSON values (keys not counted) are answered 413 before they are parsed. Default 50,000. */
  maxJsonValues?: number;
  /** Most issues listed in a 400 or 422, 1 to 100; validation stops once this many are found. Default 100. */
  maxIssues?: number;
  /** Events whose `time` is further than this before the collector's clock are refused (400). Default 90 days. */
  maxEventAgeMs?: number;
  /** Events whose `time` is further than this after the collector's clock are refused (400). Default 1 day. */
  maxEventAheadMs?: number;
  /** A body that pauses longer than this between two pieces is answered 408 and its connection closed. Default 10 s. */
  bodyTimeoutMs?: number;
  /** Body bytes all requests in progress may hold together; past it, requests are answered 503 with `Retry-After`. Default 32 MiB. */
  maxInFlightBytes?: number;
  /** When set, requests need `Authorization: Bearer <secret>` (401 otherwise). */
  secret?: string;
  /** CORS for browser clients: allowed origins, or `'*'` for any. Off by default. */
  cors?: CorsOptions;
  /** Path that accepts batches; any other path answers 404. Default `/events`. */
  path?: string;
  /** Called with store failures and unexpected errors (the client sees a 503 and retries). Default: `console.error`. */
  onError?: (error: Error) => void;
  /** The collector's clock in epoch ms, for the time window. Default `Date.now`. */
  now?: () => number;
}

/** The limits of {@link CollectorOptions}, every one filled in. */
export interface CollectorLimits {
  maxBodyBytes: number;
  maxEvents: number;
  maxJsonValues: number;
  maxIssues: number;
  maxEventAgeMs: number;
  maxEventAheadMs: number;
  bodyTimeoutMs: number;
  maxInFlightBytes: number;
}

/** {@link CollectorOptions} with every default filled in. */
export interface CollectorSettings extends CollectorLimits {
  store: EventStore;
  secret: string | undefined;
  cors: CorsOptions | undefined;
  path: string;
  onError: (error: Error) => void;
  now: () => number;
}

function reportToConsole(error: Error): void {
  console.error('splitkit collector:', error);
}

/** Each limit's default and the smallest and largest value it may take. */
const LIMITS: { [K in keyof CollectorLimits]: { fallback: number; min: number; max: number } } = {
  maxBodyBytes: { fallback: DEFAULT_MAX_BODY_BYTES, min: 1, max: Number.MAX_SAFE_INTEGER },
  maxEvents: { fallback: DEFAULT_MAX_EVENTS, min: 1, max: Number.MAX_SAFE_INTEGER },
  maxJsonValues: { fallback: DEFAULT_MAX_JSON_VALUES, min: 1, max: Number.MAX_SAFE_INTEGER },
  maxIssues: { fallback: MAX_ISSUES, min: 1, max: MAX_ISSUES },
  maxEventAgeMs: { fallback: DEFAULT_MAX_EVENT_AGE_MS, min: 0, max: Number.MAX_SAFE_INTEGER },
  maxEventAheadMs: { fallback: DEFAULT_MAX_EVENT_AHEAD_MS, min: 0, max: Number.MAX_SAFE_INTEGER },
  bodyTimeoutMs: { fallback: DEFAULT_BODY_TIMEOUT_MS, min: 1, max: 2_147_483_647 },
  maxInFlightBytes: { fallback: DEFAULT_MAX_IN_FLIGHT_BYTES, min: 1, max: Number.MAX_SAFE_INTEGER },
};

const LIMIT_NAMES = Object.keys(LIMITS) as (keyof CollectorLimits)[];

/** The limits, defaults filled in (checked by `collectorOptionIssues`). */
function limits(options: Partial<CollectorLimits> | undefined): CollectorLimits {
  const out = {} as CollectorLimits;
  for (const name of LIMIT_NAMES) out[name] = options?.[name] ?? LIMITS[name].fallback;
  return out;
}

/**
 * The problems of every option but the store (the CLI checks them before it opens one), each with its
 * option's path.
 */
export function collectorOptionIssues(options: Omit<CollectorOptions, 'store'>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const filled = limits(options);
  for (const name of LIMIT_NAMES) {
    const { min, max } = LIMITS[name];
    const value = filled[name];
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      issues.push({
        path: name,
        message:
          max === Number.MAX_SAFE_INTEGER
            ? `expected an integer >= ${min}`
            : `expected an integer from ${min} to ${max}`,
      });
    }
  }
  // A body the whole budget cannot hold would be answered 503 (retry later) on every attempt, for good.
  if (
    Number.isSafeInteger(filled.maxInFlightBytes) &&
    Number.isSafeInteger(filled.maxBodyBytes) &&
    filled.maxInFlightBytes < filled.maxBodyBytes
  ) {
    issues.push({
      path: 'maxInFlightBytes',
      message: `expected at least maxBodyBytes (${filled.maxBodyBytes}): a body larger than it would be answered 503 on every retry`,
    });
  }
  const path = options?.path ?? DEFAULT_COLLECTOR_PATH;
  if (typeof path !== 'string' || !path.startsWith('/') || path.includes('?')) {
    issues.push({ path: 'path', message: "expected a path starting with '/' and without a query" });
  }
  if (options?.secret !== undefined && (typeof options.secret !== 'string' || options.secret === '')) {
    issues.push({ path: 'secret', message: 'expected a non-empty string' });
  } else if (typeof options?.secret === 'string' && options.secret !== options.secret.trim()) {
    // Clients and proxies strip the whitespace around a header value, so no request could ever carry it.
    issues.push({
      path: 'secret',
      message:
        'must not start or end with whitespace (no Authorization header can carry it; a newline read from a file?)',
    });
  }
  const origins = options?.cors?.origins;
  if (
    options?.cors !== undefined &&
    origins !== '*' &&
    !(Array.isArray(origins) && origins.every((o) => typeof o === 'string'))
  ) {
    issues.push({
      path: 'cors.origins',
      message: "expected '*' or a list of origins such as 'https://app.example.com'",
    });
  } else if (Array.isArray(origins)) {
    origins.forEach((origin, i) => {
      const problem = originProblem(origin);
      if (problem !== undefined) issues.push({ path: `cors.origins[${i}]`, message: problem });
    });
  }
  if (options?.now !== undefined && typeof options.now !== 'function')
    issues.push({ path: 'now', message: 'expected a function' });
  return issues;
}

/**
 * Why `origin` can never equal a browser's `Origin` header, or undefined. Origins are compared exactly, so
 * 'https://app.example.com/' (a trailing slash) or 'app.example.com' (no scheme) would refuse every request.
 */
function originProblem(origin: string): string | undefined {
  // What sandboxed frames and file:// pages send.
  if (origin === 'null') return undefined;
  let serialized: string | undefined;
  try {
    serialized = new URL(origin).origin;
  } catch {
    serialized = undefined;
  }
  if (serialized === origin) return undefined;
  const hint = serialized === undefined || serialized === 'null' ? '' : `; browsers send '${serialized}'`;
  return `expected an origin (scheme, host and optional port, no path) such as 'https://app.example.com', got '${origin}'${hint}`;
}

/** Checks the options and fills the defaults; throws `ConfigError` (`INVALID_OPTIONS`) listing every problem. */
export function resolveCollectorOptions(options: CollectorOptions): CollectorSettings {
  const issues: ValidationIssue[] = [];
  const store = options?.store as EventStore | undefined;
  if (typeof store?.append !== 'function' || typeof store.read !== 'function') {
    issues.push({ path: 'store', message: 'expected an EventStore (append, read, close)' });
  }
  issues.push(...collectorOptionIssues(options));
  if (issues.length > 0) throw new ConfigError(issues, { code: 'INVALID_OPTIONS', subject: 'collector options' });
  return {
    store: store as EventStore,
    ...limits(options),
    path: options.path ?? DEFAULT_COLLECTOR_PATH,
    secret: options.secret,
    cors: options.cors,
    onError: options.onError ?? reportToConsole,
    now: options.now ?? Date.now,
  };
}
