import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createFetchTransport } from '../../src/adapters/fetch-transport.js';
import { ConfigError } from '../../src/errors/index.js';
import type { EventBatch } from '../../src/events/types.js';

const URL_ = 'http://collector.test/events';
const batch: EventBatch = {
  batchId: 'b1',
  sentAt: '2025-01-01T00:00:00.000Z',
  sdk: { name: 'splitkit', version: '1.0.0' },
  events: [
    { id: 'e1', type: 'event', name: 'purchase', time: 1, units: { userID: 'u1' }, source: 'client', value: 9.5 },
  ],
};

let seen: { method: string; headers: Headers; body: unknown; keepalive: boolean }[] = [];
let answer: () => Response = () => HttpResponse.json({ accepted: 1 });
const server = setupServer(
  http.all(URL_, async ({ request }) => {
    seen.push({
      method: request.method,
      headers: request.headers,
      body: await request.json(),
      keepalive: request.keepalive,
    });
    return answer();
  }),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  seen = [];
  answer = () => HttpResponse.json({ accepted: 1 });
});
afterEach(() => vi.useRealTimers());

describe('createFetchTransport', () => {
  it('POSTs the batch as JSON with the given headers and returns the status', async () => {
    const transport = createFetchTransport({ url: URL_, headers: { Authorization: 'Bearer k' } });
    expect(await transport(batch, {})).toEqual({ status: 200, body: { accepted: 1 } });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.method).toBe('POST');
    expect(seen[0]?.headers.get('content-type')).toBe('application/json');
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer k');
    expect(seen[0]?.body).toEqual(batch);
    expect(seen[0]?.keepalive).toBe(false);
  });

  it('returns any status the collector answers, without throwing', async () => {
    const transport = createFetchTransport({ url: URL_ });
    for (const code of [202, 400, 413, 500]) {
      answer = () => new HttpResponse('nope', { status: code });
      expect((await transport(batch, {})).status).toBe(code);
    }
  });

  it('parses Retry-After in seconds', async () => {
    answer = () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '120' } });
    expect(await createFetchTransport({ url: URL_ })(batch, {})).toEqual({ status: 429, retryAfterMs: 120_000 });
  });

  it('parses Retry-After as an HTTP date', async () => {
    vi.useFakeTimers({ now: Date.UTC(2025, 0, 1, 12, 0, 0) });
    answer = () => new HttpResponse(null, { status: 503, headers: { 'Retry-After': 'Wed, 01 Jan 2025 12:00:30 GMT' } });
    expect(await createFetchTransport({ url: URL_ })(batch, {})).toEqual({ status: 503, retryAfterMs: 30_000 });
  });

  it('sets keepalive when the page is unloading', async () => {
    await createFetchTransport({ url: URL_ })(batch, { unloading: true });
    expect(seen[0]?.keepalive).toBe(true);
  });

  it('rejects on a network error and on abort (both retried by the pipeline)', async () => {
    const transport = createFetchTransport({ url: URL_ });
    answer = () => HttpResponse.error();
    await expect(transport(batch, {})).rejects.toThrow();
    const controller = new AbortController();
    controller.abort();
    await expect(transport(batch, { signal: controller.signal })).rejects.toThrow();
  });

  it('uses a given fetch', async () => {
    const calls: [string, RequestInit | undefined][] = [];
    const fake = (async (input: string, init?: RequestInit) => {
      calls.push([input, init]);
      return new Response(null, { status: 204 });
    }) as typeof fetch;
    expect(await createFetchTransport({ url: 'https://c.example/e', fetch: fake })(batch, {})).toEqual({ status: 204 });
    expect(calls[0]?.[0]).toBe('https://c.example/e');
    expect(calls[0]?.[1]?.body).toBe(JSON.stringify(batch));
    expect(seen).toHaveLength(0);
  });

  it('a URL the global fetch cannot parse here (relative, off a page): made, then each request rejects naming it', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      const transport = createFetchTransport({ url: '/events' });
      await expect(transport(batch, {})).rejects.toMatchObject({
        code: 'INVALID_OPTIONS',
        message: 'url "/events" cannot be parsed here',
      });
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      fetchSpy.mockRestore();
    }
  });

  it('a relative URL with a page (its location the base) or with a fetch of the app that resolves it, goes', async () => {
    vi.stubGlobal('location', new URL('http://collector.test/page'));
    try {
      expect(await createFetchTransport({ url: '/events' })(batch, {})).toEqual({ status: 200, body: { accepted: 1 } });
    } finally {
      vi.unstubAllGlobals();
    }
    const resolving = ((input: string, init?: RequestInit) => fetch(new URL(input, URL_), init)) as typeof fetch;
    expect(await createFetchTransport({ url: '/events', fetch: resolving })(batch, {})).toMatchObject({ status: 200 });
    expect(seen).toHaveLength(2);
  });

  it('throws a ConfigError without a url', () => {
    expect(() => createFetchTransport({ url: '' })).toThrow(ConfigError);
    expect(() => createFetchTransport({} as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS', issues: [expect.objectContaining({ path: 'url' })] }),
    );
    expect(() => createFetchTransport({ url: URL_, fetch: 'x' as never })).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: 'fetch' })] }),
    );
  });

  it('throws a ConfigError when the runtime has no fetch and none is given', () => {
    vi.stubGlobal('fetch', undefined);
    try {
      expect(() => createFetchTransport({ url: URL_ })).toThrow(/no global fetch/);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
