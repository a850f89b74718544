/**
 * The client: binds the pure evaluator to a user, overrides, error reporting
 * and (when configured) the event pipeline. One class serves the browser
 * (a bound user, `setUser` on login) and servers (a user per call).
 */
import type { Json, Ruleset } from '../ruleset/types.js';
import { createEvalRecord, type EvalRecord, type User } from '../eval/types.js';
import { compileRuleset, evaluateExperiment, evaluateGate, evaluateParam, type CompiledRuleset } from '../eval/index.js';
import { isSplitkitError, SplitkitError } from '../errors/index.js';
import { resolveArguments, type EvaluationOptions, type ResolvedArguments } from './arguments.js';
import { detailsFromRecord, type EvaluationDetails } from './details.js';
import { ExperimentResultCache, jsonType, type ExperimentResult } from './experiment-result.js';
import { OverrideStore, type Overrides } from './overrides.js';
import type { Reporter } from './reporter.js';
import { safeText } from './safe-text.js';
import type { ClientEvents } from './client-events.js';
import type { PipelineStats, ShutdownReport } from '../events/pipeline-api.js';

/** What `createClient` assembles for the client. */
export interface ClientParts {
  ruleset: Ruleset;
  /** Why the ruleset given at creation was rejected (evaluations then report PARSE_ERROR). */
  rulesetError?: SplitkitError;
  user: User;
  reporter: Reporter;
  now: () => number;
  /** Validates a replacement ruleset for `setRuleset`; absent in clients that trust their rulesets. */
  parse?: (input: unknown) => Ruleset;
  /** Exposure logging, tracking and identity; absent when no collector or transport is configured. */
  events?: ClientEvents;
  /** The browser's device identity: fills in `deviceID` when a user is bound. */
  identity?: { complete(user: User): User; setConsent(granted: boolean): void };
}

type UserArg = User | EvaluationOptions;

/** The client `createClient` returns. */
export class SplitkitClient {
  // Declared and assigned in the constructor (not class fields), so ES2020 bundles need no define helper.
  private declare readonly parts: ClientParts;
  private declare compiled: CompiledRuleset;
  private declare rulesetError: SplitkitError | undefined;
  private declare user: User;
  private declare readonly overrides: OverrideStore;
  private declare readonly results: ExperimentResultCache;
  // Reused on every read so the hot path allocates nothing.
  private declare readonly record: EvalRecord;
  private declare readonly args: ResolvedArguments;

  constructor(parts: ClientParts) {
    this.parts = parts;
    this.overrides = new OverrideStore();
    this.record = createEvalRecord();
    this.args = { user: {}, exposure: true };
    this.compiled = compileRuleset(parts.ruleset);
    this.rulesetError = parts.rulesetError;
    this.user = parts.identity ? parts.identity.complete(parts.user) : parts.user;
    this.results = new ExperimentResultCache((experiment, key, expected, actual) =>
      parts.reporter.problem('TYPE_MISMATCH', `experiment "${experiment}" param "${key}" is ${actual}, the fallback is ${expected}; serving the fallback`, `type:${experiment}:${key}`),
    );
    parts.events?.setRuleset(parts.ruleset);
  }

  /** True when the gate passes for the user. Unknown gates and errors give false (reason ERROR, reported). */
  checkGate(name: string, userOrOptions?: UserArg, options?: EvaluationOptions): boolean {
    // Untyped callers may pass anything as a name; it is read as the text it converts to.
    if (typeof name !== 'string') name = safeText(name);
    try {
      const args = resolveArguments(this.user, userOrOptions, options, this.args);
      const forced = this.overrides.gates.size === 0 ? undefined : this.overrides.gates.get(name);
      if (forced !== undefined) return forced;
      const record = evaluateGate(this.compiled, name, args.user, this.time(), this.record);
      this.afterEvaluation(record, args, null);
      return record.value === true;
    } catch (error) {
      this.fail('gate', name, error);
      return false;
    }
  }

  /** The gate's value with the reason, rule, unit and bucket that produced it. */
  getGateDetails(name: string, userOrOptions?: UserArg, options?: EvaluationOptions): EvaluationDetails<boolean> {
    if (typeof name !== 'string') name = safeText(name);
    const record = createEvalRecord();
    try {
      const args = this.freshArguments(userOrOptions, options);
      const forced = this.overrides.gates.get(name);
      if (forced !== undefined) return overrideDetails('gate', name, forced, null);
      evaluateGate(this.compiled, name, args.user, this.time(), record);
      this.afterEvaluation(record, args, null);
      return detailsFromRecord(record, record.value === true, null);
    } catch (error) {
      return this.failDetails(record, 'gate', name, error, false);
    }
  }

  /** The user's variant of an experiment; `variant` is null when they are not in it. */
  getExperiment(name: string, userOrOptions?: UserArg, options?: EvaluationOptions): ExperimentResult {
    if (typeof name !== 'string') name = safeText(name);
    const experiments = this.compiled.ruleset.experiments;
    // Own keys only: a name like "__proto__" must not reach Object.prototype.
    const experiment = Object.hasOwn(experiments, name) ? experiments[name] : undefined;
    try {
      const args = resolveArguments(this.user, userOrOptions, options, this.args);
      if (this.overrides.experiments.size !== 0 && this.overrides.experiments.has(name)) {
        return this.results.forOverride(name, experiment, this.overrides.experiments.get(name) ?? null);
      }
      const record = evaluateExperiment(this.compiled, name, args.user, this.time(), this.record);
      this.afterEvaluation(record, args, record.value as string | null);
      return this.results.get(name, experiment, record.variantIndex, record.reason);
    } catch (error) {
      this.fail('experiment', name, error);
      return this.results.get(name, experiment, -1, 'ERROR');
    }
  }

  /** The experiment's assignment with its reason, unit and bucket. */
  getExperimentDetails(name: string, userOrOptions?: UserArg, options?: EvaluationOptions): EvaluationDetails<string | null> {
    if (typeof name !== 'string') name = safeText(name);
    const record = createEvalRecord();
    try {
      const args = this.freshArguments(userOrOptions, options);
      if (this.overrides.experiments.has(name)) {
        const variant = this.overrides.experiments.get(name) ?? null;
        return overrideDetails('experiment', name, variant, variant);
      }
      evaluateExperiment(this.compiled, name, args.user, this.time(), record);
      const variant = record.value as string | null;
      this.afterEvaluation(record, args, variant);
      return detailsFromRecord(record, variant, variant);
    } catch (error) {
      return this.failDetails(record, 'experiment', name, error, null);
    }
  }

  /**
   * A dynamic parameter's value for the user, or `fallback` when it is unknown,
   * its default is served and absent, or its JSON type differs from the fallback's.
   */
  getParam<T extends Json>(name: string, fallback: T, userOrOptions?: UserArg, options?: EvaluationOptions): T {
    return this.getParamDetails(name, fallback, userOrOptions, options).value;
  }

  /** The parameter's value with the reason and rule that produced it. */
  getParamDetails<T extends Json>(name: string, fallback: T, userOrOptions?: UserArg, options?: EvaluationOptions): EvaluationDetails<T> {
    if (typeof name !== 'string') name = safeText(name);
    const record = createEvalRecord();
    try {
      const args = this.freshArguments(userOrOptions, options);
      if (this.overrides.params.has(name)) return overrideDetails('param', name, this.overrides.params.get(name) as T, null);
      evaluateParam(this.compiled, name, args.user, this.time(), record);
      this.afterEvaluation(record, args, null);
      if (record.reason === 'ERROR') return detailsFromRecord(record, fallback, null);
      const expected = jsonType(fallback);
      const actual = jsonType(record.value);
      if (fallback !== null && expected !== actual) {
        record.reason = 'ERROR';
        record.errorCode = 'TYPE_MISMATCH';
        record.errorMessage = `param "${name}" is ${actual}, the fallback is ${expected}`;
        this.parts.reporter.problem('TYPE_MISMATCH', `${record.errorMessage}; serving the fallback`, `type:${name}`);
        return detailsFromRecord(record, fallback, null);
      }
      return detailsFromRecord(record, record.value as T, null);
    } catch (error) {
      return this.failDetails(record, 'param', name, error, fallback);
    }
  }

  /** Binds a new user (browser style), e.g. on login. Logs an identity link when a device gains a user id. */
  setUser(user: User): void {
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
      this.parts.reporter.report(toSplitkitError(error, 'EVALUATION_FAILED'));
    }
  }

  /** The bound user (with its generated device id, in the browser). */
  getUser(): User {
    return this.user;
  }

  /** Browser: grant or withdraw consent to persist the device id (withdrawing erases it). No-op on servers. */
  setIdentityConsent(granted: boolean): void {
    this.parts.identity?.setConsent(granted);
  }

  /** Forces values locally (QA, tests). Overrides report reason OVERRIDE and log no exposures. */
  override(overrides: Overrides): void {
    this.overrides.apply(overrides);
  }

  /** Removes overrides: all of them, one kind's, or one entity's. */
  clearOverrides(kind?: 'gates' | 'experiments' | 'params', name?: string): void {
    this.overrides.clear(kind, name);
  }

  /**
   * Replaces the ruleset. An invalid one is rejected (reported through
   * `onError`) and the current ruleset is kept: nothing good is lost.
   * Returns whether the new ruleset is in use.
   */
  setRuleset(input: unknown): boolean {
    try {
      const ruleset = this.parts.parse ? this.parts.parse(input) : (input as Ruleset);
      this.compiled = compileRuleset(ruleset);
      this.rulesetError = undefined;
      this.results.clear();
      this.parts.reporter.reset();
      this.parts.events?.setRuleset(ruleset);
      return true;
    } catch (error) {
      this.parts.reporter.report(toSplitkitError(error, 'INVALID_RULESET'));
      return false;
    }
  }

  /** The ruleset in use (normalized). */
  getRuleset(): Ruleset {
    return this.compiled.ruleset;
  }

  /** Records a custom event (a click, a purchase with its value) for the bound user or `options.user`. */
  track(name: string, options?: { value?: number; metadata?: { [key: string]: Json }; user?: User }): void {
    try {
      if (!this.parts.events) {
        this.parts.reporter.problem('INVALID_OPTIONS', 'track() needs a collector or transport option; the event was not recorded', 'track:no-events');
        return;
      }
      this.parts.events.track(name, options?.user ?? this.user, options?.value, options?.metadata);
    } catch (error) {
      this.parts.reporter.report(toSplitkitError(error, 'EVALUATION_FAILED'));
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

  // Details calls resolve into their own object: they are not on the hot path, and stay reentrant.
  private freshArguments(userOrOptions: UserArg | undefined, options: EvaluationOptions | undefined): ResolvedArguments {
    return resolveArguments(this.user, userOrOptions, options, { user: {}, exposure: true });
  }

  /** The time for schedules; 0 when no experiment has one (see CompiledRuleset.usesTime: no boxed number per read). */
  private time(): number {
    return this.compiled.usesTime ? this.parts.now() : 0;
  }

  private afterEvaluation(record: EvalRecord, args: ResolvedArguments, variant: string | null): void {
    if (record.reason === 'ERROR') this.reportEvaluationError(record);
    else if (record.exposure && args.exposure && this.parts.events) this.parts.events.exposure(record, args.user, variant);
  }

  private reportEvaluationError(record: EvalRecord): void {
    if (this.rulesetError && record.errorCode === 'FLAG_NOT_FOUND') {
      record.errorCode = 'PARSE_ERROR';
      record.errorMessage = `the ruleset was rejected: ${this.rulesetError.message}`;
    }
    const code = record.errorCode === 'FLAG_NOT_FOUND' ? 'NOT_FOUND' : 'EVALUATION_FAILED';
    this.parts.reporter.problem(code, `${record.kind} "${record.name}": ${record.errorMessage ?? record.errorCode ?? 'error'}`, `eval:${record.kind}:${record.name}:${record.errorCode}`);
  }

  private fail(kind: string, name: string, error: unknown): void {
    this.parts.reporter.report(new SplitkitError('EVALUATION_FAILED', `${kind} "${safeText(name)}" failed: ${safeText(error)}`, { cause: error }), `fail:${kind}:${safeText(name)}`);
  }

  private failDetails<T extends Json>(record: EvalRecord, kind: 'gate' | 'experiment' | 'param', name: string, error: unknown, fallback: T): EvaluationDetails<T> {
    this.fail(kind, name, error);
    record.kind = kind;
    record.name = safeText(name);
    record.reason = 'ERROR';
    record.errorCode = 'GENERAL';
    record.errorMessage = safeText(error);
    return detailsFromRecord(record, fallback, null);
  }
}

function overrideDetails<T extends Json>(kind: 'gate' | 'experiment' | 'param', name: string, value: T, variant: string | null): EvaluationDetails<T> {
  return Object.freeze({ kind, name, value, variant, reason: 'OVERRIDE', exposure: false });
}

function toSplitkitError(error: unknown, code: 'INVALID_RULESET' | 'EVALUATION_FAILED'): SplitkitError {
  return isSplitkitError(error) ? error : new SplitkitError(code, safeText(error), { cause: error });
}
