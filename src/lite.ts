/**
 * `splitkit/lite`: evaluation only, for a ruleset the app trusts (bundled at
 * build time, or already validated on the server). No validator, no event
 * pipeline, no identity, no details: the smallest way to evaluate gates,
 * experiments and parameters in a browser.
 * @packageDocumentation
 */
import type { RulesetInput } from './ruleset/input.js';
import type { Logger } from './io/logger.js';
import type { SplitkitError } from './errors/index.js';
import type { User } from './eval/types.js';
import { LiteClient } from './client/lite-client.js';
import { Reporter } from './client/reporter.js';
import type { Overrides } from './client/overrides.js';

/** Options of the lite {@link createClient}. */
export interface LiteClientOptions {
  /** A ruleset the app trusts: defaults apply, nothing is validated; it must not be modified afterwards. */
  ruleset: RulesetInput;
  user?: User;
  overrides?: Overrides;
  onError?: (error: SplitkitError) => void;
  /** Default: silent. */
  logger?: Logger;
  now?: () => number;
}

/** Creates an evaluation-only client from a trusted ruleset. */
export function createClient(options: LiteClientOptions): LiteClient {
  return new LiteClient({
    // Compiled as given (no `parse`): the compiler applies the defaults, so no normalizer ships in this bundle.
    ruleset: options.ruleset,
    user: options.user,
    overrides: options.overrides,
    // No logger: problems are dropped (the default is silent), so no silent logger ships either.
    reporter: new Reporter(options.logger, options.onError),
    now: options.now,
  });
}

export { LiteClient } from './client/lite-client.js';
export type { UserArg } from './client/lite-client.js';
export type { ExperimentResult } from './client/experiment-result.js';
export type { EvaluationOptions } from './client/arguments.js';
export type { Overrides } from './client/overrides.js';
export type { User, Reason } from './eval/types.js';
export type { RulesetInput } from './ruleset/input.js';
