/**
 * Assembles the full client: validates (or trusts) the ruleset, picks the
 * environment once, and wires identity (browser device id) and the event
 * pipeline (when a collector or transport is given). The entry points decide
 * the default validation: `createClient` in Node validates with parseRuleset;
 * the browser build trusts, so no validator reaches its bundle by default.
 */
// The order of these imports is on purpose: bundlers lay modules out in import order, and gzip compresses
// better when similar code sits close. The client's modules ahead of the pipeline's saved about 75 bytes in
// app (b) of `npm run size`; moving single imports to the front or back, one at a time, and keeping each move
// that shrank (b) and (c), saved 21 more (2026-12-06). Measure before reordering.
import { createExposureDeduper, DEFAULT_DEDUPE_ENTRIES } from '../events/exposure-dedupe.js';
import { SplitkitClient } from './client.js';
import type { RulesetInput } from '../ruleset/input.js';
import type { Ruleset } from '../ruleset/types.js';
import type { Logger } from '../io/logger.js';
import { randomUuid } from '../io/uuid.js';
import {
  attachPageLifecycle,
  createBeaconSender,
  createFetchTransport,
  createLocalStorage,
} from '../adapters/index.js';
import { createClientEvents, type ClientEvents } from './client-events.js';
import { createEventFactory } from './event-factory.js';
import type { DeviceIdentity } from './identity.js';
import { browserIdentity } from './browser-identity.js';
import { validateOptions, type ClientOptions } from './options.js';
import { createClientReporter, type Reporter } from './reporter.js';
import { systemScheduler } from '../io/scheduler.js';
import { createDelivery } from './delivery.js';
import { usableBootstrap } from './snapshot.js';
import { attachSource } from './attach-source.js';
import { detectEnvironment } from './environment.js';
import { SDK } from '../version.js';
import { startEventPipeline } from '../events/pipeline.js';
import { DEFAULT_PERSISTENCE_KEY, queueKeys } from '../events/persistence.js';

const HOUR = 3_600_000;

/** A ruleset validator: returns the normalized ruleset or throws (ConfigError). */
type RulesetValidator = (input: unknown) => Ruleset;

/**
 * Takes a ruleset the app trusts as it is (JSON text is parsed): the compiler applies the defaults,
 * so no normalizer reaches the browser bundle.
 */
function trustRuleset(input: unknown): RulesetInput {
  return (typeof input === 'string' ? JSON.parse(input) : input) as RulesetInput;
}

/** Builds a client; `defaultValidate` applies when `options.validate` is not given. */
export function buildClient(
  options: ClientOptions,
  defaultValidate: RulesetValidator | false,
  identity?: DeviceIdentity,
): SplitkitClient {
  const opts = validateOptions(options);
  // `validate: false` (or a `false` default) trusts the ruleset.
  const validate: (input: unknown) => RulesetInput = (opts.validate ?? defaultValidate) || trustRuleset;
  const browser = (opts.environment ?? detectEnvironment()) === 'browser';
  // validateOptions refused a null in any of these, so defaults need only cover `undefined`.
  const { source, logger = console as Logger, now = Date.now, scheduler = systemScheduler } = opts;
  const reporter = createClientReporter(logger, opts.onError);
  const bootstrap = usableBootstrap(opts.bootstrap, reporter);
  const delivery = createDelivery(bootstrap, opts.ruleset !== undefined, browser, scheduler);
  // A values bootstrap serves its visitor's results until a source brings a ruleset (the client sees to it).
  const values = bootstrap?.mode === 'values' ? bootstrap : undefined;
  // The reader validates the ruleset: an invalid one is reported and the empty one stands in.
  const client = new SplitkitClient({
    // A ruleset bootstrap is what the server rendered this page with: it wins over a bundled `ruleset` option,
    // whose ETag it is not (a 304 to the bootstrap's ETag would otherwise confirm the bundled one for good).
    ruleset: bootstrap?.ruleset ?? opts.ruleset ?? {},
    user: opts.user ?? bootstrap?.user,
    delivery,
    _values: values,
    overrides: opts.overrides,
    reporter,
    now,
    parse: validate,
    events: createEvents(opts, browser, reporter, logger, now),
    identity: identity ?? (browser ? browserIdentity(opts.identity, opts.identityStores) : undefined),
    assignments: opts.assignments,
    _seed: bootstrap,
  });
  if (source) attachSource(client, delivery, reporter, source, browser, now, bootstrap !== undefined, opts.ruleset);
  return client;
}

function createEvents(
  opts: ClientOptions,
  browser: boolean,
  reporter: Reporter,
  logger: Logger,
  now: () => number,
): ClientEvents | undefined {
  const { collector, transport = collector && createFetchTransport(collector, 'collector.url'), events: e = {} } = opts;
  if (!transport) return undefined;
  // Stored events carry the device id: without identity consent (`identity.persist: false`) they are not stored
  // either, unless the app opts in with `events.persist: true`.
  const persistStorage = browser && (e.persist ?? opts.identity?.persist) !== false ? createLocalStorage() : undefined;
  // One key per collector: a page load sends everything stored under its key, so two clients posting to
  // different collectors (an app and a widget) must not read each other's events.
  const key = collector ? `${DEFAULT_PERSISTENCE_KEY} ${collector.url}` : DEFAULT_PERSISTENCE_KEY;
  // validateOptions checked what goes in with the pipeline's own checks.
  const pipeline = startEventPipeline({
    // batchSize, maxQueuedEvents, requestTimeoutMs and retry go through as they are (undefined: the pipeline's default).
    ...e,
    transport,
    sdk: SDK,
    flushIntervalMs: e.flushIntervalMs ?? (browser ? 10_000 : 5_000),
    scheduler: opts.scheduler,
    persistence: persistStorage && { storage: persistStorage, key },
    unloadTransport: browser && collector ? createBeaconSender({ url: collector.url }) : undefined,
    onError: (error) => reporter._report(error),
    logger,
  });
  // The page listeners come off once shutdown has settled: a pagehide during the drain still hands the queue to the beacon.
  const detachPage = browser ? attachPageLifecycle(pipeline) : undefined;
  const shutdown: typeof pipeline.shutdown = (options) => pipeline.shutdown(options).finally(detachPage);
  const factory = createEventFactory({
    source: browser ? 'client' : 'server',
    uuid: randomUuid,
    now,
    attributes: e.attributes,
  });
  const deduper =
    e.logExposures === false
      ? undefined
      : createExposureDeduper({
          maxEntries: e.exposureDedupe?.maxEntries ?? (browser ? DEFAULT_DEDUPE_ENTRIES : 100_000),
          ttlMs: e.exposureDedupe?.ttlMs ?? (browser ? undefined : HOUR),
          now,
        });
  const events = createClientEvents(factory, { ...pipeline, shutdown }, deduper);
  // Withdrawn consent erases the stored queues, this page's and every other under the key (earlier page
  // loads', other tabs'), and stops storing this page's until consent is granted again. Granted, the queue is
  // stored at once, also on a page created without consent. The events in memory are still sent. With
  // `events.persist` set, the queue is the app's call, and stays.
  if (browser && e.persist === undefined)
    events._consent = (granted) => {
      // Made at each call, not at creation: a page created without consent has not probed it (withdrawing
      // writes the probe, as the identity's does). A pipeline that stores already keeps its own.
      const storage = createLocalStorage();
      pipeline._store(granted, storage && { storage, key });
      if (storage && !granted) for (const each of queueKeys(storage, key)) storage.remove(each);
    };
  return events;
}
