/**
 * createClient's options and their validation. Bad options are a programming
 * error, so createClient throws a ConfigError naming each bad path; a bad
 * ruleset is data and never throws (see create-client.ts). The checks are
 * hand-written (shared/option-checks.ts) so that no schema library reaches
 * browser bundles.
 */
import type { SplitkitError } from '../errors/index.js';
import type { User } from '../eval/types.js';
import type { Logger } from '../io/logger.js';
import type { KeyValueStorage } from '../io/storage.js';
import type { Scheduler } from '../io/scheduler.js';
import type { Transport } from '../events/transport.js';
import type { Ruleset } from '../ruleset/types.js';
import {
  arrayOf,
  fn,
  is,
  methods,
  nonEmpty,
  oneOf,
  orLiteral,
  recordOf,
  shape,
  type Check,
} from '../shared/option-checks.js';
import { pipelineRetry, pipelineTuning } from '../events/pipeline-options.js';
import type { Overrides } from './overrides.js';
import type { SourceOptions } from '../source/options.js';
import type { Bootstrap } from './snapshot.js';
import type { StickyAssignments } from './assignments.js';
import { isJson } from './json.js';
import { bool, checkClientOptions, commonFields, count, ms, string } from './common-options.js';

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
  /**
   * The ruleset JSON (object or string). Validated; an invalid one is reported and every read serves defaults.
   * Optional with a `source` or `bootstrap` (a ruleset given with a source is what reads serve until the
   * cache or the network has a newer one).
   */
  ruleset?: unknown;
  /** Fetch the ruleset from a URL and keep it fresh (polling, or a stream), with a cache; see docs/delivery.md. */
  source?: SourceOptions;
  /**
   * What the server's `client.snapshot(user)` returned: the client evaluates from it synchronously, so the
   * first paint shows what the server rendered. Its user is bound unless `user` is given.
   */
  bootstrap?: Bootstrap;
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
  /**
   * Send events to your collector with the built-in fetch transport. `url` holds no user name or password
   * (refused, reported once): send credentials in `headers`.
   */
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
  /**
   * Sticky assignments for the experiments a ruleset marks `sticky`: `stickyAssignments(store?)`
   * (docs/bucketing.md#sticky-assignments). Default: none, every unit is assigned by its hash alone.
   */
  assignments?: StickyAssignments;
}

/** `events`, with `tuning` checking the options the event pipeline takes. */
const eventOptions = (tuning: { [key: string]: Check }): Check =>
  shape({
    ...tuning,
    attributes: arrayOf(string),
    logExposures: bool,
    exposureDedupe: shape({ maxEntries: count, ttlMs: ms }),
    persist: bool,
  });

const clientFields = {
  ...commonFields,
  environment: oneOf('browser', 'server'),
  validate: orLiteral(false, fn),
  collector: shape({ url: nonEmpty, headers: recordOf(string) }),
  transport: fn,
  overrides: shape({
    gates: recordOf(bool),
    experiments: recordOf(orLiteral(null, string)),
    params: recordOf(is(isJson, 'a JSON value')),
  }),
  identityStores: arrayOf(methods(['get', 'set', 'remove'])),
  // What stickyAssignments() returns: an app's own store passed as it is would be ignored.
  assignments: is((value) => typeof (value as StickyAssignments | null)?._apply === 'function', 'stickyAssignments()'),
};
// Without a collector or transport there is no pipeline, and its options only need to be numbers.
const withoutPipeline = shape({
  ...clientFields,
  // The counts are checked as the pipeline checks them; the times only need to be numbers >= 0.
  events: eventOptions({
    ...pipelineTuning,
    flushIntervalMs: ms,
    requestTimeoutMs: ms,
    retry: shape({ baseDelayMs: ms, maxDelayMs: ms }),
  }),
});
// With one, createClient starts the pipeline without checking again: its own checks apply here (`retry` strict, as above).
const withPipeline = shape({
  ...clientFields,
  events: eventOptions({ ...pipelineTuning, retry: shape(pipelineRetry) }),
});

/**
 * Throws a ConfigError listing every invalid option with its path (e.g. `events.batchSize`). Options that throw
 * when read (a getter, a Proxy) are invalid options too: listed as `cannot be read`, with what they threw.
 */
export function validateOptions(options: unknown): ClientOptions {
  checkClientOptions((value, path, issues) => {
    const given = value as Partial<ClientOptions> | null | undefined;
    (given?.transport !== undefined || given?.collector !== undefined ? withPipeline : withoutPipeline)(
      value,
      path,
      issues,
    );
  }, options);
  return options as ClientOptions;
}
