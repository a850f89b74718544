/**
 * Reads before any ruleset is in use (a first visit whose source has not answered, with no bootstrap or cache)
 * serve their fallbacks with FLAG_NOT_FOUND, as every name is unknown then; the message says why, so an error
 * tracker does not show every flag of a first visit as a typo.
 */
import { describe, expect, it } from 'vitest';
import { createClient, type SplitkitError } from '../../src/index.js';

describe('reads before any ruleset', () => {
  it('say that no ruleset is in use yet, and name an unknown entity once one is', async () => {
    const errors: SplitkitError[] = [];
    const client = createClient({
      environment: 'server',
      onError: (error) => errors.push(error),
      source: {
        url: 'https://flags.test/ruleset.json',
        cache: false,
        // Never answers until the client stops it.
        fetch: (_url, init) =>
          new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted')))),
      },
    });
    expect(client.getGateDetails('new_checkout')).toMatchObject({
      value: false,
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
      errorMessage: 'no ruleset is in use yet',
    });
    expect(errors.map((error) => [error.code, error.message])).toEqual([
      ['FLAG_NOT_FOUND', 'gate "new_checkout": no ruleset is in use yet'],
    ]);
    client.setRuleset({ gates: {} });
    expect(client.getParamDetails('limit', 5)).toMatchObject({
      value: 5,
      errorCode: 'FLAG_NOT_FOUND',
      errorMessage: 'no param named "limit"',
    });
    await client.shutdown();
  });
});
