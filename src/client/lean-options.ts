/**
 * The lean client's option checks: the full client's for what both take
 * (common-options.ts), so a bad `source.pollIntervalMs` meets the same
 * ConfigError in both, and its own two callbacks.
 */
import { fn, shape } from '../shared/option-checks.js';
import { checkClientOptions, commonFields } from './common-options.js';

const leanOptions = shape({ ...commonFields, validate: fn, onExposure: fn });

/** Throws a ConfigError listing every invalid option of `createClient` in `splitkit/lean` with its path. */
export function validateLeanOptions(options: unknown): void {
  checkClientOptions(leanOptions, options);
}
