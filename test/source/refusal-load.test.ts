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

  it('connects the stream without waiting for the messages to load', async () => {
    // A chunk that never arrives (a stalled network): the stream must not wait for the refusal's report.
    vi.doMock('../../src/source/refusals.js', () => new Promise(() => {}));
    let streams = 0;
    server.use(
      http.get(URL_, ({ request }) => {
        if (request.headers.get('accept')?.includes('text/event-stream')) {
          streams++;
          return new HttpResponse(new ReadableStream({ start() {} }), {
            headers: { 'Content-Type': 'text/event-stream' },
          });
        }
        return HttpResponse.json(rulesetWith(true), { headers: { ETag: '"v1"' } });
      }),
    );
    const key = await signingKey();
    const { client } = sourceClient({ pollIntervalMs: 0, stream: true, publicKeys: [key.publicKey] });
    await vi.waitFor(() => expect(streams).toBe(1), { timeout: 3_000 });
    expect(await client.ready({ timeoutMs: 50 })).toBe('none');
    void client.shutdown({ timeoutMs: 0 });
    server.resetHandlers();
  });
});
