/**
 * The full client: the reading client plus details, exposure logging,
 * tracking, identity and the event pipeline (when configured). One class
 * serves the browser (a bound user, `setUser` on login) and servers (a user
 * per call).
 */
import type { Json } from '../ruleset/types.js';
import type { RulesetInput } from '../ruleset/input.js';
import { createEvalRecord, type EntityKind, type User } from '../eval/types.js';
import { SplitkitError } from '../errors/index.js';
import { evaluate } from '../eval/evaluate.js';
import type { EvaluationOptions } from './arguments.js';
import { detailsFromRecord, type EvaluationDetails } from './details.js';
import { LiteClient } from './lite-client.js';
import { toSplitkitError, type LiteClientParts, type ReadHooks, type Reader, type UserArg } from './reader.js';
import type { Reporter } from './reporter.js';
import { applyOverrides, clearOverrides, createOverrideStore, evaluateWithOverrides, type OverrideKind, type Overrides, type OverrideStore } from './overrides.js';
import type { ClientEvents } from './client-events.js';
import type { PipelineStats, ShutdownReport } from '../events/pipeline-api.js';
import { systemScheduler } from '../io/scheduler.js';
import { changedNames } from '../ruleset/changed-names.js';
import { notifyListeners, whenReady, type Delivery, type RulesetListener, type RulesetOrigin } from './delivery.js';
import { snapshotValue, type Bootstrap, type SnapshotMode } from './snapshot.js';

/** What `createClient` assembles for the client. */
export interface ClientParts extends LiteClientParts {
  /** Shared with the event pipeline. */
  reporter: Reporter;
  /** Values forced from the start (see {@link SplitkitClient.override}). */
  overrides?: Overrides;
  /** Exposure logging, tracking and identity; absent when no collector or transport is configured. */
  events?: ClientEvents;
  /** The browser's device identity: fills in `deviceID` when a user is bound. */
  identity?: { complete(user: User): User; setConsent(granted: boolean): void };
  /** Where the ruleset comes from, its listeners and source (see delivery.ts). Default: a static ruleset, no source. */
  delivery?: Delivery;
  /** The evaluator reads use before overrides: a values bootstrap's, else the pure one. */
  evaluate?: typeof evaluate;
}

/** The client `createClient` returns. */
export class SplitkitClient extends LiteClient {
  // Declared and assigned in the constructor (not a class field), so ES2020 bundles need no define helper.
  // What createClient wired in (not `parts`: a platform name, which the build cannot shorten).
  private declare readonly wiring: ClientParts;
  /** The values `override` forced, which decide before the evaluator does. */
  private declare readonly overrideStore: OverrideStore;
  /** The full client's part of the read path; `override` swaps its evaluator. */
  private declare readonly readHooks: ReadHooks;

  /** Clients come from `createClient`, which assembles the parts. */
  constructor(parts: ClientParts) {
    // The client's own copy: its `ruleset` becomes the ruleset in use, without touching the caller's object.
    const wiring: ClientParts = { ...parts };
    const events = wiring.events;
    const delivery = (wiring.delivery ??= { origin: 'static', etag: undefined, listeners: new Set(), readyTimeoutMs: 0, scheduler: systemScheduler });
    const hooks: ReadHooks = {
      // Until the first override, reads call the evaluator itself (see `override`).
      evaluate: wiring.evaluate ?? evaluate,
      evaluated(record, args) {
        if (events && record.reason !== 'ERROR' && record.exposure && args.exposure) events.exposure(record, args.user);
      },
      rulesetInUse(ruleset) {
        // Kept on the wiring (`this` is not there yet during super()). At creation there is nothing to compare.
        const before = wiring.ruleset as RulesetInput;
        wiring.ruleset = ruleset;
        if (delivery.listeners.size > 0) notifyListeners(delivery, changedNames(before, ruleset), wiring.reporter);
        events?.setRuleset(ruleset);
      },
    };
    super(wiring, hooks);
    this.wiring = wiring;
    this.readHooks = hooks;
    this.overrideStore = createOverrideStore();
    if (wiring.overrides) this.override(wiring.overrides);
    if (wiring.identity) this.reader.user = wiring.identity.complete(this.reader.user);
  }

  /** The gate's value with the reason, rule, unit and bucket that produced it. */
  getGateDetails(name: string, userOrOptions?: UserArg, options?: EvaluationOptions): EvaluationDetails<boolean> {
    return details(this.reader, 'gate', name, false, userOrOptions, options);
  }

  /** The experiment's assignment with its reason, unit and bucket. */
  getExperimentDetails(name: string, userOrOptions?: UserArg, options?: EvaluationOptions): EvaluationDetails<string | null> {
    return details(this.reader, 'experiment', name, null, userOrOptions, options);
  }

  /** The parameter's value with the reason and rule that produced it. */
  getParamDetails<T extends Json>(name: string, fallback: T, userOrOptions?: UserArg, options?: EvaluationOptions): EvaluationDetails<T> {
    return details(this.reader, 'param', name, fallback, userOrOptions, options);
  }

  /** Forces values locally (QA, tests). Overrides report reason OVERRIDE and log no exposures. */
  override(overrides: Overrides): void {
    // From the first override on, reads look for one before evaluating (a client that is never overridden,
    // as in production, pays nothing for them). Swapped first, so overrides stored before a throw still apply.
    this.readHooks.evaluate = evaluateWithOverrides(this.overrideStore, this.wiring.evaluate);
    applyOverrides(this.overrideStore, overrides);
  }

  /** Removes overrides: all of them, one kind's, or one entity's. */
  clearOverrides(kind?: OverrideKind, name?: string): void {
    clearOverrides(this.overrideStore, kind, name);
  }

  /** Binds a new user (browser style), e.g. on login. Logs an identity link when a device gains a user id. */
  override setUser(user: User): void {
    const { identity, events } = this.wiring;
    const next = identity ? identity.complete(user) : user;
    events?.userChanged(this.reader.user, next);
    this.reader.user = next;
  }

  /**
   * Links the unit ids of `user` (e.g. the `deviceID` from a cookie and the `userID` it just logged in as)
   * so analysis can attribute events of one to the other. `setUser` does this by itself in the browser;
   * servers call it when a request logs a visitor in.
   */
  identify(user: User = this.reader.user): void {
    try {
      this.wiring.events?.identify(user);
    } catch (error) {
      this.wiring.reporter.report(toSplitkitError(error, 'IDENTIFY_FAILED'));
    }
  }

  /** Browser: grant or withdraw consent to persist the device id (withdrawing erases it). No-op on servers. */
  setIdentityConsent(granted: boolean): void {
    this.wiring.identity?.setConsent(granted);
  }

  /** Records a custom event (a click, a purchase with its value) for the bound user or `options.user`. */
  track(name: string, options?: { value?: number; metadata?: { [key: string]: Json }; user?: User }): void {
    const { events, reporter } = this.wiring;
    try {
      if (events) events.track(name, options?.user ?? this.reader.user, options?.value, options?.metadata);
      else reporter.report(new SplitkitError('INVALID_OPTIONS', 'track() needs a collector or transport option; the event was not recorded'), 'track:no-events');
    } catch (error) {
      reporter.report(toSplitkitError(error, 'TRACK_FAILED'));
    }
  }

  /** Sends every queued event now; resolves when they are delivered or given up. */
  async flush(): Promise<void> {
    await this.wiring.events?.flush();
  }

  /**
   * Resolves once the ruleset source's first attempt settled, or after `timeoutMs` (default 1,500 ms in
   * the browser, 5,000 ms on servers), with where the ruleset in use came from: `'network'` (fetched, or
   * confirmed current by a 304), `'cache'`, `'bootstrap'`, `'static'` (the `ruleset` option) or `'none'`
   * (every read serves its default, reason ERROR). Never rejects; reads work before it resolves, from
   * the same ruleset. Without a source it resolves at once.
   */
  ready(options?: { timeoutMs?: number }): Promise<RulesetOrigin> {
    return whenReady(this.wiring.delivery!, options?.timeoutMs);
  }

  /**
   * Calls `listener` each time a new ruleset is put in use (from the source or `setRuleset`), with the
   * names of the gates, experiments and parameters whose definition changed. Returns the unsubscribe function.
   */
  subscribe(listener: RulesetListener): () => void {
    const { listeners } = this.wiring.delivery!;
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
    const mode = options?.mode ?? 'values';
    const delivery = this.wiring.delivery!;
    const ruleset = this.getRuleset();
    const snapshot: Bootstrap = { splitkit: 1, mode, user };
    if (delivery.etag !== undefined) snapshot.etag = delivery.etag;
    if (mode === 'ruleset') snapshot.ruleset = ruleset;
    else {
      const values: NonNullable<Bootstrap['values']> = {};
      const record = createEvalRecord();
      const args = { user: {}, exposure: false };
      for (const kind of ['gate', 'experiment', 'param'] as const) {
        const found: { [name: string]: ReturnType<typeof snapshotValue> } = {};
        for (const name of Object.keys(ruleset[`${kind}s`] ?? {})) {
          // As options (`{ user }`), so a user whose only attribute is named `user` is still read as a user.
          this.reader.read(kind, name, null, { user, exposure: false }, undefined, record, args);
          if (record.reason !== 'ERROR') found[name] = snapshotValue(record);
        }
        values[kind] = found;
      }
      snapshot.values = values;
    }
    return snapshot;
  }

  /**
   * Stops timers and delivers what it can within `timeoutMs` (default 10 s, the pipeline's
   * `DEFAULT_SHUTDOWN_TIMEOUT_MS`); the report says what was left undelivered. In a browser it also
   * removes the page listeners (pagehide, visibilitychange, online) once done. Resolves to undefined
   * when the client has no event pipeline.
   */
  async shutdown(options?: { timeoutMs?: number }): Promise<ShutdownReport | undefined> {
    this.wiring.delivery!.source?.stop();
    return this.wiring.events?.shutdown(options);
  }

  /** Event pipeline counters (queued, in flight, sent, dropped, retried), or undefined without a pipeline. */
  stats(): PipelineStats | undefined {
    return this.wiring.events?.stats();
  }

  /**
   * The ruleset in use: normalized (every default written out) when it was validated, as `parseRuleset`
   * returns it; as given when the client trusts its rulesets (the browser build's default); `{}` while the
   * ruleset given at creation is rejected and no replacement was accepted.
   */
  getRuleset(): RulesetInput {
    return this.wiring.ruleset as RulesetInput;
  }
}

/** One details read, into its own record and arguments: not on the hot path, and reentrant. */
function details<T extends Json>(reader: Reader, kind: EntityKind, name: string, fallback: T, userOrOptions: UserArg | undefined, options: EvaluationOptions | undefined): EvaluationDetails<T> {
  const record = createEvalRecord();
  const value = reader.read(kind, name, fallback, userOrOptions, options, record, { user: {}, exposure: true }) as T;
  return detailsFromRecord(record, value, kind === 'experiment' ? (value as string | null) : null);
}
