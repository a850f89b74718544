/**
 * `splitkit/lean`: flags for a browser page that sends exposures with its own
 * analytics. The lite client's reads plus a ruleset fetched from a URL (ETag,
 * polling, the stream, the localStorage cache, signature checks: the full
 * client's source), a server-rendered bootstrap, `ready()`, `status()`,
 * `subscribe()`, the browser's device id, and `onExposure`. No event pipeline
 * (exposures go to the app's own analytics), no overrides, details or
 * `snapshot()`: docs/lean.md says what it leaves out and what it weighs.
 * @packageDocumentation
 */
import { LeanClient, type LeanClientOptions } from './client/lean-client.js';

/**
 * Creates a lean client. Reads work at once, from the bootstrap, the cached ruleset, the `ruleset` option or
 * the documented defaults; `await client.ready()` waits (1.5 s at most by default) for the source. Bad options
 * throw a ConfigError naming each path, as the full client's do; nothing else throws (a bootstrap it cannot
 * use, like a ruleset it cannot use, is reported through `onError` and left out).
 */
export function createClient(options: LeanClientOptions): LeanClient {
  // Untyped callers may pass nothing: a client with no ruleset, whose reads serve their defaults.
  return new LeanClient(options || {});
}

export { LeanClient } from './client/lean-client.js';
export type { LeanClientOptions } from './client/lean-client.js';
export type { UserArg } from './client/lite-client.js';
export type { ExperimentResult } from './client/experiment-result.js';
export type { EvaluationOptions } from './client/arguments.js';
export type { EvaluationDetails } from './client/details.js';
export type { Bootstrap, SnapshotValue } from './client/snapshot.js';
export type { DeliveryStatus, RulesetListener, RulesetOrigin, RulesetChange } from './client/delivery.js';
export type { SourceOptions } from './source/options.js';
export type { DeviceCookieOptions, IdentityOptions } from './client/options.js';
export type { User, Reason } from './eval/types.js';
export type { RulesetInput } from './ruleset/input.js';
