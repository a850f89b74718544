/**
 * The lean client's option checks: the full client's for what both take
 * (common-options.ts), so a bad `source.pollIntervalMs` meets the same
 * ConfigError in both, and its own two callbacks.
 */
import { fn, methods, shape } from '../shared/option-checks.js';
import { checkClientOptions, identityCheck, sourceCheck } from './common-options.js';

// The full client's checks of the options both take (options.ts), in the same order.
const leanOptions = shape({
  ruleset: () => {},
  source: sourceCheck,
  bootstrap: () => {},
  user: shape({}, false),
  validate: fn,
  identity: identityCheck,
  onError: fn,
  logger: methods(['debug', 'info', 'warn', 'error']),
  now: fn,
  scheduler: methods(['now', 'setTimeout', 'clearTimeout']),
  onExposure: fn,
});

/** Throws a ConfigError listing every invalid option of `createClient` in `splitkit/lean` with its path. */
export function validateLeanOptions(options: unknown): void {
  checkClientOptions(leanOptions, options);
}
