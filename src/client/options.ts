/**
 * createClient's options and their validation. Bad options are a programming
 * error, so createClient throws a ConfigError naming each bad path; a bad
 * ruleset is data and never throws (see create-client.ts). The checks are
 * hand-written (shape.ts) so that no schema library reaches browser bundles.
 */
import { ConfigError, type SplitkitError } from '../errors/index.js';
import type { User } from '../eval/types.js';
import type { Logger } from '../io/logger.js';
import type { KeyValueStorage } from '../io/storage.js';
import type { Scheduler } from '../io/scheduler.js';
import type { Transport } from '../io/transport.js';
import type { Ruleset } from '../ruleset/types.js';
import { arrayOf, is, orLiteral, problemsOf, recordOf, shape } from './shape.js';
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
  /**
   * How the ruleset is validated. Node default: `parseRuleset` (every problem reported with its path).
   * Browser builds default to trusting the ruleset (defaults filled in, nothing validated) to keep the
   * bundle small: pass `validate: parseRuleset` to validate there too, or `false` to trust it anywhere.
   */
  validate?: ((input: unknown) => Ruleset) | false;
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

const fn = is((value) => typeof value === 'function', 'a function');
const bool = is((value) => typeof value === 'boolean', 'a boolean');
const string = is((value) => typeof value === 'string', 'a string');
const nonEmpty = is((value) => typeof value === 'string' && value !== '', 'a non-empty string');
const count = is((value) => Number.isInteger(value) && (value as number) > 0, 'a whole number > 0');
const ms = is((value) => typeof value === 'number' && Number.isFinite(value) && value >= 0, 'a finite number >= 0');
const positive = is((value) => typeof value === 'number' && Number.isFinite(value) && value > 0, 'a number > 0');
const json = is(isJson, 'a JSON value');

const optionsShape = shape({
  ruleset: () => {},
  user: shape({}, false),
  environment: is((value) => value === 'browser' || value === 'server', '"browser" or "server"'),
  validate: orLiteral(false, fn),
  collector: shape({ url: nonEmpty, headers: recordOf(string) }),
  transport: fn,
  events: shape({
    batchSize: count,
    flushIntervalMs: ms,
    maxQueuedEvents: count,
    requestTimeoutMs: ms,
    retry: shape({ baseDelayMs: ms, maxDelayMs: ms }),
    attributes: arrayOf(string),
    logExposures: bool,
    exposureDedupe: shape({ maxEntries: count, ttlMs: ms }),
    persist: bool,
  }),
  identity: shape({
    persist: bool,
    storageKey: nonEmpty,
    cookie: orLiteral(false, shape({
      name: nonEmpty,
      domain: string,
      path: string,
      maxAgeDays: positive,
      sameSite: is((value) => value === 'Lax' || value === 'Strict' || value === 'None', '"Lax", "Strict" or "None"'),
      secure: bool,
    })),
  }),
  overrides: shape({
    gates: recordOf(bool),
    experiments: recordOf(orLiteral(null, string)),
    params: recordOf(json),
  }),
  onError: fn,
  logger: shape({ debug: fn, info: fn, warn: fn, error: fn }, false),
  now: fn,
  scheduler: shape({ now: fn, setTimeout: fn, clearTimeout: fn }, false),
  identityStores: arrayOf(shape({ get: fn, set: fn, remove: fn }, false)),
});

function isJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJson);
  return typeof value === 'object' && Object.values(value as object).every(isJson);
}

/** Throws a ConfigError listing every invalid option with its path (e.g. `events.batchSize`). */
export function validateOptions(options: unknown): ClientOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError([{ path: '', message: 'expected an options object' }], { code: 'INVALID_OPTIONS', subject: 'options' });
  }
  const issues = problemsOf(optionsShape, options);
  if (issues.length > 0) throw new ConfigError(issues, { code: 'INVALID_OPTIONS', subject: 'options' });
  return options as ClientOptions;
}
