/** Options of {@link createCollector}, their defaults and their validation. */
import { ConfigError } from '../errors/index.js';
import type { ValidationIssue } from '../errors/index.js';
import type { CorsOptions } from './cors.js';
import type { EventStore } from '../events/store.js';

/** Default limit on a request body: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Default path batches are posted to. */
export const DEFAULT_COLLECTOR_PATH = '/events';

/** How {@link createCollector} accepts batches. */
export interface CollectorOptions {
  /** Where accepted events go. A batch is acknowledged only after `store.append` resolved. */
  store: EventStore;
  /** Bodies larger than this are answered 413 without being read further. Default 1 MiB. */
  maxBodyBytes?: number;
  /** When set, requests need `Authorization: Bearer <secret>` (401 otherwise). */
  secret?: string;
  /** CORS for browser clients: allowed origins, or `'*'` for any. Off by default. */
  cors?: CorsOptions;
  /** Path that accepts batches; any other path answers 404. Default `/events`. */
  path?: string;
  /** Called with store failures and unexpected errors (the client sees a 503 and retries). Default: `console.error`. */
  onError?: (error: Error) => void;
}

/** {@link CollectorOptions} with every default filled in. */
export interface CollectorSettings {
  store: EventStore;
  maxBodyBytes: number;
  secret: string | undefined;
  cors: CorsOptions | undefined;
  path: string;
  onError: (error: Error) => void;
}

function reportToConsole(error: Error): void {
  console.error('splitkit collector:', error);
}

/** The options that have defaults, filled in (checked by `collectorOptionIssues`). */
function defaulted(options: Omit<CollectorOptions, 'store'> | undefined): { maxBodyBytes: number; path: string } {
  return { maxBodyBytes: options?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, path: options?.path ?? DEFAULT_COLLECTOR_PATH };
}

/**
 * The problems of every option but the store (the CLI checks them before it opens one), each with its
 * option's path.
 */
export function collectorOptionIssues(options: Omit<CollectorOptions, 'store'>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const { maxBodyBytes, path } = defaulted(options);
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) {
    issues.push({ path: 'maxBodyBytes', message: 'expected a positive integer' });
  }
  if (typeof path !== 'string' || !path.startsWith('/') || path.includes('?')) {
    issues.push({ path: 'path', message: "expected a path starting with '/' and without a query" });
  }
  if (options?.secret !== undefined && (typeof options.secret !== 'string' || options.secret === '')) {
    issues.push({ path: 'secret', message: 'expected a non-empty string' });
  }
  const origins = options?.cors?.origins;
  if (options?.cors !== undefined && origins !== '*' && !(Array.isArray(origins) && origins.every((o) => typeof o === 'string'))) {
    issues.push({ path: 'cors.origins', message: "expected '*' or a list of origins such as 'https://app.example.com'" });
  }
  return issues;
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
    ...defaulted(options),
    secret: options.secret,
    cors: options.cors,
    onError: options.onError ?? reportToConsole,
  };
}
