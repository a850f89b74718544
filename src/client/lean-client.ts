/**
 * The client `splitkit/lean` returns: the lite client's reads, a ruleset kept
 * fresh from a URL source (the same source chunk as the full client's), a
 * server-rendered bootstrap, `ready()`, `status()`, `subscribe()`, the
 * browser's device id (the full client's cookie and localStorage), and each
 * exposure handed once to the app's `onExposure`. What it leaves to the app,
 * to stay smaller than GrowthBook's bundle: the event pipeline (the app sends
 * exposures with its own analytics), overrides and details.
 */
import type { RulesetInput } from '../ruleset/input.js';
import type { User } from '../eval/types.js';
import { evaluate } from '../eval/evaluate.js';
import { asAttributes, readUnitId } from '../eval/unit-id.js';
import type { Logger } from '../io/logger.js';
import { systemScheduler, type Scheduler } from '../io/scheduler.js';
import { quietly } from '../io/quietly.js';
import { SplitkitError } from '../errors/index.js';
import type { SourceOptions } from '../source/options.js';
import { LiteClient } from './lite-client.js';
import { createClientReporter, type Reporter } from './reporter.js';
import { detailsFromRecord, type EvaluationDetails } from './details.js';
import { evaluateFromValues, paramsFromValues, usableBootstrap, type Bootstrap } from './snapshot.js';
import {
  createDelivery,
  notifyListeners,
  rulesetPutInUse,
  whenReady,
  type Delivery,
  type DeliveryStatus,
  type RulesetListener,
  type RulesetOrigin,
} from './delivery.js';
import { detectEnvironment } from './environment.js';
import { attachSource } from './attach-source.js';
import { browserIdentity } from './browser-identity.js';
import type { DeviceIdentity } from './identity.js';
import type { IdentityOptions } from './options.js';
import { validateLeanOptions } from './lean-options.js';
import { safeText } from './safe-text.js';

/** Options of `createClient` in `splitkit/lean`. */
export interface LeanClientOptions {
  /** A ruleset the app trusts (bundled, or validated on its server): what reads serve until a source brings one. */
  ruleset?: RulesetInput;
  /** Where to fetch the ruleset and how to keep it fresh: the full client's `source`, the same chunk. */
  source?: SourceOptions;
  /** What the server rendered the page with (`client.snapshot(user)` there), either mode. */
  bootstrap?: Bootstrap;
  /** The bound user; default: the bootstrap's user (with the device id the server's cookie holds). */
  user?: User;
  /**
   * Called once per page for each exposure: the first read of an experiment (or a rule that logs exposures) by a
   * unit with a given result, rule and reason. Hand it to your own analytics. What it throws is reported, never
   * thrown into the read.
   */
  onExposure?: (exposure: EvaluationDetails) => void;
  /** Validates the ruleset and every replacement (e.g. `parseRuleset` from `splitkit`); default: trusted. */
  validate?: (input: unknown) => RulesetInput;
  onError?: (error: SplitkitError) => void;
  /** Where problems go without `onError`. Default: `console`. */
  logger?: Logger;
  now?: () => number;
  /** Timers of the source and `ready()` (tests). */
  scheduler?: Scheduler;
  /**
   * Browser: the device id of logged-out visitors, as the full client keeps it (the cookie the server reads, then
   * localStorage; `persist: false` until consent, see `setIdentityConsent`). A bound `deviceID` (the bootstrap's
   * user's, from the server's cookie) is kept.
   */
  identity?: IdentityOptions;
}

/** Exposures remembered before the memory starts over (one more exposure each, never unbounded memory). */
const MAX_EXPOSURES = 10_000;

/** What the lean client keeps beside the read path. */
interface LeanState {
  delivery: Delivery;
  reporter: Reporter;
  ruleset: RulesetInput;
  identity: DeviceIdentity | undefined;
}

/** The lean client: reads as the lite client, plus delivery (`ready`, `status`, `subscribe`) and exposures. */
export class LeanClient extends LiteClient {
  /** @internal */
  declare private readonly _lean: LeanState;

  /** Clients come from `createClient` of `splitkit/lean`. */
  constructor(options: LeanClientOptions) {
    validateLeanOptions(options);
    const { onExposure, now = Date.now, scheduler = systemScheduler, source } = options;
    const browser = detectEnvironment() === 'browser';
    const reporter = createClientReporter(options.logger ?? console, options.onError);
    const bootstrap = usableBootstrap(options.bootstrap, reporter);
    const values = bootstrap?.mode === 'values' ? bootstrap : undefined;
    const delivery = createDelivery(bootstrap, options.ruleset !== undefined, browser, scheduler);
    const identity = browser ? browserIdentity(options.identity) : undefined;
    const state: LeanState = { delivery, reporter, ruleset: {}, identity };
    let created = false;
    // Exposures already handed to the app, by unit and what it was exposed to.
    const exposed = new Set<string>();
    super(
      {
        ruleset: bootstrap?.ruleset ?? options.ruleset ?? {},
        user: options.user ?? bootstrap?.user,
        reporter,
        now,
        parse: options.validate,
        variantParams: values && paramsFromValues(values),
      },
      {
        _evaluate: values ? evaluateFromValues(values, () => delivery.origin === 'bootstrap') : evaluate,
        _evaluated(record, args) {
          if (delivery.origin === 'none' && record.errorCode === 'FLAG_NOT_FOUND')
            record.errorMessage = 'no ruleset is in use yet';
          if (!onExposure || record.reason === 'ERROR' || !record.exposure || !args.exposure) return;
          const unit = record.unitId ?? readUnitId(args.user, 'userID') ?? readUnitId(args.user, 'deviceID') ?? '';
          // What the unit was exposed to, as the full client's dedupe tells it: an experiment's variant; a gate's or
          // a parameter's result (whether it served true: its rule and reason determine the rest, however large).
          const result = record.kind === 'experiment' ? record.value : record.value === true;
          const key = `${unit}\u0000${record.kind}\u0000${record.name}\u0000${result}\u0000${record.ruleId}\u0000${record.reason}`;
          if (exposed.has(key)) return;
          if (exposed.size >= MAX_EXPOSURES) exposed.clear();
          exposed.add(key);
          const variant = record.kind === 'experiment' ? (record.value as string | null) : null;
          try {
            onExposure(detailsFromRecord(record, record.value, variant));
          } catch (error) {
            reporter._report(
              new SplitkitError('LISTENER_FAILED', `onExposure threw: ${safeText(error)}`, { cause: error }),
            );
          }
        },
        _rulesetInUse(ruleset, rejection) {
          const before = state.ruleset;
          state.ruleset = ruleset;
          rulesetPutInUse(delivery, reporter, before, ruleset, values, created, rejection);
        },
      },
    );
    created = true;
    this._lean = state;
    this._reader._user = withDeviceId(state, this._reader._user, 'user');
    if (source) attachSource(this, delivery, reporter, source, browser, now, bootstrap !== undefined, options.ruleset);
  }

  /**
   * Binds a new user, e.g. on login, with the device id filled in (browser). Subscribers hear of it with
   * `user: true`. Never throws: a user that is not an object is bound as given (reads see no attributes).
   */
  override setUser(user: User): void {
    const { delivery, reporter } = this._lean;
    super.setUser(user);
    if (asAttributes(user) !== user) {
      reporter._report(
        new SplitkitError(
          'INVALID_OPTIONS',
          `setUser: the user must be an object, not ${user === null ? 'null' : typeof user}`,
        ),
      );
      return;
    }
    this._reader._user = withDeviceId(this._lean, user, 'setUser');
    if (delivery.listeners.size > 0)
      notifyListeners(delivery, { gates: [], experiments: [], params: [], user: true }, reporter);
  }

  /**
   * Browser: grant or withdraw consent to persist the device id (withdrawing erases it). Granting it after an id
   * was made in memory adopts the id a store already holds (a returning visitor's) and rebinds the user. No-op on
   * servers.
   */
  setIdentityConsent(granted: boolean): void {
    const replaced = this._lean.identity?._setConsent(granted);
    const user = this._reader._user;
    if (replaced !== undefined && quietly(() => user?.deviceID, replaced) === replaced) this.setUser(user);
  }

  /**
   * Resolves once the source's first attempt settled, or after `timeoutMs` (default 1,500 ms in a browser,
   * 5,000 ms on servers), with where the ruleset in use came from: `'network'`, `'cache'`, `'bootstrap'`,
   * `'static'` or `'none'`. Never rejects; at once without a source.
   */
  ready(options?: { timeoutMs?: number }): Promise<RulesetOrigin> {
    const given = quietly(() => options?.timeoutMs, undefined);
    return whenReady(this._lean.delivery, typeof given === 'number' && !Number.isNaN(given) ? given : undefined);
  }

  /** Where the ruleset in use came from, whether the source failed to refresh it for `staleAfterMs`, and whether `ready()`'s wait is over. */
  status(): DeliveryStatus {
    const { delivery } = this._lean;
    return { origin: delivery.origin, stale: !!delivery.stale, ready: delivery._ready ?? !delivery.source };
  }

  /**
   * Calls `listener` each time a new ruleset is put in use, with the names of the gates, experiments and
   * parameters whose definition changed, and each time the source's ruleset becomes stale or fresh again.
   * Returns the unsubscribe function.
   */
  subscribe(listener: RulesetListener): () => void {
    const { listeners } = this._lean.delivery;
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }

  /** The ruleset in use, as given (`{}` while none is). */
  getRuleset(): RulesetInput {
    return this._lean.ruleset;
  }

  /** Stops polling and closes the stream. */
  shutdown(): void {
    const { delivery } = this._lean;
    delivery.stopped = true;
    delivery.source?.then(
      (running) => running.stop(),
      () => {},
    );
  }
}

/**
 * `user` with the browser's device id filled in. A user that throws when read (a hostile getter) is bound as given,
 * and reported as the full client does (`method` names where it came from).
 */
function withDeviceId({ identity, reporter }: LeanState, user: User, method: string): User {
  try {
    return identity ? identity._complete(user) : user;
  } catch (error) {
    reporter._report(new SplitkitError('INVALID_OPTIONS', `${method}: ${safeText(error)}`, { cause: error }));
    return user;
  }
}
