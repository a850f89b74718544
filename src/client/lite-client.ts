/**
 * The client `splitkit/lite` returns: reads and ruleset updates. The full
 * {@link SplitkitClient} extends it with details, overrides, exposures,
 * tracking and identity. Class methods cannot be tree-shaken one by one, so
 * what the lite bundle must not carry lives in the subclass; both share one
 * read path (reader.ts).
 */
import type { Json } from '../ruleset/types.js';
import type { User } from '../eval/types.js';
import type { EvaluationOptions } from './arguments.js';
import type { ExperimentResult } from './experiment-result.js';
import { createReader, type LiteClientParts, type ReadHooks, type Reader, type UserArg } from './reader.js';
import type { ExperimentName, GateName, ParamName, ParamRead, ParamValue } from './flag-types.js';

export type { LiteClientParts, UserArg } from './reader.js';

/** The client `splitkit/lite` returns: reads and ruleset updates; no overrides, no events. */
export class LiteClient {
  // Declared and assigned in the constructor (not a class field), so ES2020 bundles need no define helper.
  /**
   * The client's state and its read path; for the full client only, not an API (left out of the
   * published types, and its name is shortened in the build).
   * @internal
   */
  declare protected readonly _reader: Reader;

  /** `hooks` are the full client's additions to the read path. Clients come from `createClient`. */
  constructor(parts: LiteClientParts, hooks?: ReadHooks) {
    this._reader = createReader(parts, hooks);
  }

  /**
   * True when the gate passes for the user. Unknown gates and errors give false (reason ERROR, reported).
   * @param user - The user to evaluate for (server style); absent, `undefined` or `null`: the bound user.
   * @param options - Options of this read, e.g. `{ exposure: false }`; always after the user.
   */
  checkGate(name: GateName, user?: UserArg, options?: EvaluationOptions): boolean {
    return this._reader._readValue('gate', name, false, user, options) === true;
  }

  /**
   * The user's variant of an experiment; `variant` is null when they are not in it.
   * @param user - The user to evaluate for (server style); absent, `undefined` or `null`: the bound user.
   * @param options - Options of this read, e.g. `{ exposure: false }`; always after the user.
   */
  getExperiment<N extends ExperimentName>(name: N, user?: UserArg, options?: EvaluationOptions): ExperimentResult<N> {
    return this._reader._experiment(name, user, options) as unknown as ExperimentResult<N>;
  }

  /**
   * A dynamic parameter's value for the user, or `fallback` when it is unknown,
   * its default is served and absent, or its JSON type differs from the fallback's.
   * @param user - The user to evaluate for (server style); absent, `undefined` or `null`: the bound user.
   * @param options - Options of this read, e.g. `{ exposure: false }`; always after the user.
   */
  getParam<N extends ParamName, T extends Json = Json>(
    name: N,
    fallback: ParamValue<N, T>,
    user?: UserArg,
    options?: EvaluationOptions,
  ): ParamRead<N, T> {
    return this._reader._readValue('param', name, fallback as Json, user, options) as ParamRead<N, T>;
  }

  /**
   * Binds a new user (browser style), e.g. on login. Never throws: a user that is not an object (`null`)
   * is bound as given, and reads then see no attributes (the lite client reports nothing for it).
   */
  setUser(user: User): void {
    this._reader._user = user;
  }

  /** The bound user (the full client's includes its generated device id, in the browser). */
  getUser(): User {
    return this._reader._user;
  }

  /**
   * Replaces the ruleset. An invalid one is rejected (reported through
   * `onError`) and the current ruleset is kept: nothing good is lost.
   * Returns whether the new ruleset is in use. A trusted replacement (lite
   * trusts every one) is rejected only when it is no object (a number, an
   * array; in lite JSON text too, which only the full client parses) or
   * cannot be compiled.
   */
  setRuleset(input: unknown): boolean {
    return this._reader._setRuleset(input);
  }
}
