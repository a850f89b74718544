/**
 * The browser build of `splitkit` (picked by bundlers through the `browser`
 * export condition). Same API and same evaluation as the main entry; the one
 * difference is that `createClient` trusts its ruleset unless given
 * `validate: parseRuleset`, so the validator stays out of the bundle of apps
 * that fetch rulesets from their own, already validated source.
 * @packageDocumentation
 */
import { buildClient } from './client/build-client.js';
import type { SplitkitClient } from './client/client.js';
import type { ClientOptions } from './client/options.js';

// Mirrors the main entry name for name; the local createClient below takes precedence over its re-export.
export * from './index.js';

/**
 * Creates a client. With a static ruleset it evaluates synchronously right away.
 * In browser builds the ruleset is trusted (defaults filled in) unless
 * `options.validate` is given, e.g. `validate: parseRuleset`.
 */
export function createClient(options: ClientOptions): SplitkitClient {
  return buildClient(options, false);
}
