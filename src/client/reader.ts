/**
 * The read path both clients share: binds the pure evaluator to a user and
 * error reporting (the full client adds overrides and exposures through
 * hooks). Every read (`checkGate`, `getExperiment`,
 * `getParam` and the full client's details) runs the one `read` below, and
 * the state lives in this closure, so the client classes carry one member.
 */
// The order of these imports is on purpose: bundlers lay modules out in import order, and this order gzips
// the lite bundle (a) smallest without growing (b) (`npm run size`). Measure before reordering.
import type { Json } from '../ruleset/types.js';
import type { RulesetInput } from '../ruleset/input.js';
import { compileRuleset, evaluate, type CompiledRuleset } from '../eval/index.js';
import { recordFailure } from '../eval/failure.js';
import { resolveArguments, type EvaluationOptions, type ResolvedArguments } from './arguments.js';
import {
  createExperimentResults,
  typeMismatch,
  type ExperimentResult,
  type ExperimentResults,
  type VariantParams,
} from './experiment-result.js';
import { createClientReporter, type Reporter } from './reporter.js';
import type { Logger } from '../io/logger.js';
import { safeText } from './safe-text.js';
import { isPlainObject } from '../shared/plain-object.js';
import { createEvalRecord, type EntityKind, type EvalRecord, type User } from '../eval/types.js';
import { isSplitkitError, SplitkitError } from '../errors/index.js';

/** What a reading client is built from. */
export interface LiteClientParts {
  /**
   * The ruleset, validated by `parse` when given, else compiled as given (the compiler applies the
   * defaults). One that cannot be used is reported and every read serves its default (PARSE_ERROR).
   */
  ruleset: unknown;
  /** The bound user. Default: none (`{}`). */
  user?: User;
  /** Where problems go: `onError` when given, else warnings on `logger`; without either they are dropped. */
  onError?: (error: SplitkitError) => void;
  logger?: Logger;
  /**
   * The full client's reporter, which its event pipeline shares; replaces `onError` and `logger`.
   * @internal
   */
  reporter?: Reporter;
  /** The clock experiments' schedules read. Default: `Date.now`. */
  now?: () => number;
  /** Validates the ruleset and every replacement given to `setRuleset`; absent: they are trusted as they are. */
  parse?: (input: unknown) => RulesetInput;
  /** The params of variants the ruleset in use lacks: a values bootstrap's, served until a ruleset brings them. */
  variantParams?: VariantParams;
}

/**
 * The user argument of a read: a user, or `undefined`/`null` for the bound one. Options of the read
 * ({@link EvaluationOptions}) always come after it.
 */
export type UserArg = User | null | undefined;

/** What the full client adds to the read path. */
export interface ReadHooks {
  /** Evaluates in the evaluator's place: the full client's overrides decide first. @internal */
  _evaluate: typeof evaluate;
  /** Runs after every evaluation (overrides included), before an ERROR is reported: logs exposures. @internal */
  _evaluated(record: EvalRecord, args: ResolvedArguments): void;
  /**
   * A ruleset is in use: at creation (the empty one when the given one was rejected, with `rejection` set), then
   * after every accepted `setRuleset`. Never throws: the ruleset is in use by then, so what fails is reported,
   * not returned. @internal
   */
  _rulesetInUse(ruleset: RulesetInput, rejection?: string): void;
}

/** A client's state and its one read path. */
export interface Reader {
  /** The bound user. */
  _user: User;
  /**
   * Reads `kind` `name` into `record` (by default the shared one, so the hot path allocates nothing; a fresh
   * one for a read made while another is under way, e.g. from a user's getter) and
   * returns its value, or `fallback` on an error or a parameter whose JSON type differs from the
   * fallback's. Afterwards `record.name` is the name as text and `record.reason` says why, OVERRIDE
   * and ERROR included. Never throws.
   */
  _readValue(
    kind: EntityKind,
    name: string,
    fallback: Json,
    user: UserArg,
    options: EvaluationOptions | undefined,
    record?: EvalRecord,
    args?: ResolvedArguments,
  ): Json;
  /** An experiment read: the shared result of its variant and reason. */
  _experiment(name: string, user: UserArg, options: EvaluationOptions | undefined): ExperimentResult;
  /** Puts a replacement ruleset in use (see `LiteClient.setRuleset`). */
  _setRuleset(input: unknown): boolean;
}

/** Creates the read path of one client; `hooks` come from the full client. */
export function createReader(parts: LiteClientParts, hooks?: ReadHooks): Reader {
  const { now = Date.now, parse } = parts;
  const reporter = parts.reporter ?? createClientReporter(parts.logger, parts.onError);
  // Reused on every read so the hot path allocates nothing.
  const shared = createEvalRecord();
  const sharedArgs: ResolvedArguments = { user: {}, exposure: true };
  // `text`, cut to its first 500 characters and its length when longer. Declared here rather than at module
  // level: the bundles come out smaller (−7 bytes in (a), −15 in (b)); one closure per client, none per read.
  const clip = (text: string): string =>
    text.length > 500 ? `${text.slice(0, 500)}... (${text.length} characters)` : text;
  // Reads under way. A read made during another (a user's getter, or onError, reading this client) gets a
  // record and arguments of its own: the shared ones belong to the outer read.
  let depth = 0;
  let compiled: CompiledRuleset;
  let results: ExperimentResults;

  /**
   * Puts `input` in use (validated by `validate` when given), with a fresh result cache. One that cannot be
   * used is reported and returned, and the one in use stays. Once it is in use it stays so: what the full
   * client's hook then fails to do (tell the listeners or the events about it) is reported, not returned.
   */
  const use = (
    input: unknown,
    validate?: (input: unknown) => RulesetInput,
    rejection?: string,
  ): SplitkitError | undefined => {
    let ruleset: RulesetInput;
    try {
      ruleset = validate ? validate(input) : (input as RulesetInput);
      // A trusted input that is no object (JSON text, a number, an array) would compile to no flags at all.
      if (!isPlainObject(ruleset)) throw 'the ruleset is no object';
      compiled = compileRuleset(ruleset, rejection);
      results = createExperimentResults(compiled, reporter, parts.variantParams);
      reporter._reset();
    } catch (error) {
      const problem = toSplitkitError(error, 'INVALID_RULESET');
      reporter._report(problem);
      return problem;
    }
    hooks?._rulesetInUse(ruleset, rejection);
    return undefined;
  };

  /**
   * The cold path of `read`, apart so that `read` stays small enough for V8 to inline into each read method,
   * where its `kind` is a constant. Reports the ERROR in `record` (once per entity and code) and serves
   * `fallback`.
   */
  const failed = (record: EvalRecord, fallback: Json, options?: { cause: unknown }): Json => {
    const { kind, errorCode } = record;
    // Names come from callers (`checkGate(req.query.flag)`): clipped, a megabyte name is neither kept by the
    // dedupe nor logged whole.
    const name = clip(record.name);
    // Reported with the code the details carry (an ERROR always has one).
    // Keyed by entity and code, not by message: a message may name the user (a getter's error).
    reporter._report(
      new SplitkitError(errorCode!, `${kind} "${name}": ${clip(`${record.errorMessage}`)}`, options),
      `${kind}:${name}:${errorCode}`,
    );
    return fallback;
  };

  const reader: Reader = {
    _user: parts.user ?? {},
    _readValue(
      kind,
      name,
      fallback,
      user,
      options,
      record = depth ? createEvalRecord() : shared,
      args = depth ? ({} as ResolvedArguments) : sharedArgs,
    ) {
      // Untyped callers may pass anything as a name; it is read as the text it converts to.
      name = safeText(name);
      depth++;
      try {
        resolveArguments(reader._user, user, options, args);
        // The time only matters to experiments' schedules (no boxed number per read otherwise).
        (hooks ? hooks._evaluate : evaluate)(
          compiled,
          kind,
          name,
          args.user,
          kind === 'experiment' && compiled._usesTime ? now() : 0,
          record,
        );
        // A gate's value is a boolean, an experiment's its variant key or null: only parameters need checking.
        const mismatch =
          kind === 'param' && record.reason !== 'ERROR' ? typeMismatch(record.value, fallback) : undefined;
        if (mismatch !== undefined) {
          // Recorded as the evaluation left it (rule, unit, bucket), with the error; before the hook, so a
          // read that serves its fallback logs no exposure.
          record.reason = 'ERROR';
          record.errorCode = 'TYPE_MISMATCH';
          record.errorMessage = mismatch;
        }
        hooks?._evaluated(record, args);
        return record.reason === 'ERROR' ? failed(record, fallback) : record.value;
      } catch (error) {
        // Something threw (a hostile user or options object): recorded as the evaluator records a throw, on a
        // reset record (nothing of an earlier read stays in it).
        return failed(recordFailure(record, kind, name, error, fallback), fallback, { cause: error });
      } finally {
        depth--;
      }
    },
    _experiment(name, user, options) {
      // The result is built from the record the read used: the shared one, untouched by any read nested in it.
      const record = depth ? createEvalRecord() : shared;
      const args = depth ? ({} as ResolvedArguments) : sharedArgs;
      const variant = reader._readValue('experiment', name, null, user, options, record, args) as string | null;
      return results(record.name, record.variantIndex, variant, record.reason);
    },
    _setRuleset: (input) => !use(input, parse),
  };

  // A rejected ruleset (invalid, or trusted but malformed past compiling: `{ gates: { g: null } }`) is
  // reported by `use`; the empty one stands in, so every read serves its default.
  const problem = use(parts.ruleset, parse);
  if (problem) {
    // Reads of its names then say why they are unknown (PARSE_ERROR).
    use({}, undefined, `the ruleset was rejected: ${problem.message}`);
  }
  return reader;
}

/** `error` as a SplitkitError: itself when it is one, else wrapped with `code`. */
export function toSplitkitError(
  error: unknown,
  code: 'INVALID_RULESET' | 'INVALID_OPTIONS' | 'TRACK_FAILED' | 'IDENTIFY_FAILED',
): SplitkitError {
  return isSplitkitError(error) ? error : new SplitkitError(code, safeText(error), { cause: error });
}
