/**
 * The full client: the reading client plus details, exposure logging,
 * tracking, identity and the event pipeline (when configured). One class
 * serves the browser (a bound user, `setUser` on login) and servers (a user
 * per call).
 */
import type { Json } from '../ruleset/types.js';
import type { RulesetInput } from '../ruleset/input.js';
import { createEvalRecord, type EntityKind, type EvalRecord, type User } from '../eval/types.js';
import { evaluateExperiment, evaluateGate } from '../eval/index.js';
import type { SplitkitError } from '../errors/index.js';
import { resolveArguments, type EvaluationOptions, type ResolvedArguments } from './arguments.js';
import { detailsFromRecord, type EvaluationDetails } from './details.js';
import { LiteClient, toSplitkitError, type LiteClientParts, type UserArg } from './lite-client.js';
import { safeText } from './safe-text.js';
import type { ClientEvents } from './client-events.js';
import type { PipelineStats, ShutdownReport } from '../events/pipeline-api.js';

/** What `createClient` assembles for the client. */
export interface ClientParts extends LiteClientParts {
  /** Why the ruleset given at creation was rejected (evaluations then report PARSE_ERROR). */
  rulesetError?: SplitkitError;
  /** Exposure logging, tracking and identity; absent when no collector or transport is configured. */
  events?: ClientEvents;
  /** The browser's device identity: fills in `deviceID` when a user is bound. */
  identity?: { complete(user: User): User; setConsent(granted: boolean): void };
}

/** The client `createClient` returns. */
export class SplitkitClient extends LiteClient {
  // Declared and assigned in the constructor (not class fields), so ES2020 bundles need no define helper.
  protected declare readonly parts: ClientParts;
  private declare rulesetError: SplitkitError | undefined;

  constructor(parts: ClientParts) {
    super(parts);
    // The base constructor may already have set it (rulesetRejected): keep that.
    if (parts.rulesetError) this.rulesetError = parts.rulesetError;
    if (parts.identity) this.user = parts.identity.complete(parts.user);
    // The compiled one: a ruleset that could not be compiled was replaced by an empty one.
    parts.events?.setRuleset(this.compiled.ruleset);
  }

  /** The gate's value with the reason, rule, unit and bucket that produced it. */
  getGateDetails(name: string, userOrOptions?: UserArg, options?: EvaluationOptions): EvaluationDetails<boolean> {
    return this.details('gate', name, false, userOrOptions, options);
  }

  /** The experiment's assignment with its reason, unit and bucket. */
  getExperimentDetails(name: string, userOrOptions?: UserArg, options?: EvaluationOptions): EvaluationDetails<string | null> {
    return this.details('experiment', name, null, userOrOptions, options);
  }

  /** The parameter's value with the reason and rule that produced it. */
  getParamDetails<T extends Json>(name: string, fallback: T, userOrOptions?: UserArg, options?: EvaluationOptions): EvaluationDetails<T> {
    return this.details('param', name, fallback, userOrOptions, options);
  }

  /** Binds a new user (browser style), e.g. on login. Logs an identity link when a device gains a user id. */
  override setUser(user: User): void {
    const next = this.parts.identity ? this.parts.identity.complete(user) : user;
    this.parts.events?.userChanged(this.user, next);
    this.user = next;
  }

  /**
   * Links the unit ids of `user` (e.g. the `deviceID` from a cookie and the `userID` it just logged in as)
   * so analysis can attribute events of one to the other. `setUser` does this by itself in the browser;
   * servers call it when a request logs a visitor in.
   */
  identify(user: User = this.user): void {
    try {
      this.parts.events?.identify(user);
    } catch (error) {
      this.reporter.report(toSplitkitError(error, 'EVALUATION_FAILED'));
    }
  }

  /** Browser: grant or withdraw consent to persist the device id (withdrawing erases it). No-op on servers. */
  setIdentityConsent(granted: boolean): void {
    this.parts.identity?.setConsent(granted);
  }

  /** Records a custom event (a click, a purchase with its value) for the bound user or `options.user`. */
  track(name: string, options?: { value?: number; metadata?: { [key: string]: Json }; user?: User }): void {
    try {
      if (!this.parts.events) {
        this.reporter.problem('INVALID_OPTIONS', 'track() needs a collector or transport option; the event was not recorded', 'track:no-events');
        return;
      }
      this.parts.events.track(name, options?.user ?? this.user, options?.value, options?.metadata);
    } catch (error) {
      this.reporter.report(toSplitkitError(error, 'EVALUATION_FAILED'));
    }
  }

  /** Sends every queued event now; resolves when they are delivered or given up. */
  async flush(): Promise<void> {
    await this.parts.events?.flush();
  }

  /**
   * Stops timers and delivers what it can within `timeoutMs` (default 5 s); the report says what was
   * left undelivered. Resolves to undefined when the client has no event pipeline.
   */
  async shutdown(options?: { timeoutMs?: number }): Promise<ShutdownReport | undefined> {
    return this.parts.events?.shutdown(options);
  }

  /** Event pipeline counters (queued, in flight, sent, dropped, retried), or undefined without a pipeline. */
  stats(): PipelineStats | undefined {
    return this.parts.events?.stats();
  }

  /**
   * The ruleset in use: normalized (every default written out) when it was validated, as `parseRuleset`
   * returns it; as given when the client trusts its rulesets (the browser build's default).
   */
  getRuleset(): RulesetInput {
    return this.compiled.ruleset;
  }

  protected override rulesetChanged(ruleset: RulesetInput): void {
    this.rulesetError = undefined;
    this.parts.events?.setRuleset(ruleset);
  }

  protected override rulesetRejected(error: SplitkitError): void {
    super.rulesetRejected(error);
    this.rulesetError = error;
  }

  protected override afterEvaluation(record: EvalRecord, args: ResolvedArguments, variant: string | null): void {
    if (record.reason === 'ERROR') this.reportEvaluationError(record);
    else if (record.exposure && args.exposure && this.parts.events) this.parts.events.exposure(record, args.user, variant);
  }

  protected override reportEvaluationError(record: EvalRecord): void {
    if (this.rulesetError && record.errorCode === 'FLAG_NOT_FOUND') {
      record.errorCode = 'PARSE_ERROR';
      record.errorMessage = `the ruleset was rejected: ${this.rulesetError.message}`;
    }
    super.reportEvaluationError(record);
  }

  /** One details read; `fallback` is the value on errors (gates: false, experiments: null). */
  private details<T extends Json>(kind: EntityKind, name: string, fallback: T, userOrOptions: UserArg | undefined, options: EvaluationOptions | undefined): EvaluationDetails<T> {
    if (typeof name !== 'string') name = safeText(name);
    const record = createEvalRecord();
    try {
      // Details resolve into their own arguments object: they are not on the hot path, and stay reentrant.
      const args = resolveArguments(this.user, userOrOptions, options, { user: {}, exposure: true });
      const forced: Map<string, Json> = this.overrides[`${kind}s` as const];
      if (forced.has(name)) {
        const value = forced.get(name) as T;
        return Object.freeze({ kind, name, value, variant: kind === 'experiment' ? (value as string | null) : null, reason: 'OVERRIDE', exposure: false });
      }
      if (kind === 'param') return detailsFromRecord(record, this.paramValue(record, name, fallback, args), null);
      (kind === 'gate' ? evaluateGate : evaluateExperiment)(this.compiled, name, args.user, this.time(), record);
      const variant = kind === 'gate' ? null : (record.value as string | null);
      this.afterEvaluation(record, args, variant);
      return detailsFromRecord(record, (kind === 'gate' ? record.value === true : variant) as T, variant);
    } catch (error) {
      this.fail(kind, name, error);
      record.kind = kind;
      record.name = name;
      record.reason = 'ERROR';
      record.errorCode = 'GENERAL';
      record.errorMessage = safeText(error);
      return detailsFromRecord(record, fallback, null);
    }
  }
}
