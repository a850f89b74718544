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

/** Options of the lite {@link createClient}. */
export interface LiteClientOptions {
  /** A ruleset the app trusts: defaults apply, nothing is validated; it must not be modified afterwards. */
  ruleset: RulesetInput;
  user?: User;
  onError?: (error: SplitkitError) => void;
  /** Default: silent. */
  logger?: Logger;
  now?: () => number;
}

/**
 * Creates an evaluation-only client from a trusted ruleset. It is compiled as given (no validator: the
 * compiler applies the defaults, so no normalizer ships in this bundle). Without a logger, problems go to
 * `onError` or nowhere.
 */
export function createClient(options: LiteClientOptions): LiteClient {
  // Untyped callers may pass nothing: that client has no ruleset and reads serve their defaults, as with a bad one.
  return new LiteClient(options || ({} as LiteClientOptions));
}

export { LiteClient } from './client/lite-client.js';
export type { UserArg } from './client/lite-client.js';
export type { ExperimentResult } from './client/experiment-result.js';
export type { EvaluationOptions } from './client/arguments.js';
export type { User, Reason } from './eval/types.js';
export type { RulesetInput } from './ruleset/input.js';
