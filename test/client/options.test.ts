import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors/index.js';
import { validateOptions } from '../../src/client/options.js';
import { createClient } from '../../src/index.js';
import { createClient as createBrowserClient } from '../../src/browser.js';

function problems(options: unknown): string[] {
  try {
    validateOptions(options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'INVALID_OPTIONS' });
    return (error as ConfigError).issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
  return [];
}

const transport = async () => ({ status: 200 });

describe('createClient options', () => {
  it('accept every documented option', () => {
    expect(
      problems({
        ruleset: {},
        validate: false,
        user: { userID: 'u' },
        environment: 'browser',
        collector: { url: 'https://c.example/e', headers: { A: 'b' } },
        events: {
          batchSize: 10,
          flushIntervalMs: 1,
          maxQueuedEvents: 5,
          requestTimeoutMs: 100,
          retry: { baseDelayMs: 0, maxDelayMs: 10 },
          attributes: ['country'],
          logExposures: false,
          exposureDedupe: { maxEntries: 1, ttlMs: 0 },
          persist: false,
        },
        identity: {
          persist: false,
          storageKey: 'k',
          cookie: { name: 'c', domain: 'example.com', path: '/', maxAgeDays: 0.5, sameSite: 'None', secure: true },
        },
        overrides: { gates: { g: true }, experiments: { e: null, f: 'b' }, params: { p: { a: [1, 'x', null] } } },
        onError: () => {},
        logger: console,
        now: Date.now,
        scheduler: { now: Date.now, setTimeout, clearTimeout },
        identityStores: [],
      }),
    ).toEqual([]);
    expect(problems({ ruleset: {}, identity: { cookie: false }, validate: () => ({}) })).toEqual([]);
  });

  it('check source.maxBytes: an integer >= 1', () => {
    const source = (maxBytes: unknown) => problems({ source: { url: 'https://flags.example/r.json', maxBytes } });
    expect([1, 2 ** 24, 1e12].map(source)).toEqual([[], [], []]);
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '16MB', null])
      expect(source(bad)).toEqual(['source.maxBytes: expected an integer >= 1']);
    expect(() =>
      createClient({ environment: 'server', source: { url: 'https://flags.example/r.json', maxBytes: 0 } }),
    ).toThrow('source.maxBytes: expected an integer >= 1');
  });

  it('name each problem by its path, keys that are not identifiers quoted', () => {
    expect(
      problems({
        ruleset: {},
        colector: {},
        environment: 'edge',
        user: 'u',
        events: { batchSize: 0, retry: { baseDelayMs: -1, jitter: 1 }, attributes: ['a', 1] },
        identity: { persist: 'yes', cookie: { maxAgeDays: 0, sameSite: 'lax' } },
        overrides: { gates: { 'new checkout': 'on' }, params: { p: Number.NaN } },
        logger: { warn: 'no' },
        identityStores: [{ get: 1 }],
      }).sort(),
    ).toEqual([
      'colector: unknown key "colector"',
      'environment: expected "browser" or "server"',
      'events.attributes[1]: expected a string',
      'events.batchSize: expected an integer >= 1',
      'events.retry.baseDelayMs: expected a finite number >= 0',
      'events.retry.jitter: unknown key "jitter"',
      'identity.cookie.maxAgeDays: expected 1 second to 400 days',
      'identity.cookie.sameSite: expected "Lax" or "Strict" or "None"',
      'identity.persist: expected a boolean',
      'identityStores[0].get: expected a function',
      'logger.warn: expected a function',
      'overrides.gates["new checkout"]: expected a boolean',
      'overrides.params["p"]: expected a JSON value',
      'user: expected an object',
    ]);
    expect(problems(null)).toEqual([': expected an object']);
  });

  it("check the timing options with the pipeline's ranges when there is a pipeline, and only as numbers when there is none", () => {
    const timings = { flushIntervalMs: 0, requestTimeoutMs: 3e9, retry: { maxDelayMs: 3e9 } };
    expect(problems({ ruleset: {}, events: timings })).toEqual([]);
    const expected = [
      'events.flushIntervalMs: expected a number in [1, 2147483647]',
      'events.requestTimeoutMs: expected a number in [1, 2147483647]',
      'events.retry.maxDelayMs: expected a number in [0, 2147483647]',
    ];
    expect(problems({ ruleset: {}, transport, events: timings })).toEqual(expected);
    expect(problems({ ruleset: {}, collector: { url: 'https://c.example/e' }, events: timings })).toEqual(expected);
    expect(() => createClient({ ruleset: {}, environment: 'server', transport, events: timings })).toThrow(ConfigError);
  });

  it('throw a ConfigError, not the raw error, for options that throw when read (getters, Proxies)', () => {
    const boom = () => {
      throw new Error('boom');
    };
    const unreadable: unknown[] = [
      new Proxy({}, { get: boom }),
      new Proxy({}, { get: boom, ownKeys: boom }),
      {
        get ruleset() {
          return boom();
        },
      },
      {
        ruleset: {},
        source: {
          get url() {
            return boom();
          },
        },
      },
      {
        ruleset: {},
        transport,
        events: {
          get batchSize() {
            return boom();
          },
        },
      },
    ];
    for (const create of [createClient, createBrowserClient]) {
      for (const options of unreadable) {
        let thrown: unknown;
        try {
          create(options as never);
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(ConfigError);
        expect(thrown).toMatchObject({
          code: 'INVALID_OPTIONS',
          message: 'Invalid options:\ncannot be read: Error: boom',
        });
      }
    }
  });
});
