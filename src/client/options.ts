/**
 * createClient's options and their validation. Bad options are a programming
 * error, so createClient throws a ConfigError naming each bad path; a bad
 * ruleset is data and never throws (see create-client.ts).
 */
import * as z from 'zod/mini';
import { ConfigError, type SplitkitError } from '../errors/index.js';
import type { User } from '../eval/types.js';
import type { Logger } from '../io/logger.js';
import type { KeyValueStorage } from '../io/storage.js';
import type { Scheduler } from '../io/scheduler.js';
import type { Transport } from '../io/transport.js';
import { issuesFromZod, zodMessage } from '../ruleset/zod-issues.js';
import type { Overrides } from './overrides.js';

/** Where the device id cookie is written (first-party, readable by your server). */
export interface DeviceCookieOptions {
  /** Default `splitkit_did`. */
  name?: string;
  /** e.g. `.example.com` to share the id across subdomains. */
  domain?: string;
  path?: string;
  /** Default 365. */
  maxAgeDays?: number;
  sameSite?: 'Lax' | 'Strict' | 'None';
  secure?: boolean;
}

/** How the browser keeps a logged-out visitor's device id. Ignored on servers, which persist nothing. */
export interface IdentityOptions {
  /** Whether the id may be persisted (consent). `false`: memory only until `setIdentityConsent(true)`. Default true. */
  persist?: boolean;
  /** localStorage key. Default `splitkit.deviceID`. */
  storageKey?: string;
  /** Cookie fallback; `false` disables it. */
  cookie?: DeviceCookieOptions | false;
}

/** Event pipeline tuning. */
export interface EventOptions {
  /** Events per request. Default 100. */
  batchSize?: number;
  /** Default 10,000 ms in the browser, 5,000 ms on servers. */
  flushIntervalMs?: number;
  /** Queue bound; past it the oldest events are dropped and counted. Default 10,000. */
  maxQueuedEvents?: number;
  /** Per-request timeout. Default 10,000 ms. */
  requestTimeoutMs?: number;
  retry?: { baseDelayMs?: number; maxDelayMs?: number };
  /** User attributes copied into events (privacy: none by default; unit ids are always sent). */
  attributes?: string[];
  /** `false` turns automatic exposure logging off. Default true. */
  logExposures?: boolean;
  /** Exposure dedupe: entries kept (default 10,000 in the browser, 100,000 on servers) and window (default: the client's lifetime in the browser, 1 hour on servers). */
  exposureDedupe?: { maxEntries?: number; ttlMs?: number };
  /** Browser: keep unsent events in localStorage for the next page load. Default true. */
  persist?: boolean;
}

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** The ruleset JSON (object or string). Validated; an invalid one is reported and every read serves defaults. */
  ruleset: unknown;
  /** The user to bind (browser style). Servers usually pass a user per call instead. */
  user?: User;
  /** Default: detected once from the host (`window` and `document` → browser). */
  environment?: 'browser' | 'server';
  /** Send events to your collector with the built-in fetch transport. */
  collector?: { url: string; headers?: { [name: string]: string } };
  /** Or deliver batches yourself (a queue, an analytics API). */
  transport?: Transport;
  events?: EventOptions;
  identity?: IdentityOptions;
  overrides?: Overrides;
  /** Called with every problem (unknown gates, invalid rulesets, failed deliveries). Default: logged as warnings. */
  onError?: (error: SplitkitError) => void;
  /** Default `console`. */
  logger?: Logger;
  /** Clock for schedules and event times. Default `Date.now`. */
  now?: () => number;
  /** Timers (tests, custom runtimes). Default: the host's timers, unref'd in Node. */
  scheduler?: Scheduler;
  /** Browser: replace the device id stores (default: cookie, then localStorage). */
  identityStores?: KeyValueStorage[];
}

const fn = z.custom<(...args: never[]) => unknown>((value) => typeof value === 'function', 'expected a function');
const count = z.number().check(z.int(), z.gt(0));
const ms = z.number().check(z.gte(0), z.refine(Number.isFinite, 'expected a finite number'));

const optionsSchema = z.strictObject({
  ruleset: z.unknown(),
  user: z.optional(z.record(z.string(), z.unknown())),
  environment: z.optional(z.enum(['browser', 'server'])),
  collector: z.optional(z.object({ url: z.string().check(z.minLength(1)), headers: z.optional(z.record(z.string(), z.string())) })),
  transport: z.optional(fn),
  events: z.optional(z.strictObject({
    batchSize: z.optional(count),
    flushIntervalMs: z.optional(ms),
    maxQueuedEvents: z.optional(count),
    requestTimeoutMs: z.optional(ms),
    retry: z.optional(z.strictObject({ baseDelayMs: z.optional(ms), maxDelayMs: z.optional(ms) })),
    attributes: z.optional(z.array(z.string())),
    logExposures: z.optional(z.boolean()),
    exposureDedupe: z.optional(z.strictObject({ maxEntries: z.optional(count), ttlMs: z.optional(ms) })),
    persist: z.optional(z.boolean()),
  })),
  identity: z.optional(z.strictObject({
    persist: z.optional(z.boolean()),
    storageKey: z.optional(z.string().check(z.minLength(1))),
    cookie: z.optional(z.union([z.literal(false), z.strictObject({
      name: z.optional(z.string().check(z.minLength(1))),
      domain: z.optional(z.string()),
      path: z.optional(z.string()),
      maxAgeDays: z.optional(z.number().check(z.gt(0))),
      sameSite: z.optional(z.enum(['Lax', 'Strict', 'None'])),
      secure: z.optional(z.boolean()),
    })])),
  })),
  overrides: z.optional(z.object({
    gates: z.optional(z.record(z.string(), z.boolean())),
    experiments: z.optional(z.record(z.string(), z.nullable(z.string()))),
    params: z.optional(z.record(z.string(), z.json())),
  })),
  onError: z.optional(fn),
  logger: z.optional(z.object({ debug: fn, info: fn, warn: fn, error: fn })),
  now: z.optional(fn),
  scheduler: z.optional(z.object({ now: fn, setTimeout: fn, clearTimeout: fn })),
  identityStores: z.optional(z.array(z.object({ get: fn, set: fn, remove: fn }))),
});

/** Throws a ConfigError listing every invalid option with its path (e.g. `events.batchSize`). */
export function validateOptions(options: unknown): ClientOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError([{ path: '', message: 'expected an options object' }], { code: 'INVALID_OPTIONS', subject: 'options' });
  }
  const result = z.safeParse(optionsSchema, options, { error: zodMessage });
  if (!result.success) throw new ConfigError(issuesFromZod(result.error.issues), { code: 'INVALID_OPTIONS', subject: 'options' });
  // Return the caller's object, not zod's copy: functions and user objects keep their identity.
  return options as ClientOptions;
}
