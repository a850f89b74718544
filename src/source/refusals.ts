/**
 * The reports of a ruleset the source refused: its signature, its JSON, or
 * its freshness. Only a refusal needs them, so the source loads this module
 * with `import()` at the first one: a page whose rulesets arrive and verify
 * never downloads the messages.
 */
import { ConfigError, SplitkitError } from '../errors/index.js';

/** Why a ruleset text was refused before the client's validation (see ./use-text.ts). */
export type TextRefusal =
  /** Not JSON; with the parser's message. */
  | ['json', string]
  /** JSON, but no object. */
  | ['object']
  /** A numeric `revision`, or an `updatedAt`, older than the ruleset in use's: the two values. */
  | ['revision' | 'updatedAt', unknown, unknown];

/**
 * The ruleset from `source` (the URL as reports name it: start-source.ts) refused: unsigned (`signed` false), or no
 * key verifies its signature. A key that is no raw 32-byte key in base64 (a typo, the PEM private key pasted) is
 * named, since it can verify nothing: without that, the report read like a ruleset signed with a foreign key.
 */
export function signatureRefused(source: string, signed: boolean, publicKeys: readonly string[] = []): SplitkitError {
  const malformed = publicKeys.flatMap((key, i) => (rawLength(key) === 32 ? [] : [`source.publicKeys[${i}]`]));
  const why = signed
    ? `its signature does not verify with any of source.publicKeys${
        malformed.length > 0
          ? ` (${malformed.join(', ')}: not a public key, which is the base64 of 32 bytes as splitkit keygen prints it)`
          : ''
      }`
    : 'it is unsigned (no Splitkit-Signature) and source.publicKeys is set';
  return new SplitkitError(
    'INVALID_RULESET',
    `ruleset from ${source} refused: ${why}; the last good ruleset stays in use`,
  );
}

/**
 * `source.url` (`source` as reports name it) refused at start: with a user name or password (`credentials`),
 * which every fetch refuses, or one that cannot be parsed where the client runs (a relative one on a server).
 */
export function urlRefused(source: string, credentials: boolean): SplitkitError {
  return new SplitkitError(
    'INVALID_OPTIONS',
    `source.url "${source}" ${credentials ? 'must not contain a user name or password: send them in source.headers' : 'cannot be parsed here'}`,
  );
}

/** How many bytes the base64 `key` decodes to; -1 when it is no base64. */
function rawLength(key: unknown): number {
  try {
    return atob(String(key).trim()).length;
  } catch {
    return -1;
  }
}

/** The ruleset text from `source` (the network; the URL as reports name it) or its cache refused, with the path of the problem. */
export function textRefused(
  origin: 'network' | 'cache',
  source: string,
  [kind, next, current]: TextRefusal,
): ConfigError {
  const message =
    kind === 'json'
      ? `not valid JSON, truncated or corrupt (${next})`
      : kind === 'object'
        ? 'expected a JSON object'
        : kind === 'revision'
          ? `${next} is lower than the ruleset in use's (${current})`
          : `${next} is older than the ruleset in use (${current})`;
  return new ConfigError(
    [
      {
        path: kind === 'json' || kind === 'object' ? '' : kind,
        message: `${message}; the last good ruleset stays in use`,
      },
    ],
    { subject: subject(origin, source) },
  );
}

/**
 * The report of a ruleset text from `source` (or its cache) that the client's validation rejected (`error`, as
 * `setRuleset` reports it): the same problems, naming where the ruleset came from.
 */
export function rulesetRejected(origin: 'network' | 'cache', source: string, error: SplitkitError): SplitkitError {
  const from = subject(origin, source);
  const { issues } = error as Partial<ConfigError>;
  return issues
    ? new ConfigError(issues, { subject: from, cause: error })
    : new SplitkitError(error.code, `${from} refused: ${error.message}`, { cause: error });
}

/** A ruleset's origin as reports name it: `ruleset from <URL>`, or from the cache of it. */
function subject(origin: 'network' | 'cache', source: string): string {
  return `ruleset from ${origin === 'cache' ? `the cache of ${source}` : source}`;
}
