/**
 * The lean client's option checks: bad options throw one ConfigError naming
 * every path, with the full client's checks for what both take (source,
 * identity, user, onError, logger, now, scheduler), so the same bad source
 * meets the same error in both; onExposure and validate must be functions.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, createClient as createFullClient } from '../../src/index.js';
import { createClient } from '../../src/lean.js';

/** The `path: message` of each issue of the ConfigError `create(options)` throws; [] when it does not throw. */
function problems(create: (options: never) => unknown, options: unknown): string[] {
  try {
    create(options as never);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'INVALID_OPTIONS' });
    return (error as ConfigError).issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
  return [];
}

const lean = (options: unknown) => problems(createClient, options);
const full = (options: unknown) => problems(createFullClient, { environment: 'server', ...(options as object) });
const paths = (issues: string[]) => issues.map((issue) => issue.slice(0, issue.indexOf(':')));

describe('createClient of splitkit/lean', () => {
  it('accepts every documented option', () => {
    expect(
      lean({
        ruleset: {},
        source: {
          url: 'https://flags.example/ruleset.json',
          headers: { Authorization: 'Bearer t' },
          pollIntervalMs: 0,
          stream: true,
          timeoutMs: 1,
          publicKeys: ['key'],
          cache: false,
          cacheMaxAgeMs: 0,
          staleAfterMs: 0,
          maxBytes: 1,
          fetch: async () => new Response('{}'),
        },
        user: { userID: 'u' },
        onExposure() {},
        validate: (input: unknown) => input,
        onError() {},
        logger: { debug() {}, info() {}, warn() {}, error() {} },
        now: () => 0,
        scheduler: { now: () => 0, setTimeout: () => 0, clearTimeout() {} },
        identity: { persist: false, storageKey: 'id', cookie: false },
      }),
    ).toEqual([]);
  });

  it.each([
    ['an empty source.url', { source: { url: '' } }, ['source.url: expected a non-empty string']],
    [
      'a negative source.pollIntervalMs',
      { source: { url: 'x', pollIntervalMs: -1 } },
      ['source.pollIntervalMs: expected a finite number >= 0'],
    ],
    ['a source without a url', { source: {} }, ['source.url: expected a non-empty string']],
    ['onExposure that is no function', { onExposure: 1 }, ['onExposure: expected a function']],
    ['validate that is no function', { validate: true }, ['validate: expected a function']],
    ['an unknown key', { exposures: true }, ['exposures: unknown key "exposures"']],
  ])('%s is a ConfigError naming its path', (_, options, expected) => {
    expect(lean(options)).toEqual(expected.map((issue) => expect.stringMatching(new RegExp(`^${literally(issue)}`))));
  });

  it('names every bad path in one ConfigError', () => {
    expect(
      paths(
        lean({
          source: { url: '', pollIntervalMs: -1, publicKeys: 'k', cache: {} },
          onExposure: 1,
          user: 'alice',
          identity: { persist: 'yes' },
          bogus: 1,
        }),
      ).sort(),
    ).toEqual(
      [
        'source.url',
        'source.pollIntervalMs',
        'source.publicKeys',
        'source.cache.get',
        'source.cache.set',
        'source.cache.remove',
        'onExposure',
        'user',
        'identity.persist',
        'bogus',
      ].sort(),
    );
  });

  it('given nothing (an untyped caller), makes a client that serves defaults', () => {
    const create = createClient as (options?: unknown) => ReturnType<typeof createClient>;
    for (const options of [undefined, null]) {
      const client = create(options);
      expect(client.checkGate('g')).toBe(false);
      expect(client.getParam('p', 7)).toBe(7);
      expect(client.status()).toEqual({ origin: 'none', stale: false, ready: true });
    }
  });
});

describe('the same options meet the same errors in the full client', () => {
  it.each([
    ['an empty source.url', { source: { url: '' } }],
    ['a negative source.pollIntervalMs', { source: { url: 'x', pollIntervalMs: -1 } }],
    ['a source without a url', { source: {} }],
    ['source.timeoutMs of 0', { source: { url: 'x', timeoutMs: 0 } }],
    ['source.maxBytes of 1.5', { source: { url: 'x', maxBytes: 1.5 } }],
    ['source.headers with a number', { source: { url: 'x', headers: { A: 1 } } }],
    ['a source cache without get, set and remove', { source: { url: 'x', cache: { get() {} } } }],
    ['an unknown source key', { source: { url: 'x', polling: 1000 } }],
    ['a bad identity', { identity: { persist: 'yes', storageKey: '', cookie: true } }],
    ['a user that is no object', { user: 'alice' }],
    ['onError that is no function', { onError: 'console' }],
    ['a logger whose error is no function', { logger: { error: 'console.error' } }],
    ['now that is no function', { now: 0 }],
    ['a scheduler whose setTimeout is no function', { scheduler: { now: () => 0, setTimeout: 10 } }],
  ])('%s', (_, options) => {
    const issues = lean(options);
    expect(issues).not.toEqual([]);
    expect(issues).toEqual(full(options));
  });
});

/** `text` as a regular expression that matches it literally. */
function literally(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
