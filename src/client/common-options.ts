/**
 * The option checks the full client (options.ts) and the lean one
 * (lean-options.ts) share: the ruleset source, the device identity and the
 * bootstrap, so the same options meet the same errors in both.
 */
import { ConfigError, type ValidationIssue } from '../errors/index.js';
import { deviceCookieOptions } from '../adapters/device-cookie.js';
import {
  arrayOf,
  fn,
  integer,
  methods,
  nonEmpty,
  number,
  oneOf,
  orLiteral,
  recordOf,
  shape,
  typed,
  type Check,
} from '../shared/option-checks.js';
import { safeText } from './safe-text.js';

/** A boolean. */
export const bool = typed('boolean');
/** A string. */
export const string = typed('string');
/** An integer >= 1. */
export const count = integer(1);
/** A duration in milliseconds: a number >= 0. */
export const ms = number(0);

/** `source`: where the client fetches its ruleset (SourceOptions). */
export const sourceCheck = shape(
  {
    url: nonEmpty,
    headers: recordOf(string),
    pollIntervalMs: ms,
    stream: bool,
    timeoutMs: number(1),
    publicKeys: arrayOf(nonEmpty),
    cache: orLiteral(false, methods(['get', 'set', 'remove'], true)),
    cacheFile: nonEmpty,
    cacheMaxAgeMs: ms,
    staleAfterMs: ms,
    maxBytes: count,
    fetch: fn,
  },
  true,
  ['url'],
);

/** `identity`: the browser's device id (IdentityOptions). */
export const identityCheck = shape({
  persist: bool,
  storageKey: nonEmpty,
  cookie: orLiteral(false, deviceCookieOptions),
});

/**
 * A bootstrap this client can use. It is data from the server, not code: a page whose server runs a newer
 * splitkit (another format) or embedded `null` must still start, so the clients report it and leave it out.
 */
export const bootstrapCheck = shape(
  { splitkit: oneOf(1), mode: oneOf('ruleset', 'values'), user: shape({}, false) },
  false,
  ['splitkit', 'mode', 'user'],
);

/** The checks of the options both clients take, in the order their issues are listed. */
export const commonFields = {
  ruleset: () => {},
  source: sourceCheck,
  // Data the server rendered, checked at creation (usableBootstrap): one a client cannot use is reported, not thrown.
  bootstrap: () => {},
  user: shape({}, false),
  identity: identityCheck,
  onError: fn,
  logger: methods(['debug', 'info', 'warn', 'error']),
  now: fn,
  scheduler: methods(['now', 'setTimeout', 'clearTimeout']),
};

/**
 * Throws a ConfigError listing every invalid option with its path (e.g. `source.pollIntervalMs`). Options that
 * throw when read (a getter, a Proxy) are invalid options too: listed as `cannot be read`, with what they threw.
 */
export function checkClientOptions(check: Check, options: unknown): void {
  const issues: ValidationIssue[] = [];
  try {
    check(options, '', issues);
  } catch (error) {
    issues.push({ path: '', message: `cannot be read: ${safeText(error)}` });
  }
  if (issues.length > 0) throw new ConfigError(issues, { code: 'INVALID_OPTIONS', subject: 'options' });
}
