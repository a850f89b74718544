/**
 * `splitkit serve` with ruleset streams open: a stream lasts as long as its
 * visitor stays, so counted in `--max-connections` a few hundred subscribed
 * tabs held every slot and every event batch got 503 for as long as they
 * stayed. Streams now have their own cap, `--max-streams`.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServe } from './support/spawn-serve.js';
import type { ChildCli } from '../collector/support/child-collector.js';
import { batch, custom } from '../collector/support/events.js';
import { openEventStream } from './support/sse.js';
import type { EventStreamReader } from './support/sse.js';

// Room for the test's own short requests (their idle keep-alive connections count) beside the streams.
const MAX_CONNECTIONS = 4;
const MAX_STREAMS = 6;

describe('splitkit serve: streams and the connection cap', () => {
  let dir: string;
  let cli: ChildCli;
  let origin: string;
  const readers: EventStreamReader[] = [];

  async function openStream(): Promise<number> {
    const { status, reader } = await openEventStream(`${origin}/ruleset.json`);
    readers.push(reader);
    // The first frame proves the stream is open on the server (and counted, or not).
    if (status === 200) await reader.next();
    return status;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'splitkit-serve-streams-'));
    await copyFile(new URL('../../examples/quickstart/ruleset.json', import.meta.url), join(dir, 'ruleset.json'));
    ({ cli, origin } = await spawnServe(dir, [
      '--max-connections',
      String(MAX_CONNECTIONS),
      '--max-streams',
      String(MAX_STREAMS),
    ]));
  });

  afterAll(async () => {
    for (const reader of readers) reader.close();
    if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
    await cli.exited;
    await rm(dir, { recursive: true, force: true });
  });

  it('accepts batches and polls while as many streams are open as --max-connections allows connections', async () => {
    for (let i = 0; i < MAX_CONNECTIONS; i++) expect(await openStream()).toBe(200);
    const answer = await fetch(`${origin}/events`, { method: 'POST', body: JSON.stringify(batch([custom()])) });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ accepted: 1, duplicates: 0 });
    const poll = await fetch(`${origin}/ruleset.json`);
    expect(poll.status).toBe(200);
    await poll.arrayBuffer();
  });

  it('answers a stream past --max-streams 503 with Retry-After, and serves again once one closes', async () => {
    while (readers.length < MAX_STREAMS) expect(await openStream()).toBe(200);
    const refused = await fetch(`${origin}/ruleset.json`, { headers: { Accept: 'text/event-stream' } });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toEqual({ error: 'too many streams' });
    expect(await (await fetch(`${origin}/healthz`)).json()).toMatchObject({ streams: MAX_STREAMS });

    readers.shift()!.close();
    let status = 0;
    // Bounded: the server notices the closed stream within a few milliseconds.
    for (let i = 0; i < 100 && status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      status = await openStream();
    }
    expect(status).toBe(200);
  });
});
