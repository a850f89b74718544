/**
 * A source whose server cannot be reached. Node's fetch throws `TypeError: fetch failed` for every network problem
 * and keeps which one in `cause`: the report read `ruleset http://127.0.0.1:…/ruleset.json: fetch failed`, the
 * same for a server that is down, a host name that does not resolve and a certificate error. The poll's report
 * now carries the cause (the stream's, which follows it, is left short: its chunk is loaded on browsers too).
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { sourceClient } from './helpers.js';

/** A loopback port that refuses connections: bound once, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('a ruleset server that refuses the connection', () => {
  it('is reported with the cause of fetch failed', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/ruleset.json`;
    const { client, errors } = sourceClient({ url, pollIntervalMs: 60_000 });
    expect(await client.ready()).toBe('none');
    await client.shutdown();
    expect(errors.map((error) => error.message)).toEqual([
      `ruleset ${url}: fetch failed (connect ECONNREFUSED 127.0.0.1:${new URL(url).port})`,
    ]);
  });
});

describe('a custom source.fetch that rejects with what cannot be written as text', () => {
  it.each([
    ['a Symbol', Symbol('x'), 'Symbol(x)'],
    [
      'an error whose cause has a Symbol message',
      new Error('fetch failed', { cause: { message: Symbol('y') } }),
      'fetch failed',
    ],
    ['a null-prototype object', Object.create(null), '[unprintable object]'],
  ])('is still reported naming the URL: %s', async (_name, thrown, text) => {
    const url = 'https://flags.test/ruleset.json';
    const { client, errors } = sourceClient({ url, pollIntervalMs: 60_000, fetch: () => Promise.reject(thrown) });
    expect(await client.ready()).toBe('none');
    await client.shutdown();
    expect(errors.map((error) => error.message)).toEqual([`ruleset ${url}: ${text}`]);
  });
});
