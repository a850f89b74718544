/**
 * Every refusal of a ruleset from a source names the source's URL, so that an app with several sources can
 * tell which one; without its query string or credentials, which may hold a token (docs/delivery.md).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { SplitkitError } from '../../src/index.js';
import { rulesetWith, settleUntil, signingKey, sourceClient } from './helpers.js';

const SHOWN = 'http://flags.test/team-a/ruleset.json';
const SECRET_URL = `${SHOWN}?token=s3cret#frag`;

let reply: () => Response | Promise<Response> = () => HttpResponse.json(rulesetWith(true));
const server = setupServer(http.get(SHOWN, () => reply()));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.unstubAllGlobals();
});
afterAll(() => server.close());

const json = (body: string, headers: Record<string, string> = {}) =>
  new HttpResponse(body, { headers: { 'Content-Type': 'application/json', ETag: '"v1"', ...headers } });

/** The errors a client on `SECRET_URL` reports by the time ready() resolves, when the server sends `respond()`. */
async function refusals(
  respond: typeof reply,
  source: Parameters<typeof sourceClient>[0] = {},
  options: Parameters<typeof sourceClient>[1] = {},
): Promise<SplitkitError[]> {
  reply = respond;
  const { client, errors } = sourceClient({ url: SECRET_URL, pollIntervalMs: 0, ...source }, options);
  await client.ready();
  await client.shutdown();
  return errors.filter((error) => error.code !== 'FLAG_NOT_FOUND');
}

describe('a refused ruleset names its source', () => {
  it.each([
    ['not JSON (truncated)', () => json('{"gates": {"g": {"enabled": fal')],
    ['no object', () => json('[1]')],
    ['shorter than its Content-Length', () => json(JSON.stringify(rulesetWith(true)), { 'Content-Length': '10000' })],
    ['larger than source.maxBytes', () => json(JSON.stringify(rulesetWith(true)), { 'Content-Length': '10000' })],
    ['an HTTP error', () => new HttpResponse('no', { status: 500 })],
  ])('%s: by origin and path, without the query string', async (label, respond) => {
    const errors = await refusals(respond, label.startsWith('larger') ? { maxBytes: 100 } : {});
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain(SHOWN);
    expect(errors[0]!.message).not.toContain('s3cret');
  });

  it('invalid (the client validates it, on Node by default): by origin and path, with its issues', async () => {
    const errors = await refusals(() => json(JSON.stringify({ gates: { g: { enabled: 'yes' } } })));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'INVALID_RULESET', name: 'ConfigError' });
    expect(errors[0]!.message).toMatch(
      /^Invalid ruleset from http:\/\/flags\.test\/team-a\/ruleset\.json:\ngates\.g\.enabled: /,
    );
    expect(errors[0]!.message).not.toContain('s3cret');
  });

  it('older than the ruleset in use', async () => {
    const errors = await refusals(
      () => json(JSON.stringify(rulesetWith(false, '2025-01-01T00:00:00Z'))),
      {},
      { ruleset: rulesetWith(true, '2026-01-01T00:00:00Z') },
    );
    expect(errors.map((error) => error.message)).toEqual([expect.stringContaining(`ruleset from ${SHOWN}`)]);
    expect(errors[0]!.message).not.toContain('s3cret');
  });

  it('badly signed', async () => {
    const key = await signingKey();
    const errors = await refusals(() => json(JSON.stringify(rulesetWith(true)), { 'Splitkit-Signature': 'AAAA' }), {
      publicKeys: [key.publicKey],
    });
    expect(errors.map((error) => error.message)).toEqual([
      `ruleset from ${SHOWN} refused: its signature does not verify with any of source.publicKeys; the last good ruleset stays in use`,
    ]);
  });

  it('a URL with credentials is refused before any request, a source.fetch that would take them or not', async () => {
    // So no ruleset from it is ever refused: the report is the option's (credentialed-url.test.ts).
    const fetch = vi.fn(async () => json('[1]'));
    const errors = await refusals(() => json('[1]'), { url: 'http://user:pa55@flags.test/team-a/ruleset.json', fetch });
    expect(errors.map((error) => error.code)).toEqual(['INVALID_OPTIONS']);
    expect(errors[0]!.message).toContain(SHOWN);
    expect(errors[0]!.message).not.toContain('pa55');
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('a stream failure names its source', () => {
  /** The first stream error a client on `SECRET_URL` reports, its polls answered with a ruleset. */
  async function streamError(source: Parameters<typeof sourceClient>[0]): Promise<string | undefined> {
    reply = () => json(JSON.stringify(rulesetWith(true)));
    const { client, errors } = sourceClient({ url: SECRET_URL, stream: true, pollIntervalMs: 60_000, ...source });
    await client.ready();
    await settleUntil(() => errors.length > 0);
    await client.shutdown();
    return errors[0]?.message;
  }

  it('over fetch (Node, or source.fetch or headers given)', async () => {
    const message = await streamError({
      fetch: async (_, init) =>
        new Headers(init?.headers).get('accept') === 'text/event-stream'
          ? new HttpResponse('no', { status: 503 })
          : json(JSON.stringify(rulesetWith(true))),
    });
    expect(message).toBe(`ruleset stream ${SHOWN}: HTTP 503 text/plain;charset=UTF-8`);
  });

  it("through the browser's EventSource", async () => {
    const opened: string[] = [];
    vi.stubGlobal(
      'EventSource',
      class {
        readyState = 0;
        constructor(url: string) {
          opened.push(url);
        }
        addEventListener(type: string, listener: () => void): void {
          // Given up at once, as on an HTTP error.
          if (type === 'error')
            queueMicrotask(() => {
              this.readyState = 2;
              listener();
            });
        }
        close(): void {}
      },
    );
    const message = await streamError({});
    // Opened on the URL itself, token and all; named without it.
    expect(opened[0]).toBe(SECRET_URL);
    expect(message).toBe(`ruleset stream ${SHOWN}: refused or closed`);
  });
});
