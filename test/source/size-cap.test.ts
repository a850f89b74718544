/**
 * `source.maxBytes` over HTTP (msw) and on the file cache: a body whose Content-Length is over the cap is
 * refused unread, one without a length is cancelled once past it, one exactly at it is taken; the refusal
 * is reported with the URL and the limit, the last good ruleset stays in use and ready() still resolves.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rulesetWith, sourceClient, URL_ } from './helpers.js';

type Reply = () => Response;
let reply: Reply = () => new HttpResponse(null, { status: 503 });
const server = setupServer(http.get(URL_, () => reply()));

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  await import('../../src/source/start-source.js');
  await import('../../src/source/file-cache.js');
});
afterEach(() => {
  vi.restoreAllMocks();
  // No handler carries over: a test whose own fetch were bypassed would meet the previous test's body.
  reply = () => new HttpResponse(null, { status: 503 });
});
afterAll(() => server.close());

const CHUNK = 16_384;

/** A body of `chunks` chunks of 16 KiB made on demand, recording how many were pulled and whether it was cancelled. */
function endless(chunks = 1_000) {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (seen.pulled++ === chunks) controller.close();
        else controller.enqueue(new Uint8Array(CHUNK).fill(0x20));
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, seen };
}

/** A ruleset text of exactly `bytes` bytes (UTF-8; `é` is two), padded with spaces after the JSON. */
function rulesetOf(bytes: number): string {
  const text = JSON.stringify(rulesetWith(false, '2026-02-01T00:00:00Z', { params: { p: { default: 'é' } } }));
  return text + ' '.repeat(bytes - new TextEncoder().encode(text).byteLength);
}

const tooLarge = (limit: number) => `ruleset from ${URL_} refused: larger than source.maxBytes (${limit} bytes)`;

/** A client that starts from an accepted ruleset (gate on), fetching once with a cap of `maxBytes`. */
function capped(maxBytes?: number, source = {}) {
  return sourceClient({ pollIntervalMs: 0, maxBytes, ...source }, { ruleset: rulesetWith(true) });
}

describe('source.maxBytes', () => {
  /** Replies with a new endless body for each request (a refusal is retried), `headers` on it; returns what each saw. */
  function endlessReplies(headers: Record<string, string>) {
    const bodies: { pulled: number; cancelled: boolean }[] = [];
    reply = () => {
      const { stream, seen } = endless();
      bodies.push(seen);
      return new HttpResponse(stream, { headers });
    };
    return bodies;
  }

  it('refuses a body whose Content-Length is over the cap without reading it; the last good ruleset stays', async () => {
    const bodies = endlessReplies({ 'Content-Length': String(1_000 * CHUNK), ETag: '"big"' });
    const { client, errors } = capped(100_000);
    await expect(client.ready()).resolves.toBe('static');
    expect(errors.map((e) => [e.code, e.message])).toEqual([['INVALID_RULESET', tooLarge(100_000)]]);
    expect(client.checkGate('g', { userID: 'u1' })).toBe(true);
    expect(client.status()).toEqual({ origin: 'static', stale: false, ready: true });
    await client.shutdown();
    // Nothing of the body was asked for: refused on its length.
    expect(bodies.length).toBeGreaterThanOrEqual(1);
    expect(bodies.every((seen) => seen.pulled <= 1)).toBe(true);
  });

  it('counts a body without Content-Length as it arrives and stops reading once past the cap', async () => {
    const bodies = endlessReplies({ ETag: '"big"' });
    const { client, errors } = capped(100_000);
    await expect(client.ready()).resolves.toBe('static');
    expect(errors.map((e) => [e.code, e.message])).toEqual([['INVALID_RULESET', tooLarge(100_000)]]);
    expect(client.checkGate('g', { userID: 'u1' })).toBe(true);
    await client.shutdown();
    // 100,000 bytes are 7 chunks: the 16 MB body stopped there, not downloaded and buffered whole.
    expect(bodies.length).toBeGreaterThanOrEqual(1);
    expect(bodies.every((seen) => seen.pulled <= 10)).toBe(true);
  });

  it('cancels the body it refuses, with or without a length: the rest is never downloaded', async () => {
    // Through source.fetch: msw keeps a copy of each response, which a cancel does not reach.
    for (const length of [{ 'Content-Length': String(1_000 * CHUNK) }, {}] as Record<string, string>[]) {
      const bodies: { pulled: number; cancelled: boolean }[] = [];
      const send = async () => {
        const { stream, seen } = endless();
        bodies.push(seen);
        return new Response(stream, { headers: length });
      };
      const { client, errors } = capped(100_000, { fetch: send });
      await client.ready();
      expect(errors.map((e) => e.message)).toEqual([tooLarge(100_000)]);
      await client.shutdown();
      expect(bodies.length).toBeGreaterThanOrEqual(1);
      await vi.waitFor(() => expect(bodies.every((seen) => seen.cancelled)).toBe(true));
    }
  });

  it('takes a body of exactly maxBytes bytes (with or without a length), refuses one byte more', async () => {
    const text = rulesetOf(5_000);
    for (const declared of [true, false])
      for (const [maxBytes, taken] of [
        [5_000, true],
        [4_999, false],
      ] as const) {
        const bytes = new TextEncoder().encode(text);
        const body = declared
          ? bytes
          : new ReadableStream<Uint8Array>({
              start(controller) {
                // In two chunks: the count runs over the body, not one chunk.
                controller.enqueue(bytes.slice(0, 3_000));
                controller.enqueue(bytes.slice(3_000));
                controller.close();
              },
            });
        reply = () =>
          new HttpResponse(body, {
            headers: { ETag: '"v2"', ...(declared ? { 'Content-Length': String(bytes.byteLength) } : {}) },
          });
        const { client, errors } = capped(maxBytes);
        await client.ready();
        expect({ declared, maxBytes, gate: client.checkGate('g', { userID: 'u1' }), errors: errors.length }).toEqual({
          declared,
          maxBytes,
          gate: !taken,
          errors: taken ? 0 : 1,
        });
        if (taken) expect(client.getParam('p', '')).toBe('é');
        await client.shutdown();
      }
  });

  it('defaults to 16 MiB', async () => {
    // Declared lengths only: nothing that large is sent.
    for (const [length, refused] of [
      [2 ** 24, false],
      [2 ** 24 + 1, true],
    ] as const) {
      reply = () => new HttpResponse(endless(0).stream, { headers: { 'Content-Length': String(length) } });
      const { client, errors } = capped();
      await client.ready();
      // Under the cap the body is read: it is shorter than declared, a transport failure.
      expect(errors.map((e) => e.message)).toEqual([
        refused ? tooLarge(2 ** 24) : `ruleset ${URL_}: truncated (0 of ${length} bytes)`,
      ]);
      await client.shutdown();
    }
  });

  it('retries a refused body with the backoff of a failure; a later ruleset within the cap is put in use', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    let requests = 0;
    const good = rulesetOf(1_000);
    reply = () => {
      requests++;
      return requests === 1
        ? new HttpResponse(endless().stream, { headers: { ETag: '"big"' } })
        : new HttpResponse(good, { headers: { ETag: '"v2"' } });
    };
    const { client, errors } = capped(10_000);
    await client.ready();
    expect(client.checkGate('g', { userID: 'u1' })).toBe(true);
    // Random 0: the retry comes at once.
    await vi.waitFor(() => expect(client.checkGate('g', { userID: 'u1' })).toBe(false));
    expect(client.status()).toEqual({ origin: 'network', stale: false, ready: true });
    expect(errors.map((e) => e.code)).toEqual(['INVALID_RULESET']);
    await client.shutdown();
  });

  it('reads a body that is no web stream (node-fetch, a polyfill) whole, refusing it unread when its length is over', async () => {
    const text = rulesetOf(2_000);
    let read = 0;
    const signals: AbortSignal[] = [];
    // A Node stream, as node-fetch gives (no getReader), or no body at all, as whatwg-fetch's polyfill gives.
    const send = (length: number | null, body?: object) => async (_url: unknown, init?: RequestInit) => {
      signals.push(init!.signal!);
      return {
        ok: true,
        status: 200,
        headers: new Headers({ ...(length === null ? {} : { 'Content-Length': String(length) }), ETag: '"v2"' }),
        body,
        arrayBuffer: async () => (read++, new TextEncoder().encode(text).buffer),
      } as unknown as Response;
    };
    for (const fetch of [send(2_000, { pipe() {} }), send(null)]) {
      const fine = capped(2_000, { fetch });
      await fine.client.ready();
      expect(fine.client.checkGate('g', { userID: 'u1' })).toBe(false);
      expect(fine.errors).toEqual([]);
      await fine.client.shutdown();
      // Without a length, only reading it shows it is too large.
      const over = capped(1_999, { fetch });
      await over.client.ready();
      expect(over.errors.map((e) => e.message)).toEqual([tooLarge(1_999)]);
      await over.client.shutdown();
    }
    // The one body refused on its length was never read, and a refused request is aborted (node-fetch frees its socket).
    expect(read).toBe(3);
    expect(signals.map((signal) => signal.aborted)).toEqual([false, true, false, true]);
  });

  it("takes a body whose Content-Length is no number (a proxy's junk): only a numeric length can call it truncated", async () => {
    const text = rulesetOf(2_000);
    const send = (length: string) => async () =>
      new Response(text, { headers: { 'Content-Length': length, ETag: '"v2"' } }) as Response;
    // Headers keeps whatever it is given; a real HTTP stack would refuse the response earlier.
    for (const [length, taken] of [
      ['abc', true],
      ['2000, 2000', true],
      ['2001', false],
    ] as const) {
      const { client, errors } = capped(10_000, { fetch: send(length) });
      await client.ready();
      expect({ length, gate: client.checkGate('g', { userID: 'u1' }), errors: errors.map((e) => e.message) }).toEqual({
        length,
        gate: !taken,
        errors: taken ? [] : [`ruleset ${URL_}: truncated (2000 of 2001 bytes)`],
      });
      await client.shutdown();
    }
  });

  it('ignores a cache file over three times maxBytes plus 64 KiB, and uses one within it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'splitkit-cache-')), 'ruleset-cache.json');
    const entry = (bytes: number) => {
      const text = JSON.stringify({ body: JSON.stringify(rulesetWith(true)), etag: '"v1"', savedAt: Date.now() });
      // Whitespace after the JSON: the file is `bytes` long and still a valid entry.
      return text + ' '.repeat(bytes - text.length);
    };
    reply = () => new HttpResponse(null, { status: 503 });
    const limit = 3 * 10_000 + 65_536;
    for (const [bytes, origin] of [
      [limit, 'cache'],
      [limit + 1, 'none'],
    ] as const) {
      writeFileSync(file, entry(bytes));
      const { client } = sourceClient({ pollIntervalMs: 0, maxBytes: 10_000, cacheFile: file, cache: undefined });
      expect({ bytes, origin: await client.ready() }).toEqual({ bytes, origin });
      await client.shutdown();
    }
  });
});
