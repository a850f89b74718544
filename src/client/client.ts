/**
 * The full client: the reading client plus details, exposure logging,
 * tracking, identity and the event pipeline (when configured). One class
 * serves the browser (a bound user, `setUser` on login) and servers (a user
 * per call).
 */
// LiteClient last on purpose: bundlers lay modules out in import order, and gzip compresses better when similar code
// sits close (`npm run size`, app (b)). Measure before reordering.
import type { RulesetChange } from '../ruleset/changed-names.js';
import type { Json } from '../ruleset/types.js';
import type { RulesetInput } from '../ruleset/input.js';
import { createEvalRecord, ENTITY_KINDS, type EntityKind, type User } from '../eval/types.js';
import { SplitkitError, type ErrorCode } from '../errors/index.js';
import { evaluate } from '../eval/evaluate.js';
import type { EvaluationOptions } from './arguments.js';
import { detailsFromRecord, type EvaluationDetails } from './details.js';
import { toSplitkitError, type LiteClientParts, type ReadHooks, type Reader, type UserArg } from './reader.js';
import type { Reporter } from './reporter.js';
import {
  applyOverrides,
  clearOverrides,
  createOverrideStore,
  evaluateWithOverrides,
  type OverrideKind,
  type Overrides,
  type OverrideStore,
} from './overrides.js';
import type { ClientEvents } from './client-events.js';
import type { DeviceIdentity } from './identity.js';
import { quietly } from '../io/quietly.js';
import type { PipelineStats, ShutdownReport } from '../events/pipeline-api.js';
import { safeText } from './safe-text.js';
import { isPlainObject } from '../shared/plain-object.js';
import { asAttributes } from '../eval/unit-id.js';
import {
  notifyListeners,
  rulesetPutInUse,
  whenReady,
  type Delivery,
  type DeliveryStatus,
  type RulesetListener,
  type RulesetOrigin,
} from './delivery.js';
import {
  evaluateFromValues,
  pageUser,
  paramsFromValues,
  snapshotValue,
  type Bootstrap,
  type SnapshotMode,
} from './snapshot.js';
import type { StickyAssignments } from './assignments.js';
import type { ExperimentName, GateName, ParamName, ParamRead, ParamValue, VariantKey } from './flag-types.js';
import { LiteClient } from './lite-client.js';

/** What `createClient` assembles for the client. */
export interface ClientParts extends LiteClientParts {
  /**
   * Shared with the event pipeline.
   * @internal
   */
  reporter: Reporter;
  /** Values forced from the start (see {@link SplitkitClient.override}). */
  overrides?: Overrides;
  /** Exposure logging, tracking and identity; absent when no collector or transport is configured. */
  events?: ClientEvents;
  /** The browser's device identity: fills in `deviceID` when a user is bound. @internal */
  identity?: DeviceIdentity;
  /** Where the ruleset comes from, its listeners and source (see delivery.ts). */
  delivery: Delivery;
  /** A values bootstrap, whose entries answer reads while it serves. @internal */
  _values?: Bootstrap;
  /** The evaluator reads use before overrides: the values bootstrap's (set by the client), else the pure one. @internal */
  _evaluate?: typeof evaluate;
  /** Sticky assignments (createClient's `assignments`). */
  assignments?: StickyAssignments;
  /**
   * The bootstrap, whose sticky assignments (its server's, for its visitor) `stickyAssignments` reads once,
   * quietly: only apps that opt in pay for reading and checking them. @internal
   */
  _seed?: Bootstrap;
}

/** The client `createClient` returns. */
export class SplitkitClient extends LiteClient {
  // Declared and assigned in the constructor (not a class field), so ES2020 bundles need no define helper.
  /** What createClient assembled (the client's own copy). */
  declare private readonly _parts: ClientParts;
  /** The values `override` forced, which decide before the evaluator does. */
  declare private readonly _overrideStore: OverrideStore;
  /** The full client's part of the read path; `override` swaps its evaluator. */
  declare private readonly _readHooks: ReadHooks;

  /** Clients come from `createClient`, which assembles the parts. */
  constructor(parts: ClientParts) {
    // The client's own copy: its `ruleset` becomes the ruleset in use, without touching the caller's object.
    const own: ClientParts = { ...parts };
    const { events, delivery, _values: values } = own;
    if (values) {
      // A values bootstrap serves its visitor's results, and its variant's params, until a source brings a ruleset.
      own._evaluate = evaluateFromValues(values, () => delivery.origin === 'bootstrap');
      own.variantParams = paramsFromValues(values);
    }
    // Set once the ruleset given at creation is in use: later ones come from a source or `setRuleset`.
    let created = false;
    const hooks: ReadHooks = {
      // Until the first override, reads call the evaluator itself (see `override`).
      _evaluate: own._evaluate ?? evaluate,
      _evaluated(record, args) {
        // Before any ruleset (a first visit whose source has not answered), no name is a typo: say why.
        if (delivery.origin === 'none' && record.errorCode === 'FLAG_NOT_FOUND')
          record.errorMessage = 'no ruleset is in use yet';
        // Before the exposure, which logs the variant served.
        if (record.kind === 'experiment') own.assignments?._apply(record, own, args.user);
        if (events && record.reason !== 'ERROR' && record.exposure && args.exposure) events.exposure(record, args.user);
      },
      _rulesetInUse(ruleset, rejection) {
        // Kept on the client's parts (`this` is not there yet during super()).
        const before = own.ruleset as RulesetInput;
        own.ruleset = ruleset;
        // The ruleset is in use whatever fails here (a trusted one holding a BigInt): each step is reported on its
        // own, and the next one still runs.
        const inUseBut = 'the ruleset is in use, but';
        // Everything about the new ruleset is in place before a listener hears of it and reads: the events'
        // unit names, and where it came from (which ends a values bootstrap).
        guard(own.reporter, inUseBut, () => events?.setRuleset(ruleset), 'INVALID_RULESET');
        rulesetPutInUse(delivery, own.reporter, before, ruleset, values, created, rejection);
      },
    };
    super(own, hooks);
    created = true;
    this._parts = own;
    this._readHooks = hooks;
    this._overrideStore = createOverrideStore();
    if (own.overrides) this.override(own.overrides);
    // A user that throws when the identity reads it (a hostile getter) is bound as given and reported, as setUser does.
    const { identity } = own;
    if (identity) guard(own.reporter, 'user', () => (this._reader._user = identity._complete(this._reader._user)));
  }

  /** The gate's value with the reason, rule, unit and bucket that produced it. `user` and `options` as in {@link LiteClient.checkGate}. */
  getGateDetails(name: GateName, user?: UserArg, options?: EvaluationOptions): EvaluationDetails<boolean> {
    return details(this._reader, 'gate', name, false, user, options);
  }

  /** The experiment's assignment with its reason, unit and bucket. `user` and `options` as in {@link LiteClient.checkGate}. */
  getExperimentDetails<N extends ExperimentName>(
    name: N,
    user?: UserArg,
    options?: EvaluationOptions,
  ): EvaluationDetails<VariantKey<N> | null> {
    return details(this._reader, 'experiment', name, null, user, options) as EvaluationDetails<VariantKey<N> | null>;
  }

  /** The parameter's value with the reason and rule that produced it. `user` and `options` as in {@link LiteClient.checkGate}. */
  getParamDetails<N extends ParamName, T extends Json = Json>(
    name: N,
    fallback: ParamValue<N, T>,
    user?: UserArg,
    options?: EvaluationOptions,
  ): EvaluationDetails<ParamRead<N, T>> {
    return details(this._reader, 'param', name, fallback, user, options);
  }

  /**
   * Forces values locally (QA, tests). Overrides report reason OVERRIDE and log no exposures. Never throws:
   * `overrides` that cannot be read (not an object, a throwing getter) are reported as `INVALID_OPTIONS`,
   * and what was stored before the problem stays.
   */
  override(overrides: Overrides): void {
    // From the first override on, reads look for one before evaluating (a client that is never overridden,
    // as in production, pays nothing for them). Swapped first, so overrides stored before a throw still apply.
    this._readHooks._evaluate = evaluateWithOverrides(this._overrideStore, this._parts._evaluate);
    const changed: RulesetChange = { gates: [], experiments: [], params: [] };
    guard(this._parts.reporter, 'override', () => applyOverrides(this._overrideStore, overrides, changed));
    tellOverridden(this._parts, changed);
  }

  /**
   * Removes overrides: all of them, one kind's, or one entity's (named as the kind's reads name it, so typed
   * flags check it). An unknown kind is reported (`INVALID_OPTIONS`), never thrown.
   */
  clearOverrides<Kind extends OverrideKind>(
    kind?: Kind,
    name?: Kind extends 'gates' ? GateName : Kind extends 'experiments' ? ExperimentName : ParamName,
  ): void {
    const changed: RulesetChange = { gates: [], experiments: [], params: [] };
    guard(this._parts.reporter, 'clearOverrides', () => clearOverrides(this._overrideStore, changed, kind, name));
    tellOverridden(this._parts, changed);
  }

  /**
   * Binds a new user (browser style), e.g. on login. Logs an identity link when a device gains a user id.
   * Never throws: a user that is not an object, or one that throws when read (a hostile Proxy), is
   * reported (`INVALID_OPTIONS`) and bound as given, so reads see no attributes (or report their own
   * failures), never the previous user's.
   */
  override setUser(user: User): void {
    const { identity, events } = this._parts;
    // asAttributes gives a stand-in for anything but an object.
    if (asAttributes(user) !== user) {
      this._parts.reporter._report(new SplitkitError('INVALID_OPTIONS', `setUser: ${notAnObject(user)}`));
      this._reader._user = user;
      return;
    }
    // A previous user that was not an object (an earlier bad setUser) has no ids to compare.
    const previous = asAttributes(this._reader._user) as User;
    // Bound before the identity and events read it, so a user that throws there is still the one bound.
    this._reader._user = user;
    guard(this._parts.reporter, 'setUser', () => {
      const next = identity ? identity._complete(user) : user;
      this._reader._user = next;
      events?._userChanged(previous, next);
    });
    const delivery = this._parts.delivery;
    // Bound-user readers (React hooks) re-read; no definition changed, so no names.
    if (delivery.listeners.size > 0)
      notifyListeners(delivery, { gates: [], experiments: [], params: [], user: true }, this._parts.reporter);
  }

  /**
   * Links the unit ids of `user` (e.g. the `deviceID` from a cookie and the `userID` it just logged in as)
   * so analysis can attribute events of one to the other. `setUser` does this by itself in the browser;
   * servers call it when a request logs a visitor in.
   */
  identify(user: User = this._reader._user): void {
    // Named as setUser names it, where reading it gave `TypeError: Cannot convert undefined or null to object`.
    if (asAttributes(user) !== user)
      return guard(this._parts.reporter, 'identify', () => {
        throw notAnObject(user);
      });
    try {
      this._parts.events?.identify(user);
    } catch (error) {
      this._parts.reporter._report(toSplitkitError(error, 'IDENTIFY_FAILED'));
    }
  }

  /**
   * Browser: grant or withdraw consent to persist the device id (withdrawing erases it, the stored event
   * queues and the default store's sticky assignments). Granting it after an id was made in memory adopts the
   * id a store already holds (a returning visitor's), and rebinds the user that carries the memory one. No-op
   * on servers.
   */
  setIdentityConsent(granted: boolean): void {
    const { identity, events, assignments } = this._parts;
    const replaced = identity?._setConsent(granted);
    // The stored events carry the device id too; the browser's default store of sticky assignments persists
    // under the same consent.
    events?._consent?.(granted);
    if (!granted) assignments?._forget();
    // Rebound only when the user carries the id that gave way (not a deviceID the app bound itself). A bound
    // user that throws when read (a hostile Proxy) is reported by setUser, never thrown from here.
    if (replaced !== undefined && quietly(() => (this._reader._user as User | null)?.deviceID, replaced) === replaced)
      this.setUser(this._reader._user);
  }

  /**
   * Records a custom event (a click, a purchase with its value) for the bound user or `options.user`. An event
   * whose user has no unit id is sent, and reported (`TRACK_FAILED`, once per ruleset in use): no analysis can
   * attribute it.
   */
  track(name: string, options?: { value?: number; metadata?: { [key: string]: Json }; user?: User }): void {
    const { events, reporter } = this._parts;
    try {
      if (events) {
        // Sent all the same (raw counts may use it), but a server that forgot the request's user must hear of it.
        if (!events.track(name, options?.user ?? this._reader._user, options?.value, options?.metadata))
          reporter._report(
            new SplitkitError(
              'TRACK_FAILED',
              'track(): the user has no unit id the ruleset uses, so no analysis can attribute the event',
            ),
            'track:no-unit',
          );
      } else
        reporter._report(
          new SplitkitError(
            'INVALID_OPTIONS',
            'track() needs a collector or transport option; the event was not recorded',
          ),
          'track:no-events',
        );
    } catch (error) {
      reporter._report(toSplitkitError(error, 'TRACK_FAILED'));
    }
  }

  /** Sends every queued event now; resolves when they are delivered or given up. */
  async flush(): Promise<void> {
    await this._parts.events?.flush();
  }

  /**
   * Resolves once the ruleset source's first attempt settled, or after `timeoutMs` (default 1,500 ms in
   * the browser, 5,000 ms on servers), with where the ruleset in use came from: `'network'` (fetched, or
   * confirmed current by a 304), `'cache'`, `'bootstrap'`, `'static'` (the `ruleset` option, or `setRuleset`)
   * or `'none'` (no ruleset in use, or the one given was rejected: every read serves its default, reason
   * ERROR). Never rejects; reads work before it resolves, from the same ruleset. Without a source it resolves
   * at once. A `timeoutMs` that is no number (or NaN) is the default, as in `shutdown`.
   */
  ready(options?: { timeoutMs?: number }): Promise<RulesetOrigin> {
    let timeoutMs: number | undefined;
    guard(this._parts.reporter, 'ready', () => {
      const given = options?.timeoutMs;
      // A BigInt or Symbol would throw in the timer's Math.min, inside the promise: a rejection.
      if (typeof given === 'number' && !Number.isNaN(given)) timeoutMs = given;
    });
    return whenReady(this._parts.delivery, timeoutMs);
  }

  /**
   * Where the ruleset in use came from (as `ready()` says), whether it is `stale`: the source has
   * failed to refresh it for `source.staleAfterMs` (requests fail, or rulesets are refused, or the
   * stream is down with polling off), and whether the wait `ready()` makes is over (`ready`: the source's
   * first attempt settled, or a `ready()` call's timeout passed first; true at once without a source, and
   * by the time a `ready()` caller hears of it). Subscribers hear each change of `stale`, not of `ready`.
   */
  status(): DeliveryStatus {
    const delivery = this._parts.delivery!;
    return { origin: delivery.origin, stale: !!delivery.stale, ready: delivery._ready ?? !delivery.source };
  }

  /**
   * Calls `listener` each time a new ruleset is put in use (from the source or `setRuleset`), with the
   * names of the gates, experiments and parameters whose definition changed, and each time `setUser`
   * binds a new user (with `user: true` and no names: values read for the bound user may differ), and
   * each time the source's ruleset becomes stale or fresh again (with `stale` and no names).
   * Returns the unsubscribe function.
   */
  subscribe(listener: RulesetListener): () => void {
    const { listeners } = this._parts.delivery;
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }

  /**
   * A JSON-serializable bootstrap for one visitor, for `createClient({ bootstrap })` in the browser.
   * `mode: 'values'` (default): the visitor's evaluated results only, so rules and other visitors'
   * targeting never leave the server. `mode: 'ruleset'`: the ruleset in use, which the browser evaluates
   * itself (and can re-evaluate after a login). Logs no exposure: the browser does, once, when it reads.
   */
  snapshot(user: User, options?: { mode?: SnapshotMode }): Bootstrap {
    let mode = 'values' as SnapshotMode;
    let copy: User = {};
    const dropped: string[] = [];
    const reporter = this._parts.reporter;
    // A user that is no object (a cookie's id passed by mistake) is reported and has no attributes, as with
    // setUser: its characters are never listed (a long text would take seconds), nor is the bound user read.
    const attributes = asAttributes(user) as User;
    guard(reporter, 'snapshot', () => {
      if (options?.mode === 'ruleset') mode = 'ruleset';
      if (attributes !== user) throw notAnObject(user);
      copy = pageUser(user, dropped);
    });
    if (dropped.length)
      reporter._report(
        new SplitkitError(
          'INVALID_OPTIONS',
          `snapshot: attributes left out of the user (not JSON, or too big): ${dropped.join(', ')}`,
        ),
      );
    const delivery = this._parts.delivery;
    const ruleset = this.getRuleset();
    const snapshot: Bootstrap = { splitkit: 1, mode, user: copy };
    if (delivery.etag !== undefined) snapshot.etag = delivery.etag;
    if (mode === 'ruleset') snapshot.ruleset = ruleset;
    else {
      const values: NonNullable<Bootstrap['values']> = {};
      const record = createEvalRecord();
      const args = { user: {}, exposure: false };
      for (const kind of ENTITY_KINDS) {
        const found: { [name: string]: ReturnType<typeof snapshotValue> } = {};
        for (const name of Object.keys(ruleset[`${kind}s`] ?? {})) {
          this._reader._readValue(kind, name, null, attributes, { exposure: false }, record, args);
          if (record.reason === 'ERROR') continue;
          const value = (found[name] = snapshotValue(record));
          try {
            // Only the assigned variant's params: what this visitor's page reads, nothing about other variants.
            const params = kind === 'experiment' && ruleset.experiments?.[name]?.variants[record.variantIndex]?.params;
            if (params) value.params = params;
          } catch {
            // Params that throw when read (a trusted ruleset built in code): a read gives ERROR, so no value is handed on.
            delete found[name];
          }
        }
        values[kind] = found;
      }
      snapshot.values = values;
    }
    // A server that keeps sticky assignments hands its visitor's to the page, which cannot read its store.
    const sticky = this._parts.assignments;
    if (sticky) snapshot.assignments = sticky._snapshot(this._reader, attributes, this._parts);
    return snapshot;
  }

  /**
   * Stops timers and delivers what it can within `timeoutMs` (default 10 s, the pipeline's
   * `DEFAULT_SHUTDOWN_TIMEOUT_MS`); the report says what was left undelivered. In a browser it also
   * removes the page listeners (pagehide, visibilitychange, online) once done. Resolves to undefined
   * when the client has no event pipeline.
   */
  async shutdown(options?: { timeoutMs?: number }): Promise<ShutdownReport | undefined> {
    const delivery = this._parts.delivery;
    delivery.stopped = true;
    delivery.source?.then(
      (started) => started.stop(),
      () => {},
    );
    return this._parts.events?.shutdown(options);
  }

  /** Event pipeline counters (queued, in flight, sent, dropped, retried), or undefined without a pipeline. */
  stats(): PipelineStats | undefined {
    return this._parts.events?.stats();
  }

  /**
   * The names of `kind` a values bootstrap answers for while it serves (none otherwise): what a binding
   * that maps a key to a kind (OpenFeature) must know beside the ruleset's names.
   * @internal
   */
  _bootstrapNames(kind: EntityKind): string[] {
    const { _values, delivery } = this._parts;
    const found = delivery.origin === 'bootstrap' && _values?.values?.[kind];
    return isPlainObject(found) ? Object.keys(found) : [];
  }

  /**
   * What the app changed at run time that options cannot say: the overrides in force (given ones included,
   * cleared ones gone) and the device identity (its consent, and whether its id was made without consent and
   * gives way to a stored one). A client that takes over from this one (React's provider, after an
   * `<Activity>` hid it) starts from them.
   * @internal
   */
  _carried(): { overrides: OverrideStore; identity: DeviceIdentity | undefined } {
    return { overrides: this._overrideStore, identity: this._parts.identity };
  }

  /**
   * The ruleset in use: normalized (every default written out) when it was validated, as `parseRuleset`
   * returns it; as given when the client trusts its rulesets (the browser build's default); `{}` while the
   * ruleset given at creation is rejected and no replacement was accepted.
   */
  getRuleset(): RulesetInput {
    return this._parts.ruleset as RulesetInput;
  }
}

/** Tells the listeners which names a change of the overrides forced or released, so a UI shows it at once. */
function tellOverridden({ delivery, reporter }: ClientParts, change: RulesetChange): void {
  if (change.gates.length + change.experiments.length + change.params.length > 0)
    notifyListeners(delivery, change, reporter);
}

/** What setUser, snapshot and identify report for a user that is no object. */
const notAnObject = (user: unknown): string =>
  `the user must be an object, not ${user === null ? 'null' : typeof user}`;

/** Runs `action`, reporting what it throws as `code` (by default `INVALID_OPTIONS`: bad arguments) of `method`. */
function guard(reporter: Reporter, method: string, action: () => void, code: ErrorCode = 'INVALID_OPTIONS'): void {
  try {
    action();
  } catch (error) {
    reporter._report(new SplitkitError(code, `${method}: ${safeText(error)}`, { cause: error }));
  }
}

/** One details read, into its own record and arguments: not on the hot path, and reentrant. */
function details<T extends Json>(
  reader: Reader,
  kind: EntityKind,
  name: string,
  fallback: T,
  user: UserArg,
  options: EvaluationOptions | undefined,
): EvaluationDetails<T> {
  const record = createEvalRecord();
  const value = reader._readValue(kind, name, fallback, user, options, record, { user: {}, exposure: true }) as T;
  return detailsFromRecord(record, value, kind === 'experiment' ? (value as string | null) : null);
}
