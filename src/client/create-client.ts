/** `createClient` for Node (and any bundler that doesn't pick the browser build): validates rulesets. */
import { parseRuleset } from '../ruleset/parse.js';
import { buildClient } from './build-client.js';
import type { SplitkitClient } from './client.js';
import type { ClientOptions } from './options.js';

/**
 * Creates a client. With a static ruleset it evaluates synchronously right away.
 * The ruleset is validated with `parseRuleset` unless `options.validate` says otherwise.
 * Throws `ConfigError` only for invalid options; an invalid ruleset is reported
 * through `onError` and every read then serves its default (reason ERROR).
 */
export function createClient(options: ClientOptions): SplitkitClient {
  return buildClient(options, parseRuleset);
}
