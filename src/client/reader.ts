/**
 * The read path both clients share: binds the pure evaluator to a user,
 * overrides and error reporting. Every read (`checkGate`, `getExperiment`,
 * `getParam` and the full client's details) runs the one `read` below, and
 * the state lives in this closure, so the client classes carry one member.
 */
import type { Json } from '../ruleset/types.js';
import type { RulesetInput } from '../ruleset/input.js';
import { createEvalRecord, resetEvalRecord, type EntityKind, type EvalRecord, type User } from '../eval/types.js';
import { compileRuleset, evaluate, type CompiledRuleset } from '../eval/index.js';
import { recordError } from '../eval/failure.js';
import { isSplitkitError, SplitkitError } from '../errors/index.js';
import { resolveArguments, type EvaluationOptions, type ResolvedArguments } from './arguments.js';
import { createExperimentResults, typeMismatch, type ExperimentResult, type ExperimentResults } from './experiment-result.js';
import { applyOverrides, createOverrideStore, type OverrideStore, type Overrides } from './overrides.js';
import type { Reporter } from './reporter.js';
import { safeText } from './safe-text.js';

/** What a reading client is built from. */
export interface LiteClientParts {
  /**
   * The ruleset, validated by `parse` when given, else compiled as given (the compiler applies the
   * defaults). One that cannot be used is reported and every read serves its default (PARSE_ERROR).
   */
  ruleset: unknown;
  /** The bound user. Default: none (`{}`). */
  user?: User;
  /** Values forced from the start (see `LiteClient.override`). */
  overrides?: Overrides;
  reporter: Reporter;
  /** The clock experiments' schedules read. Default: `Date.now`. */
  now?: () => number;
  /** Validates the ruleset and every replacement given to `setRuleset`; absent: they are trusted as they are. */
  parse?: (input: unknown) => RulesetInput;
}

/** A user, or options of one read (see {@link EvaluationOptions}). */
export type UserArg = User | EvaluationOptions;

/** What the full client adds to the read path. */
export interface ReadHooks {
  /** Runs after every evaluation, before an ERROR is reported: logs exposures. */
  evaluated(record: EvalRecord, args: ResolvedArguments): void;
  /** A ruleset is in use: at creation (the empty one when the given one was rejected), then after every accepted `setRuleset`. */
  rulesetInUse(ruleset: RulesetInput): void;
}

/** A client's state and its one read path. */
export interface Reader {
  /** The bound user. */
  user: User;
  readonly overrides: OverrideStore;
  /**
   * Reads `kind` `name` into `record` (by default the shared one: the hot path allocates nothing) and
   * returns its value, or `fallback` on an error or a parameter whose JSON type differs from the
   * fallback's. Afterwards `record.name` is the name as text and `record.reason` says why, OVERRIDE
   * and ERROR included. Never throws.
   */
  read(kind: EntityKind, name: string, fallback: Json, userOrOptions: UserArg | undefined, options: EvaluationOptions | undefined, record?: EvalRecord, args?: ResolvedArguments): Json;
  /** An experiment read: the shared result of its variant and reason. */
  experiment(name: string, userOrOptions: UserArg | undefined, options: EvaluationOptions | undefined): ExperimentResult;
  /** The ruleset in use (the empty one when the ruleset given at creation was rejected). */
  ruleset(): RulesetInput;
  /** Puts a replacement ruleset in use (see `LiteClient.setRuleset`). */
  setRuleset(input: unknown): boolean;
}

/** Creates the read path of one client; `hooks` come from the full client. */
export function createReader(parts: LiteClientParts, hooks?: ReadHooks): Reader {
  const { reporter, now = Date.now, parse } = parts;
  // Reused on every read so the hot path allocates nothing.
  const shared = createEvalRecord();
  const sharedArgs: ResolvedArguments = { user: {}, exposure: true };
  let compiled: CompiledRuleset;
  let results: ExperimentResults;
  // Why the ruleset given at creation was rejected, while its empty stand-in is in use: reads of unknown
  // names then say so.
  let rejected: SplitkitError | undefined;

  /**
   * Puts `input` in use (validated by `validate` when given), with a fresh result cache. One that cannot be
   * used is reported and returned, and the one in use stays.
   */
  const use = (input: unknown, validate?: (input: unknown) => RulesetInput): SplitkitError | undefined => {
    try {
      const ruleset = validate ? validate(input) : (input as RulesetInput);
      compiled = compileRuleset(ruleset);
      results = createExperimentResults(ruleset, reporter);
      reporter.reset();
      rejected = undefined;
      hooks?.rulesetInUse(ruleset);
      return undefined;
    } catch (error) {
      const problem = toSplitkitError(error, 'INVALID_RULESET');
      reporter.report(problem);
      return problem;
    }
  };

  // The cold paths of `read`, apart so that `read` stays small enough for V8 to inline into each read
  // method, where its `kind` is a constant.

  /**
   * The evaluator served an ERROR: reported once per entity and code; `fallback` is served. A name unknown
   * because the ruleset given at creation was rejected is a PARSE_ERROR that says why.
   */
  const evaluationFailed = (record: EvalRecord, fallback: Json): Json => {
    if (rejected && record.errorCode === 'FLAG_NOT_FOUND') {
      record.errorCode = 'PARSE_ERROR';
      record.errorMessage = `the ruleset was rejected: ${rejected.message}`;
    }
    const { kind, name, errorCode } = record;
    // The evaluator gives every ERROR a code and a message.
    reporter.report(new SplitkitError(errorCode === 'FLAG_NOT_FOUND' ? 'NOT_FOUND' : 'EVALUATION_FAILED', `${kind} "${name}": ${record.errorMessage}`), `eval:${kind}:${name}:${errorCode}`);
    return fallback;
  };

  /** A parameter's value whose JSON type is not the fallback's: recorded as a TYPE_MISMATCH, reported, `fallback` served. */
  const typeMismatched = (record: EvalRecord, mismatch: string, fallback: Json): Json => {
    record.reason = 'ERROR';
    record.errorCode = 'TYPE_MISMATCH';
    record.errorMessage = `param "${record.name}" ${mismatch}`;
    reporter.report(new SplitkitError('TYPE_MISMATCH', `${record.errorMessage}; serving the fallback`), `type:${record.name}`);
    return fallback;
  };

  /**
   * Something threw during a read (a hostile user or options object): recorded as GENERAL on a reset record
   * (nothing of an earlier read stays in it), reported, `fallback` served.
   */
  const readFailed = (kind: EntityKind, name: string, error: unknown, record: EvalRecord, fallback: Json): Json => {
    const text = safeText(error);
    reporter.report(new SplitkitError('EVALUATION_FAILED', `${kind} "${name}" failed: ${text}`, { cause: error }), `fail:${kind}:${name}`);
    recordError(record, kind, name, fallback, 'GENERAL', text);
    return fallback;
  };

  const reader: Reader = {
    user: parts.user ?? {},
    overrides: createOverrideStore(),
    read(kind, name, fallback, userOrOptions, options, record = shared, args = sharedArgs) {
      // Untyped callers may pass anything as a name; it is read as the text it converts to.
      if (typeof name !== 'string') name = safeText(name);
      try {
        resolveArguments(reader.user, userOrOptions, options, args);
        // Branches on `kind`, not lookups by it: `kind` is a constant once V8 inlines `read` into a read
        // method, so the branches fold away, where a lookup (and a call through it) would stay dynamic.
        const { overrides } = reader;
        const forced = kind === 'gate' ? overrides.gate : kind === 'param' ? overrides.param : overrides.experiment;
        if (forced.size !== 0 && forced.has(name)) {
          // Nothing was evaluated: no rule, unit or bucket, no exposure.
          resetEvalRecord(record, kind, name).reason = 'OVERRIDE';
          return forced.get(name) as Json;
        }
        // The time only matters to experiments' schedules (no boxed number per read otherwise).
        evaluate(compiled, kind, name, args.user, kind === 'experiment' && compiled.usesTime ? now() : 0, record);
        hooks?.evaluated(record, args);
        if (record.reason === 'ERROR') return evaluationFailed(record, fallback);
        // A gate's value is a boolean, an experiment's its variant key or null: only parameters need checking.
        const mismatch = kind === 'param' ? typeMismatch(record.value, fallback) : undefined;
        return mismatch === undefined ? record.value : typeMismatched(record, mismatch, fallback);
      } catch (error) {
        return readFailed(kind, name, error, record, fallback);
      }
    },
    experiment(name, userOrOptions, options) {
      const variant = reader.read('experiment', name, null, userOrOptions, options) as string | null;
      return results(shared.name, shared.variantIndex, variant, shared.reason);
    },
    ruleset: () => compiled.ruleset,
    setRuleset: (input) => !use(input, parse),
  };

  if (parts.overrides) applyOverrides(reader.overrides, parts.overrides);
  // A rejected ruleset (invalid, or trusted but malformed past compiling: `{ gates: { g: null } }`) is
  // reported by `use`; the empty one stands in, so every read serves its default.
  const problem = use(parts.ruleset, parse);
  if (problem) {
    use({});
    rejected = problem;
  }
  return reader;
}

/** `error` as a SplitkitError: itself when it is one, else wrapped with `code`. */
export function toSplitkitError(error: unknown, code: 'INVALID_RULESET' | 'EVALUATION_FAILED'): SplitkitError {
  return isSplitkitError(error) ? error : new SplitkitError(code, safeText(error), { cause: error });
}
