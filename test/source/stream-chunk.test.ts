/**
 * The fetch-based stream reader is a chunk of its own (`import()`): a server bundle shipped without it, or
 * a page that goes offline before it loads, loses the stream, never the process (an unhandled rejection
 * ends Node). The failure is reported once, naming the URL, and polling keeps the ruleset fresh.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient, type SplitkitError } from '../../src/index.js';
import { rulesetWith, settleUntil } from './helpers.js';

vi.mock('../../src/source/stream-fetch.js', () => {
  throw new Error('chunk not found');
});

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
beforeEach(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

describe('a stream reader chunk that fails to load', () => {
  it('is reported once with the URL; nothing rejects unhandled; polls go on', async () => {
    const url = 'http://flags.test/ruleset.json';
    let polls = 0;
    // The first answer takes a while: the reader's chunk has failed long before the stream would connect.
    const fetch = async (): Promise<Response> => {
      if (polls++ === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      return new Response(JSON.stringify(rulesetWith(true)), { headers: { ETag: '"v1"' } });
    };
    const errors: SplitkitError[] = [];
    const client = createClient({
      environment: 'server',
      onError: (error) => errors.push(error),
      source: { url, stream: true, cache: false, pollIntervalMs: 100, fetch },
    });
    try {
      await expect(client.ready()).resolves.toBe('network');
      await settleUntil(() => polls >= 4);
      expect(polls).toBeGreaterThanOrEqual(4);
      expect(unhandled).toEqual([]);
      expect(errors.map((error) => [error.code, error.message])).toEqual([
        ['TRANSPORT_FAILED', expect.stringMatching(/^ruleset stream http:\/\/flags\.test\/ruleset\.json: ./)],
      ]);
      expect(client.checkGate('g', { userID: 'u1' })).toBe(true);
    } finally {
      await client.shutdown();
    }
  });
});
