/**
 * A client's ruleset delivery state: where the ruleset in use came from, its
 * ETag, the `subscribe` listeners and `ready()`, kept the same way by the full
 * client and the lean one (each ruleset put in use goes through
 * rulesetPutInUse). The source itself (network, cache, checks) lives in
 * src/source, loaded only when one is configured.
 */
import { SplitkitError } from '../errors/index.js';
import { changedNames, type RulesetChange } from '../ruleset/changed-names.js';
import type { RulesetInput } from '../ruleset/input.js';
import { ENTITY_KINDS } from '../eval/types.js';
import { isPlainObject } from '../shared/plain-object.js';
import type { Bootstrap } from './snapshot.js';
import type { Scheduler } from '../io/scheduler.js';
import type { RunningSource, RulesetOrigin } from '../source/start-source.js';
import type { Reporter } from './reporter.js';
import { safeText } from './safe-text.js';

export type { RulesetOrigin } from '../source/start-source.js';
export type { RulesetChange } from '../ruleset/changed-names.js';

/** Told the names of what changed each time a new ruleset is put in use. */
export type RulesetListener = (change: RulesetChange) => void;

/**
 * What `client.status()` says: where the ruleset in use came from, whether its source can no longer refresh
 * it, and whether the wait `ready()` makes is over.
 */
export interface DeliveryStatus {
  origin: RulesetOrigin;
  /** The source has failed to refresh the ruleset in use for `source.staleAfterMs`; false again once it does. */
  stale: boolean;
  /**
   * The source's first attempt has settled (answered or failed), or a `ready()` call's timeout passed before
   * it did (its `timeoutMs`, else the default: 1.5 s in a browser, 5 s on servers): what `ready()` waits for.
   * True from the start for a client without a source; never false again. Set before any `ready()` caller
   * hears of it; no `subscribe` event says it (await `ready()` to hear of it). It lets a page rendered after
   * `await client.ready()` show no loading state (`useSplitkitStatus` in splitkit/react).
   */
  ready: boolean;
}

/** One client's delivery state. */
export interface Delivery {
  origin: RulesetOrigin;
  etag: string | undefined;
  /** Set by the source while it cannot refresh the ruleset in use (see `client.status()`). */
  stale?: boolean;
  listeners: Set<RulesetListener>;
  /**
   * Where the ruleset being handed to the client comes from, set by the source for the length of its
   * `setRuleset` call: the client records it before any listener hears of the ruleset. @internal
   */
  _incoming?: { origin: 'network' | 'cache'; etag: string | undefined };
  /** Set by `shutdown()`: a source whose chunk loads after it stops at once. */
  stopped?: true;
  /** The running source once its chunk has loaded, when `source` is configured. */
  source?: Promise<RunningSource>;
  /** `ready()`'s default timeout. @internal */
  _readyTimeoutMs: number;
  /** Set by the source when its first attempt settles, and by a `ready()` call that resolves (`status().ready`). @internal */
  _ready?: true;
  scheduler: Scheduler;
}

/**
 * A client's delivery state at creation, from the options: a usable `bootstrap` (see usableBootstrap) is where the
 * ruleset in use comes from, else the `ruleset` option, else none. `browser` sets ready()'s default timeout.
 */
export function createDelivery(
  bootstrap: Bootstrap | undefined,
  rulesetGiven: boolean,
  browser: boolean,
  scheduler: Scheduler,
): Delivery {
  return {
    origin: bootstrap ? 'bootstrap' : rulesetGiven ? 'static' : 'none',
    // A values bootstrap has no ruleset for a 304 to confirm.
    etag: bootstrap?.mode === 'ruleset' ? bootstrap.etag : undefined,
    listeners: new Set(),
    _readyTimeoutMs: browser ? 1_500 : 5_000,
    scheduler,
  };
}

/**
 * Waits for the first attempt of the source, at most `timeoutMs`; resolves with the origin then in use, once
 * `status().ready` says so (a timeout that passed first counts).
 */
export function whenReady(delivery: Delivery, timeoutMs: number | undefined): Promise<RulesetOrigin> {
  const first = delivery.source?.then((started) => started.first);
  if (!first) return Promise.resolve(delivery.origin);
  return new Promise((resolve) => {
    const done = (): void => {
      delivery.scheduler.clearTimeout(timer);
      delivery._ready = true;
      resolve(delivery.origin);
    };
    // The scheduler caps a wait beyond the longest timer (Infinity: "wait for the network").
    const timer = delivery.scheduler.setTimeout(done, timeoutMs ?? delivery._readyTimeoutMs);
    first.then(done, done);
  });
}

/**
 * Calls every listener with `change`; a listener that throws is reported, and the others still run. Never
 * throws: what a listener throws may be anything (a Symbol, a null-prototype object, a Proxy), and this runs
 * from setUser, setRuleset and the source's timers. A listener removed by an earlier one is not called.
 */
export function notifyListeners(delivery: Delivery, change: RulesetChange, reporter: Reporter): void {
  for (const listener of [...delivery.listeners]) {
    if (delivery.listeners.has(listener))
      try {
        listener(change);
      } catch (error) {
        reporter._report(
          new SplitkitError('LISTENER_FAILED', `a subscribe listener threw: ${safeText(error)}`, { cause: error }),
        );
      }
  }
}

/**
 * A ruleset was put in use (both clients' read hook calls this): records where it came from, then tells the
 * listeners which names changed. At creation (`created` false) there is nothing to compare and no listener: the
 * origin is the one the options gave, unless their ruleset was rejected (`rejection`): then none is in use (a
 * bootstrap's ETag names none a 304 could confirm), and only a values bootstrap answers. Never throws: the
 * ruleset is in use by then, so what fails here (a trusted ruleset holding a BigInt, a value nested too deep to
 * compare) is reported, as INVALID_RULESET.
 */
export function rulesetPutInUse(
  delivery: Delivery,
  reporter: Reporter,
  before: RulesetInput,
  ruleset: RulesetInput,
  values: Bootstrap | undefined,
  created: boolean,
  rejection: string | undefined,
): void {
  if (!created) {
    if (rejection && !values) {
      delivery.origin = 'none';
      delivery.etag = undefined;
    }
    return;
  }
  const valuesReplaced = values && delivery.origin === 'bootstrap';
  const incoming = delivery._incoming;
  // The app's own ruleset (`setRuleset`) is 'static', whatever it replaces. The ETag stays the server's last
  // (a source's or a bootstrap's): while the server answers 304 the app's ruleset stays in use, and a new
  // one from the server replaces it (unless older), with no refusal reported on every poll meanwhile.
  if (incoming) {
    delivery.origin = incoming.origin;
    delivery.etag = incoming.etag;
  } else delivery.origin = 'static';
  if (delivery.listeners.size > 0)
    try {
      const change = changedNames(before, ruleset);
      // Each name of a replaced values bootstrap answers from the ruleset now, or not at all (one the
      // ruleset lacks), which the ruleset's own names cannot tell.
      if (valuesReplaced)
        for (const kind of ENTITY_KINDS) {
          const served = values.values?.[kind];
          if (isPlainObject(served)) change[`${kind}s`] = [...new Set([...change[`${kind}s`], ...Object.keys(served)])];
        }
      notifyListeners(delivery, change, reporter);
    } catch (error) {
      reporter._report(
        new SplitkitError('INVALID_RULESET', `the ruleset is in use, but: ${safeText(error)}`, { cause: error }),
      );
    }
}
