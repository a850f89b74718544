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
}

/** The client `createClient` returns. */
export class SplitkitClient extends LiteClient {
  // Declared and assigned in the constructor (not a class field), so ES2020 bundles need no define helper.
  /** What createClient assembled (the client's own copy). */
  private declare readonly _parts: ClientParts;
  /** The values `override` forced, which decide before the evaluator does. */
  private declare readonly _overrideStore: OverrideStore;
  /** The full client's part of the read path; `override` swaps its evaluator. */
  private declare readonly _readHooks: ReadHooks;

  /** Clients come from `createClient`, which assembles the parts. */
  constructor(parts: ClientParts) {
    // The client's own copy: its `ruleset` becomes the ruleset in use, without touching the caller's object.
    const own: ClientParts = { ...parts };
    const events = own.events;
    const hooks: ReadHooks = {
      // Until the first override, reads call the evaluator itself (see `override`).
      evaluate,
      evaluated(record, args) {
        if (events && record.reason !== 'ERROR' && record.exposure && args.exposure) events.exposure(record, args.user);
      },
      rulesetInUse(ruleset) {
        // Kept on the client's parts (`this` is not there yet during super()).
        own.ruleset = ruleset;
        events?.setRuleset(ruleset);
      },
    };
    super(own, hooks);
    this._parts = own;
    this._readHooks = hooks;
    this._overrideStore = createOverrideStore();
    if (own.overrides) this.override(own.overrides);
    if (own.identity) this._reader.user = own.identity.complete(this._reader.user);
  }

  /** The gate's value with the reason, rule, unit and bucket that produced it. `user` and `options` as in {@link LiteClient.checkGate}. */
  getGateDetails(name: string, user?: UserArg, options?: EvaluationOptions): EvaluationDetails<boolean> {
    return details(this._reader, 'gate', name, false, user, options);
  }

  /** The experiment's assignment with its reason, unit and bucket. `user` and `options` as in {@link LiteClient.checkGate}. */
  getExperimentDetails(name: string, user?: UserArg, options?: EvaluationOptions): EvaluationDetails<string | null> {
    return details(this._reader, 'experiment', name, null, user, options);
  }

  /** The parameter's value with the reason and rule that produced it. `user` and `options` as in {@link LiteClient.checkGate}. */
  getParamDetails<T extends Json>(name: string, fallback: T, user?: UserArg, options?: EvaluationOptions): EvaluationDetails<T> {
    return details(this._reader, 'param', name, fallback, user, options);
  }

  /** Forces values locally (QA, tests). Overrides report reason OVERRIDE and log no exposures. */
  override(overrides: Overrides): void {
    // From the first override on, reads look for one before evaluating (a client that is never overridden,
    // as in production, pays nothing for them). Swapped first, so overrides stored before a throw still apply.
    this._readHooks.evaluate = evaluateWithOverrides(this._overrideStore);
    applyOverrides(this._overrideStore, overrides);
  }

  /** Removes overrides: all of them, one kind's, or one entity's. */
  clearOverrides(kind?: OverrideKind, name?: string): void {
    clearOverrides(this._overrideStore, kind, name);
  }

  /** Binds a new user (browser style), e.g. on login. Logs an identity link when a device gains a user id. */
  override setUser(user: User): void {
    const { identity, events } = this._parts;
    const next = identity ? identity.complete(user) : user;
    events?.userChanged(this._reader.user, next);
    this._reader.user = next;
  }

  /**
   * Links the unit ids of `user` (e.g. the `deviceID` from a cookie and the `userID` it just logged in as)
   * so analysis can attribute events of one to the other. `setUser` does this by itself in the browser;
   * servers call it when a request logs a visitor in.
   */
  identify(user: User = this._reader.user): void {
    try {
      this._parts.events?.identify(user);
    } catch (error) {
      this._parts.reporter.report(toSplitkitError(error, 'EVALUATION_FAILED'));
    }
  }

  /** Browser: grant or withdraw consent to persist the device id (withdrawing erases it). No-op on servers. */
  setIdentityConsent(granted: boolean): void {
    this._parts.identity?.setConsent(granted);
  }

  /** Records a custom event (a click, a purchase with its value) for the bound user or `options.user`. */
  track(name: string, options?: { value?: number; metadata?: { [key: string]: Json }; user?: User }): void {
    const { events, reporter } = this._parts;
    try {
      if (events) events.track(name, options?.user ?? this._reader.user, options?.value, options?.metadata);
      else reporter.report(new SplitkitError('INVALID_OPTIONS', 'track() needs a collector or transport option; the event was not recorded'), 'track:no-events');
    } catch (error) {
      reporter.report(toSplitkitError(error, 'EVALUATION_FAILED'));
    }
  }

  /** Sends every queued event now; resolves when they are delivered or given up. */
  async flush(): Promise<void> {
    await this._parts.events?.flush();
  }

  /**
   * Stops timers and delivers what it can within `timeoutMs` (default 10 s, the pipeline's
   * `DEFAULT_SHUTDOWN_TIMEOUT_MS`); the report says what was left undelivered. In a browser it also
   * removes the page listeners (pagehide, visibilitychange, online) once done. Resolves to undefined
   * when the client has no event pipeline.
   */
  async shutdown(options?: { timeoutMs?: number }): Promise<ShutdownReport | undefined> {
    return this._parts.events?.shutdown(options);
  }

  /** Event pipeline counters (queued, in flight, sent, dropped, retried), or undefined without a pipeline. */
  stats(): PipelineStats | undefined {
    return this._parts.events?.stats();
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

/** One details read, into its own record and arguments: not on the hot path, and reentrant. */
function details<T extends Json>(reader: Reader, kind: EntityKind, name: string, fallback: T, user: UserArg, options: EvaluationOptions | undefined): EvaluationDetails<T> {
  const record = createEvalRecord();
  const value = reader.read(kind, name, fallback, user, options, record, { user: {}, exposure: true }) as T;
  return detailsFromRecord(record, value, kind === 'experiment' ? (value as string | null) : null);
}
