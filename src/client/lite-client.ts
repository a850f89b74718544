/**
 * The reading half of the client: binds the pure evaluator to a user,
 * overrides and error reporting. `splitkit/lite` returns it as is; the full
 * {@link SplitkitClient} extends it with details, exposures, tracking and
 * identity. Class methods cannot be tree-shaken one by one, so what the lite
 * bundle must not carry lives in the subclass.
 */
import type { Json } from '../ruleset/types.js';
import type { RulesetInput } from '../ruleset/input.js';
import { createEvalRecord, type EvalRecord, type User } from '../eval/types.js';
import { compileRuleset, evaluateExperiment, evaluateGate, evaluateParam, type CompiledRuleset } from '../eval/index.js';
import { isSplitkitError, SplitkitError } from '../errors/index.js';
import { resolveArguments, type EvaluationOptions, type ResolvedArguments } from './arguments.js';
import { createExperimentResults, typeMismatch, type ExperimentResult, type ExperimentResults } from './experiment-result.js';
import { applyOverrides, clearOverrides, createOverrideStore, type Overrides, type OverrideStore } from './overrides.js';
import type { Reporter } from './reporter.js';
import { safeText } from './safe-text.js';

/** What a reading client is built from. */
export interface LiteClientParts {
  /** Compiled as given: a normalized ruleset or a trusted input (the compiler applies the defaults). */
  ruleset: RulesetInput;
  user: User;
  reporter: Reporter;
  now: () => number;
  /** Validates a replacement ruleset for `setRuleset`; absent: the replacement is trusted as it is. */
  parse?: (input: unknown) => RulesetInput;
}

/** A user, or options of one read (see {@link EvaluationOptions}). */
export type UserArg = User | EvaluationOptions;

/** The client `splitkit/lite` returns: reads, overrides and ruleset updates, no events. */
export class LiteClient {
  // Declared and assigned in the constructor (not class fields), so ES2020 bundles need no define helper.
  protected declare readonly parts: LiteClientParts;
  protected declare compiled: CompiledRuleset;
  protected declare user: User;
  protected declare readonly reporter: Reporter;
  protected declare readonly overrides: OverrideStore;
  protected declare readonly results: ExperimentResults;
  // Reused on every read so the hot path allocates nothing.
  protected declare readonly record: EvalRecord;
  protected declare readonly args: ResolvedArguments;

  constructor(parts: LiteClientParts) {
    this.parts = parts;
    this.reporter = parts.reporter;
    this.overrides = createOverrideStore();
    this.record = createEvalRecord();
    this.args = { user: {}, exposure: true };
    try {
      this.compiled = compileRuleset(parts.ruleset);
    } catch (error) {
      // A trusted ruleset can be malformed past compiling (`{ gates: { g: null } }`): serve defaults, report it.
      this.compiled = compileRuleset({});
      this.rulesetRejected(toSplitkitError(error, 'INVALID_RULESET'));
    }
    this.user = parts.user;
    this.results = createExperimentResults(parts.reporter);
  }

  /** True when the gate passes for the user. Unknown gates and errors give false (reason ERROR, reported). */
  checkGate(name: string, userOrOptions?: UserArg, options?: EvaluationOptions): boolean {
    // Untyped callers may pass anything as a name; it is read as the text it converts to.
    if (typeof name !== 'string') name = safeText(name);
    try {
      const args = resolveArguments(this.user, userOrOptions, options, this.args);
      const gates = this.overrides.gates;
      const forced = gates.size === 0 ? undefined : gates.get(name);
      if (forced !== undefined) return forced;
      const record = evaluateGate(this.compiled, name, args.user, this.time(), this.record);
      this.afterEvaluation(record, args, null);
      return record.value === true;
    } catch (error) {
      this.fail('gate', name, error);
      return false;
    }
  }

  /** The user's variant of an experiment; `variant` is null when they are not in it. */
  getExperiment(name: string, userOrOptions?: UserArg, options?: EvaluationOptions): ExperimentResult {
    if (typeof name !== 'string') name = safeText(name);
    try {
      const args = resolveArguments(this.user, userOrOptions, options, this.args);
      const forced = this.overrides.experiments;
      if (forced.size !== 0 && forced.has(name)) return this.results.forOverride(this.compiled.ruleset, name, forced.get(name) as string | null);
      const record = evaluateExperiment(this.compiled, name, args.user, this.time(), this.record);
      this.afterEvaluation(record, args, record.value as string | null);
      return this.results.get(this.compiled.ruleset, name, record.variantIndex, record.reason);
    } catch (error) {
      this.fail('experiment', name, error);
      return this.results.get(this.compiled.ruleset, name, -1, 'ERROR');
    }
  }

  /**
   * A dynamic parameter's value for the user, or `fallback` when it is unknown,
   * its default is served and absent, or its JSON type differs from the fallback's.
   */
  getParam<T extends Json>(name: string, fallback: T, userOrOptions?: UserArg, options?: EvaluationOptions): T {
    if (typeof name !== 'string') name = safeText(name);
    try {
      const args = resolveArguments(this.user, userOrOptions, options, this.args);
      const forced = this.overrides.params;
      if (forced.size !== 0 && forced.has(name)) return forced.get(name) as T;
      return this.paramValue(this.record, name, fallback, args);
    } catch (error) {
      this.fail('param', name, error);
      return fallback;
    }
  }

  /** Binds a new user (browser style), e.g. on login. */
  setUser(user: User): void {
    this.user = user;
  }

  /** The bound user (the full client's includes its generated device id, in the browser). */
  getUser(): User {
    return this.user;
  }

  /** Forces values locally (QA, tests). Overrides report reason OVERRIDE and log no exposures. */
  override(overrides: Overrides): void {
    applyOverrides(this.overrides, overrides);
  }

  /** Removes overrides: all of them, one kind's, or one entity's. */
  clearOverrides(kind?: 'gates' | 'experiments' | 'params', name?: string): void {
    clearOverrides(this.overrides, kind, name);
  }

  /**
   * Replaces the ruleset. An invalid one is rejected (reported through
   * `onError`) and the current ruleset is kept: nothing good is lost.
   * Returns whether the new ruleset is in use.
   */
  setRuleset(input: unknown): boolean {
    try {
      const ruleset = this.parts.parse ? this.parts.parse(input) : (input as RulesetInput);
      this.compiled = compileRuleset(ruleset);
      this.results.clear();
      this.reporter.reset();
      this.rulesetChanged(ruleset);
      return true;
    } catch (error) {
      this.reporter.report(toSplitkitError(error, 'INVALID_RULESET'));
      return false;
    }
  }

  /** Hook for the full client: a new ruleset is in use. */
  protected rulesetChanged(_ruleset: RulesetInput): void {}

  /** The ruleset given at creation could not be compiled; reads serve defaults. */
  protected rulesetRejected(error: SplitkitError): void {
    this.reporter.report(error);
  }

  /**
   * Evaluates a parameter into `record` and returns its value, or `fallback`
   * on an error or a JSON type that differs from the fallback's (reported).
   */
  protected paramValue<T extends Json>(record: EvalRecord, name: string, fallback: T, args: ResolvedArguments): T {
    evaluateParam(this.compiled, name, args.user, this.time(), record);
    this.afterEvaluation(record, args, null);
    if (record.reason === 'ERROR') return fallback;
    const mismatch = typeMismatch(record.value, fallback);
    if (mismatch === undefined) return record.value as T;
    record.reason = 'ERROR';
    record.errorCode = 'TYPE_MISMATCH';
    record.errorMessage = `param "${name}" ${mismatch}`;
    this.reporter.problem('TYPE_MISMATCH', `${record.errorMessage}; serving the fallback`, `type:${name}`);
    return fallback;
  }

  /** The time for schedules; 0 when no experiment has one (see CompiledRuleset.usesTime: no boxed number per read). */
  protected time(): number {
    return this.compiled.usesTime ? this.parts.now() : 0;
  }

  /** Runs after every evaluation: reports errors (the full client also logs exposures). */
  protected afterEvaluation(record: EvalRecord, _args: ResolvedArguments, _variant: string | null): void {
    if (record.reason === 'ERROR') this.reportEvaluationError(record);
  }

  protected reportEvaluationError(record: EvalRecord): void {
    const code = record.errorCode === 'FLAG_NOT_FOUND' ? 'NOT_FOUND' : 'EVALUATION_FAILED';
    this.reporter.problem(code, `${record.kind} "${record.name}": ${record.errorMessage ?? record.errorCode ?? 'error'}`, `eval:${record.kind}:${record.name}:${record.errorCode}`);
  }

  /** Reports a read that threw; `name` is already text (every read converts it first). */
  protected fail(kind: string, name: string, error: unknown): void {
    this.reporter.report(new SplitkitError('EVALUATION_FAILED', `${kind} "${name}" failed: ${safeText(error)}`, { cause: error }), `fail:${kind}:${name}`);
  }
}

/** `error` as a SplitkitError: itself when it is one, else wrapped with `code`. */
export function toSplitkitError(error: unknown, code: 'INVALID_RULESET' | 'EVALUATION_FAILED'): SplitkitError {
  return isSplitkitError(error) ? error : new SplitkitError(code, safeText(error), { cause: error });
}
