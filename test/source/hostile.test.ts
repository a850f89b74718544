/**
 * The source against servers and hosts that misbehave, on real loopback servers: a storage whose writes
 * throw (a full localStorage), a server that keeps sending the same refused ruleset without an ETag, two
 * clients of one process writing one cache file, signed events whose checks finish out of order, an ETag
 * that is no header value, shutdown with two polls in flight or with stream events still being checked. No
 * promise is left rejected unhandled (a Node process would end on it).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileCache } from '../../src/source/file-cache.js';
import { createClient, type SplitkitClient, type SplitkitError } from '../../src/index.js';
import { serve, type TestServer } from '../collector/support/server.js';
import { createMemoryStorage, rulesetWith, settle, settleUntil, signingKey } from './helpers.js';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
const clients: SplitkitClient[] = [];
const servers: TestServer[] = [];
beforeEach(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterEach(async () => {
  for (const client of clients.splice(0)) await client.shutdown();
  for (const server of servers.splice(0)) await server.close();
  process.off('unhandledRejection', onUnhandled);
  unhandled.length = 0;
  vi.restoreAllMocks();
});

const streamEvent = (etag: string, body: string): string =>
  `event: ruleset\nid: ${etag}\ndata: ${JSON.stringify({ etag, body })}\n\n`;

describe('a cache storage whose writes throw (a full localStorage, a custom storage)', () => {
  it('costs the cache only: a fetched or streamed ruleset is in use, no failure is reported, nothing rejects unhandled', async () => {
    const server = await serve((request, response) => {
      if (request.headers.accept === 'text/event-stream') {
        response.writeHead(200, { 'Content-Type': 'text/event-stream' });
        response.write(streamEvent('"v2"', JSON.stringify(rulesetWith(false, '2026-02-01T00:00:00Z'))));
        return;
      }
      response.writeHead(200, { 'Content-Type': 'application/json', ETag: '"v1"' });
      response.end(JSON.stringify(rulesetWith(true)));
    });
    servers.push(server);
    const writes: string[] = [];
    const full = {
      get: () => null,
      set(key: string): boolean {
        writes.push(key);
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      },
      remove() {},
    };
    const errors: SplitkitError[] = [];
    const client = createClient({
      environment: 'server',
      onError: (error) => errors.push(error),
      source: { url: `${server.url}/ruleset.json`, stream: true, cache: full, pollIntervalMs: 60_000 },
    });
    clients.push(client);
    await expect(client.ready()).resolves.toBe('network');
    await settleUntil(() => !client.checkGate('g', { userID: 'u1' }));
    expect(client.checkGate('g', { userID: 'u1' })).toBe(false);
    await settle();
    // Both rulesets were offered to the cache, which refused them.
    expect(writes).toHaveLength(2);
    expect(errors).toEqual([]);
    expect(client.status()).toEqual({ origin: 'network', stale: false, ready: true });
    expect(unhandled).toEqual([]);
  });
});

describe('a refused ruleset sent again without an ETag', () => {
  it('is reported once, not at every poll; each time still counts as a failure; another body is reported', async () => {
    let body = '{"gates": 5}';
    let polls = 0;
    const server = await serve((_request, response) => {
      polls++;
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
    });
    servers.push(server);
    const errors: SplitkitError[] = [];
    const client = createClient({
      environment: 'server',
      onError: (error) => errors.push(error),
      ruleset: rulesetWith(true),
      source: { url: `${server.url}/ruleset.json`, cache: false, pollIntervalMs: 50, staleAfterMs: 0 },
    });
    clients.push(client);
    await settleUntil(() => polls >= 5);
    expect(polls).toBeGreaterThanOrEqual(5);
    expect(errors.map((error) => error.message)).toEqual([expect.stringContaining('gates')]);
    expect(client.status().stale).toBe(true);
    expect(client.checkGate('g', { userID: 'u1' })).toBe(true);
    body = '[]';
    await settleUntil(() => errors.length > 1);
    expect(errors.map((error) => error.code)).toEqual(['INVALID_RULESET', 'INVALID_RULESET']);
    expect(errors[1]!.message).toContain(`ruleset from ${server.url}/ruleset.json`);
    expect(unhandled).toEqual([]);
  });
});

describe('two clients of one process with the same cacheFile', () => {
  it('write it whole: one entry or the other, never a mix of both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'splitkit-shared-cache-'));
    for (let round = 0; round < 5; round++) {
      const path = join(dir, `cache-${round}.json`);
      const long = { body: 'a'.repeat(400_000), etag: '"a"', savedAt: 1 };
      const short = { body: 'b'.repeat(100_000), etag: '"b"', savedAt: 2 };
      fileCache(path, 1_000_000).save(long);
      fileCache(path, 1_000_000).save(short);
      let text = '';
      await settleUntil(() => {
        text = readFileSync(path, { encoding: 'utf8', flag: 'a+' });
        return text === JSON.stringify(long) || text === JSON.stringify(short);
      }, 2_000);
      // Both wrote one temporary file, interleaved: the short entry, then the end of the long one.
      expect([JSON.stringify(long), JSON.stringify(short)]).toContain(text);
    }
  });
});

describe('signed rulesets streamed one after the other', () => {
  it('are put in use in the order they arrived, however long each signature takes to check', async () => {
    const key = await signingKey();
    // No updatedAt or revision: nothing but the order tells the newest.
    const ruleset = (name: string) => JSON.stringify({ gates: { [name]: { enabled: true, rules: [] } } });
    const signed = async (name: string) => {
      const body = ruleset(name);
      return { etag: `"${name}"`, body, signature: await key.sign(body) };
    };
    const [v1, v2, v3] = await Promise.all([signed('v1'), signed('v2'), signed('v3')]);
    const server = await serve((request, response) => {
      if (request.headers.accept === 'text/event-stream') {
        response.writeHead(200, { 'Content-Type': 'text/event-stream' });
        for (const event of [v2!, v3!])
          response.write(`event: ruleset\nid: ${event.etag}\ndata: ${JSON.stringify(event)}\n\n`);
        return;
      }
      response.writeHead(200, {
        'Content-Type': 'application/json',
        ETag: v1!.etag,
        'Splitkit-Signature': v1!.signature,
      });
      response.end(v1!.body);
    });
    servers.push(server);
    // The check of v2 (a larger ruleset, a busy thread pool) ends after that of v3, which arrived later.
    const verify = crypto.subtle.verify.bind(crypto.subtle);
    const checked: string[] = [];
    vi.spyOn(crypto.subtle, 'verify').mockImplementation(async (algorithm, key, signature, data) => {
      const text = new TextDecoder().decode(data as Uint8Array);
      if (text === v2!.body) await new Promise((resolve) => setTimeout(resolve, 100));
      checked.push(text);
      return verify(algorithm, key, signature, data);
    });
    const errors: SplitkitError[] = [];
    const client = createClient({
      environment: 'server',
      onError: (error) => errors.push(error),
      source: { url: `${server.url}/ruleset.json`, stream: true, cache: false, publicKeys: [key.publicKey] },
    });
    clients.push(client);
    await expect(client.ready()).resolves.toBe('network');
    await settleUntil(() => checked.length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(Object.keys(client.getRuleset().gates ?? {})).toEqual(['v3']);
    expect(errors).toEqual([]);
    expect(unhandled).toEqual([]);
  });
});

describe('a streamed ETag that cannot go in a header (a character past U+00FF, a line break)', () => {
  it('is not sent back: the polls and the stream go on, and the next ruleset is taken', async () => {
    const requests: { accept?: string; ifNoneMatch?: string; lastEventId?: string }[] = [];
    let streams = 0;
    const server = await serve((request, response) => {
      requests.push({
        accept: request.headers.accept,
        ifNoneMatch: request.headers['if-none-match'] as string | undefined,
        lastEventId: request.headers['last-event-id'] as string | undefined,
      });
      if (request.headers.accept === 'text/event-stream') {
        response.writeHead(200, { 'Content-Type': 'text/event-stream' });
        // The first stream sends v2 under an ETag no header can carry, then ends; later ones send nothing.
        if (streams++ === 0)
          response.end(streamEvent('"v2-€"', JSON.stringify(rulesetWith(false, '2026-02-01T00:00:00Z'))));
        return;
      }
      const [etag, ruleset] =
        requests.length === 1 ? ['"v1"', rulesetWith(true)] : ['"v3"', rulesetWith(true, '2026-03-01T00:00:00Z')];
      response.writeHead(200, { 'Content-Type': 'application/json', ETag: etag }).end(JSON.stringify(ruleset));
    });
    servers.push(server);
    const errors: SplitkitError[] = [];
    const client = createClient({
      environment: 'server',
      onError: (error) => errors.push(error),
      source: { url: `${server.url}/ruleset.json`, stream: true, cache: false, pollIntervalMs: 60_000 },
    });
    clients.push(client);
    await client.ready();
    const changes: string[] = [];
    client.subscribe(() => changes.push(client.getRuleset().updatedAt ?? ''));
    // v2 from the stream; the stream ends; the catch-up poll brings v3.
    await settleUntil(() => changes.length >= 2);
    expect(changes).toEqual(['2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z']);
    expect(client.status()).toEqual({ origin: 'network', stale: false, ready: true });
    // The poll after v2 went out without If-None-Match (the ETag could not be sent); the stream reconnects.
    await settleUntil(() => streams >= 2);
    expect(requests.filter((r) => r.accept !== 'text/event-stream').map((r) => r.ifNoneMatch)).toEqual([
      undefined,
      undefined,
    ]);
    expect(errors.map((error) => error.message)).toEqual([expect.stringContaining('closed by the server')]);
    expect(unhandled).toEqual([]);
  });
});

describe('shutdown() with two polls in flight', () => {
  it('aborts both: the catch-up poll of a dropped stream does not hide the one before it', async () => {
    const pollSignals: AbortSignal[] = [];
    let openStream: ((response: Response) => void) | undefined;
    let endStream: (() => void) | undefined;
    let answered = false;
    const fetch = (_url: unknown, init?: RequestInit): Promise<Response> => {
      const signal = init!.signal!;
      if (new Headers(init!.headers).get('accept') === 'text/event-stream')
        return new Promise((resolve) => {
          openStream = resolve;
        });
      // The first poll is answered; the later ones hang until aborted.
      if (!answered) {
        answered = true;
        return Promise.resolve(new Response(JSON.stringify(rulesetWith(true)), { headers: { ETag: '"v1"' } }));
      }
      pollSignals.push(signal);
      return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    };
    const client = createClient({
      environment: 'server',
      onError: () => {},
      source: { url: 'http://flags.test/ruleset.json', stream: true, cache: false, pollIntervalMs: 30, fetch },
    });
    clients.push(client);
    await client.ready();
    // The stream is still connecting: a poll falls due and hangs.
    await settleUntil(() => pollSignals.length === 1 && openStream !== undefined);
    expect(pollSignals).toHaveLength(1);
    // The stream opens, then the server ends it: the catch-up poll goes out beside the one in flight.
    openStream!(
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            endStream = () => controller.close();
          },
        }),
        { headers: { 'Content-Type': 'text/event-stream' } },
      ),
    );
    await settleUntil(() => endStream !== undefined);
    endStream!();
    await settleUntil(() => pollSignals.length === 2);
    expect(pollSignals).toHaveLength(2);
    await client.shutdown();
    expect(pollSignals.map((signal) => signal.aborted)).toEqual([true, true]);
  });
});

describe('shutdown() while stream events wait for their signature checks', () => {
  it('ends them: no refusal is reported and the cache is not written after it', async () => {
    const key = await signingKey();
    const body = JSON.stringify(rulesetWith(true));
    const signature = await key.sign(body);
    const forged = JSON.stringify(rulesetWith(false, '2026-02-01T00:00:00Z'));
    const server = await serve((request, response) => {
      if (request.headers.accept === 'text/event-stream') {
        response.writeHead(200, { 'Content-Type': 'text/event-stream' });
        // A forged ruleset (checked slowly, below), then the one in use again: a confirmation.
        response.write(
          `event: ruleset\nid: "forged"\ndata: ${JSON.stringify({ etag: '"forged"', body: forged, signature })}\n\n`,
        );
        response.write(`event: ruleset\nid: "v1"\ndata: ${JSON.stringify({ etag: '"v1"', body, signature })}\n\n`);
        return;
      }
      response.writeHead(200, { 'Content-Type': 'application/json', ETag: '"v1"', 'Splitkit-Signature': signature });
      response.end(body);
    });
    servers.push(server);
    const verify = crypto.subtle.verify.bind(crypto.subtle);
    let slow = 0;
    vi.spyOn(crypto.subtle, 'verify').mockImplementation(async (algorithm, publicKey, sig, data) => {
      if (new TextDecoder().decode(data as Uint8Array) === forged) {
        slow++;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return verify(algorithm, publicKey, sig, data);
    });
    const storage = createMemoryStorage();
    const writes: number[] = [];
    const set = storage.set.bind(storage);
    storage.set = (name, value) => {
      writes.push(Date.now());
      return set(name, value);
    };
    const errors: SplitkitError[] = [];
    const client = createClient({
      environment: 'server',
      onError: (error) => errors.push(error),
      source: { url: `${server.url}/ruleset.json`, stream: true, cache: storage, publicKeys: [key.publicKey] },
    });
    await expect(client.ready()).resolves.toBe('network');
    expect(writes).toHaveLength(1);
    await settleUntil(() => slow > 0);
    await client.shutdown();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await settle();
    expect(errors).toEqual([]);
    expect(writes).toHaveLength(1);
    expect(unhandled).toEqual([]);
  });
});
