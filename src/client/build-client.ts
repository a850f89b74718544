/**
 * Assembles the full client: validates (or trusts) the ruleset, picks the
 * environment once, and wires identity (browser device id) and the event
 * pipeline (when a collector or transport is given). The entry points decide
 * the default validation: `createClient` in Node validates with parseRuleset;
 * the browser build trusts, so no validator reaches its bundle by default.
 */
import { SplitkitError, isSplitkitError } from '../errors/index.js';
import { normalizeRuleset, type RulesetInput } from '../ruleset/normalize.js';
import type { Ruleset } from '../ruleset/types.js';
import type { Logger } from '../io/logger.js';
import { systemScheduler } from '../io/scheduler.js';
import { createEventPipeline, createExposureDeduper } from '../events/index.js';
import { attachPageLifecycle, createBeaconSender, createCookieStorage, createFetchTransport, createLocalStorage } from '../adapters/index.js';
import { SDK } from '../version.js';
import { SplitkitClient } from './client.js';
import { ClientEvents } from './client-events.js';
import { detectEnvironment, type Environment } from './environment.js';
import { EventFactory } from './event-factory.js';
import { DeviceIdentity } from './identity.js';
import { validateOptions, type ClientOptions } from './options.js';
import { Reporter } from './reporter.js';
import { safeText } from './safe-text.js';
import { randomUuid } from '../events/uuid.js';
import type { KeyValueStorage } from '../io/storage.js';

const HOUR = 3_600_000;

/** A ruleset validator: returns the normalized ruleset or throws (ConfigError). */
export type RulesetValidator = (input: unknown) => Ruleset;

/** Fills defaults without validating: for rulesets the app trusts. Accepts JSON text too. */
export function trustRuleset(input: unknown): Ruleset {
  return normalizeRuleset((typeof input === 'string' ? JSON.parse(input) : input) as RulesetInput);
}

/** Builds a client; `defaultValidate` applies when `options.validate` is not given. */
export function buildClient(options: ClientOptions, defaultValidate: RulesetValidator | false): SplitkitClient {
  const opts = validateOptions(options);
  const chosen = opts.validate === undefined ? defaultValidate : opts.validate;
  const validate = chosen === false ? trustRuleset : chosen;
  const environment: Environment = opts.environment ?? detectEnvironment();
  const logger: Logger = opts.logger ?? console;
  const reporter = new Reporter(logger, opts.onError);
  const now = opts.now ?? Date.now;

  let ruleset: Ruleset;
  let rulesetError: SplitkitError | undefined;
  try {
    ruleset = validate(opts.ruleset);
  } catch (error) {
    rulesetError = isSplitkitError(error) ? error : new SplitkitError('INVALID_RULESET', safeText(error), { cause: error });
    reporter.report(rulesetError);
    ruleset = normalizeRuleset({});
  }

  const identity = environment === 'browser' ? browserIdentity(opts) : undefined;
  const events = createEvents(opts, environment, reporter, logger, now);
  const client = new SplitkitClient({
    ruleset,
    rulesetError,
    user: opts.user ?? {},
    reporter,
    now,
    parse: validate,
    events,
    identity,
  });
  if (opts.overrides) client.override(opts.overrides);
  return client;
}

function browserIdentity(opts: ClientOptions): DeviceIdentity {
  const key = opts.identity?.storageKey ?? 'splitkit.deviceID';
  const stores: { storage: KeyValueStorage; key: string }[] = [];
  if (opts.identityStores) {
    for (const storage of opts.identityStores) stores.push({ storage, key });
  } else {
    // The cookie comes first: it is what the server reads, so browser and server agree on the id.
    const cookieOptions = opts.identity?.cookie;
    const cookie = cookieOptions === false ? undefined : createCookieStorage({ maxAgeDays: 365, ...cookieOptions });
    if (cookie) stores.push({ storage: cookie, key: (cookieOptions && cookieOptions.name) || 'splitkit_did' });
    const local = createLocalStorage();
    if (local) stores.push({ storage: local, key });
  }
  return new DeviceIdentity({ stores, uuid: randomUuid, consent: opts.identity?.persist ?? true });
}

function createEvents(opts: ClientOptions, environment: Environment, reporter: Reporter, logger: Logger, now: () => number): ClientEvents | undefined {
  const transport = opts.transport ?? (opts.collector ? createFetchTransport(opts.collector) : undefined);
  if (!transport) return undefined;
  const browser = environment === 'browser';
  const e = opts.events ?? {};
  const persistStorage = browser && e.persist !== false ? createLocalStorage() : undefined;
  const pipeline = createEventPipeline({
    transport,
    sdk: SDK,
    batchSize: e.batchSize,
    flushIntervalMs: e.flushIntervalMs ?? (browser ? 10_000 : 5_000),
    maxQueuedEvents: e.maxQueuedEvents,
    requestTimeoutMs: e.requestTimeoutMs,
    retry: e.retry,
    scheduler: opts.scheduler ?? systemScheduler,
    uuid: randomUuid,
    persistence: persistStorage ? { storage: persistStorage } : undefined,
    unloadTransport: browser && opts.collector ? createBeaconSender({ url: opts.collector.url }) : undefined,
    onError: (error) => reporter.report(error),
    logger,
  });
  if (browser) attachPageLifecycle(pipeline);
  const factory = new EventFactory({ source: browser ? 'client' : 'server', uuid: randomUuid, now, attributes: e.attributes });
  const deduper = e.logExposures === false
    ? undefined
    : createExposureDeduper({
        maxEntries: e.exposureDedupe?.maxEntries ?? (browser ? 10_000 : 100_000),
        ttlMs: e.exposureDedupe?.ttlMs ?? (browser ? undefined : HOUR),
        now,
      });
  return new ClientEvents(factory, pipeline, deduper);
}
