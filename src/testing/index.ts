/**
 * `splitkit/testing`: a client for your own unit tests. It evaluates the
 * ruleset you give it (or none), lets you force any gate, variant or
 * parameter, and records the exposures and events it would have sent, so
 * tests can assert on them without a network or timers.
 * @packageDocumentation
 */
import { parseRuleset } from '../ruleset/parse.js';
import { SplitkitError } from '../errors/index.js';
import type { User } from '../eval/types.js';
import type { SplitkitEvent } from '../events/types.js';
import { systemScheduler } from '../io/scheduler.js';
import { SplitkitClient } from '../client/client.js';
import { createClientEvents } from '../client/client-events.js';
import { createEventFactory } from '../client/event-factory.js';
import { createClientReporter } from '../client/reporter.js';
import { silentLogger } from '../io/logger.js';
import { createExposureDeduper } from '../events/exposure-dedupe.js';
import { customEventProblem } from '../events/limits.js';
import type { Overrides } from '../client/overrides.js';

export { seededRandom } from './seeded-random.js';

/** Options of {@link createTestClient}. */
export interface TestClientOptions {
  /** Validated like a real ruleset (an invalid one throws here, so tests fail loudly). Default: empty. */
  ruleset?: unknown;
  /** The bound user (browser style); reads may also pass a user each (server style). Default: none. */
  user?: User;
  /** Values to force: `{ gates: { new_checkout: true }, experiments: { button_color: 'blue' } }`. */
  overrides?: Overrides;
  /**
   * Fixed clock for evaluation and event times. Default 0 (1970-01-01): an experiment with a `startAt` has
   * not started then; pass the time your test means.
   */
  now?: number;
  /** `'server'` marks events as server-side. Default `'client'`. */
  source?: 'client' | 'server';
}

/** A test client with what it recorded. */
export interface TestClient extends SplitkitClient {
  /** Every exposure, custom event and identity link, in order. */
  readonly events: SplitkitEvent[];
  /** Every problem reported through onError. */
  readonly errors: SplitkitError[];
}

/** Creates a client whose events and errors are recorded in memory. */
export function createTestClient(options: TestClientOptions = {}): TestClient {
  const events: SplitkitEvent[] = [];
  const errors: SplitkitError[] = [];
  const now = () => options.now ?? 0;
  let next = 0;
  const factory = createEventFactory({ source: options.source ?? 'client', uuid: () => `test-event-${++next}`, now });
  // Counted and reported as the real pipeline does, so a test sees what production would drop.
  let dropped = 0;
  let closed = false;
  let reportedClosed = false;
  const sink = {
    enqueue(event: SplitkitEvent) {
      // After shutdown nothing is sent: each event is dropped, and that is reported once.
      if (closed) {
        dropped++;
        if (!reportedClosed)
          errors.push(new SplitkitError('EVENTS_DROPPED', 'Event pipeline is shut down: new events are dropped'));
        reportedClosed = true;
        return;
      }
      // As the real pipeline does: a custom event past the protocol's limits is dropped and reported.
      const problem = event.type === 'event' && customEventProblem(event);
      if (!problem) {
        events.push(event);
        return;
      }
      dropped++;
      errors.push(
        new SplitkitError('EVENTS_DROPPED', `Dropped event "${String(event.name).slice(0, 64)}": ${problem}`),
      );
    },
    flush: async () => {},
    stats: () => ({ queued: 0, inFlight: 0, sent: events.length, dropped, retried: 0, failedBatches: 0 }),
    shutdown: async () => {
      closed = true;
      return { delivered: true, undelivered: 0, dropped, stats: sink.stats() };
    },
  };
  // Dedupe as a browser client does by default, so tests see what production would log.
  const deduper = createExposureDeduper();
  // Validated here, so an invalid ruleset throws; the reader then takes it as it is and validates replacements.
  const ruleset = parseRuleset(options.ruleset ?? {});
  const client = new SplitkitClient({
    ruleset,
    user: options.user,
    overrides: options.overrides,
    reporter: createClientReporter(silentLogger, (error) => errors.push(error)),
    now,
    parse: (input) => (input === ruleset ? ruleset : parseRuleset(input)),
    events: createClientEvents(factory, sink, deduper),
    // A static ruleset: no source, so ready() resolves at once.
    delivery: {
      origin: 'static',
      etag: undefined,
      listeners: new Set(),
      _readyTimeoutMs: 0,
      scheduler: systemScheduler,
    },
  });
  return Object.assign(client, { events, errors });
}
