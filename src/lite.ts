/**
 * `splitkit/lite`: evaluation only, for a ruleset the app trusts (bundled at
 * build time, or already validated on the server). No validator, no event
 * pipeline, no identity: the smallest way to evaluate gates and experiments
 * in a browser.
 * @packageDocumentation
 */
import { normalizeRuleset, type RulesetInput } from './ruleset/normalize.js';
import { silentLogger, type Logger } from './io/logger.js';
import type { SplitkitError } from './errors/index.js';
import type { User } from './eval/types.js';
import { SplitkitClient } from './client/client.js';
import { Reporter } from './client/reporter.js';
import type { Overrides } from './client/overrides.js';

/** Options of the lite {@link createClient}. */
export interface LiteClientOptions {
  /** A ruleset the app trusts: defaults are filled in, nothing is validated. */
  ruleset: RulesetInput;
  user?: User;
  overrides?: Overrides;
  onError?: (error: SplitkitError) => void;
  /** Default: silent. */
  logger?: Logger;
  now?: () => number;
}

/** Creates an evaluation-only client from a trusted ruleset. */
export function createClient(options: LiteClientOptions): SplitkitClient {
  const client = new SplitkitClient({
    ruleset: normalizeRuleset(options.ruleset),
    user: options.user ?? {},
    reporter: new Reporter(options.logger ?? silentLogger, options.onError),
    now: options.now ?? Date.now,
    parse: (input) => normalizeRuleset(input as RulesetInput),
  });
  if (options.overrides) client.override(options.overrides);
  return client;
}

export { SplitkitClient } from './client/client.js';
export type { ExperimentResult } from './client/experiment-result.js';
export type { EvaluationDetails } from './client/details.js';
export type { EvaluationOptions } from './client/arguments.js';
export type { Overrides } from './client/overrides.js';
export type { User, Reason } from './eval/types.js';
export type { RulesetInput } from './ruleset/normalize.js';
