/**
 * A source whose server cannot be reached. Node's fetch throws `TypeError: fetch failed` for every network problem
 * and keeps which one in `cause`: the report read `ruleset http://127.0.0.1:…/ruleset.json: fetch failed`, the
 * same for a server that is down, a host name that does not resolve and a certificate error. It now carries the
 * cause, for the poll and the stream alike.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
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
  it('is reported with the cause of fetch failed, on the poll and on the stream', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/ruleset.json`;
    const { client, errors } = sourceClient({ url, pollIntervalMs: 60_000, stream: true });
    expect(await client.ready()).toBe('none');
    await vi.waitFor(() => expect(errors.some((e) => e.message.startsWith('ruleset stream'))).toBe(true), {
      timeout: 10_000,
    });
    await client.shutdown();
    const messages = errors.map((error) => error.message);
    expect(messages).toContain(`ruleset ${url}: fetch failed (connect ECONNREFUSED 127.0.0.1:${new URL(url).port})`);
    expect(messages).toContain(
      `ruleset stream ${url}: fetch failed (connect ECONNREFUSED 127.0.0.1:${new URL(url).port})`,
    );
  });
});
