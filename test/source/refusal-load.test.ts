/**
 * The messages of a refused ruleset load with import() at the first refusal. When that load fails (a page
 * gone offline cannot fetch the chunk), the refusal is still reported, with a shorter message, and the
 * last good ruleset stays in use.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { rulesetWith, signingKey, sourceClient, URL_ } from './helpers.js';

const server = setupServer(http.get(URL_, () => HttpResponse.json(rulesetWith(true), { headers: { ETag: '"v1"' } })));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => vi.doUnmock('../../src/source/refusals.js'));
afterAll(() => server.close());

describe('refusal messages that cannot load', () => {
  it('reports the refused ruleset all the same, by the time ready() resolves', async () => {
    vi.doMock('../../src/source/refusals.js', () => {
      throw new Error('chunk failed to load');
    });
    const key = await signingKey();
    const { client, errors } = sourceClient({ pollIntervalMs: 0, publicKeys: [key.publicKey] });
    expect(await client.ready()).toBe('none');
    expect(errors.map((e) => [e.code, e.message])).toEqual([['INVALID_RULESET', `ruleset from ${URL_} refused`]]);
    expect(client.checkGate('g', { userID: 'u1' })).toBe(false);
    await client.shutdown();
  });

  it('with the module loaded, the report says why', async () => {
    const key = await signingKey();
    const { client, errors } = sourceClient({ pollIntervalMs: 0, publicKeys: [key.publicKey] });
    expect(await client.ready()).toBe('none');
    expect(errors.map((e) => e.message)).toEqual([
      `ruleset from ${URL_} refused: it is unsigned (no Splitkit-Signature) and source.publicKeys is set; the last good ruleset stays in use`,
    ]);
    await client.shutdown();
  });
});
